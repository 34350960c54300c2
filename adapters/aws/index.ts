/**
 * The AWS SDK v3 adapter: the ports of `adapters/port.ts` on real MWAA, IAM and EC2. This folder
 * is the only code that imports `@aws-sdk/*`.
 */
import { AwsError, AwsErrorCode, type AwsService } from '../errors';
import type { AwsPorts } from '../port';
import { isRegionName } from '../../domain/regions';
import { createAwsClients, type AwsClientOptions } from './clients';
import { createNetworkPort } from './ec2';
import { createServiceLinkedRolePort } from './iam';
import { createMwaaPort } from './mwaa';

/** Options of {@link createAwsPorts}. */
export interface AwsPortsOptions extends AwsClientOptions {
  /**
   * The service-linked role's name for the IAM calls. Default `AWSServiceRoleForAmazonMWAA`;
   * only emulators need another (moto creates `AWSServiceRoleForairflow`).
   */
  serviceLinkedRoleName?: string;
  /** Page sizes of the list calls; defaults are the largest each API allows. */
  pageSizes?: {
    /** ListEnvironments, 1-25. Default 25. */
    listEnvironments?: number;
    /** DescribeVpcEndpoints, 5-1000 (clamped into that range). Default 1000. */
    describeVpcEndpoints?: number;
    /** DescribeNetworkInterfaces, 5-1000 (clamped into that range). Default 1000. */
    describeNetworkInterfaces?: number;
  };
}

/** The ports plus a way to close the sockets of the clients the adapter created. */
export interface AwsAdapter extends AwsPorts {
  /** Closes the clients this adapter created; injected clients are left open. */
  destroy(): void;
}

function checkedRegion(service: AwsService, region: string): string {
  if (!isRegionName(region)) {
    throw new AwsError({
      code: AwsErrorCode.InvalidInput,
      message: `"${region}" is not an AWS region name (expected something like "eu-west-1")`,
      service,
      operation: 'region',
    });
  }
  return region;
}

/**
 * Creates the AWS ports. MWAA and EC2 clients are made per region on first use; IAM is global.
 *
 * @example
 * const aws = createAwsPorts({ maxAttempts: 5 });
 * const env = await aws.mwaa.getEnvironment('eu-west-1', 'my-env');
 * aws.destroy();
 */
export function createAwsPorts(options: AwsPortsOptions = {}): AwsAdapter {
  const clients = createAwsClients(options);
  return {
    mwaa: createMwaaPort((region) => clients.mwaa(checkedRegion('mwaa', region)), {
      ...(options.pageSizes?.listEnvironments === undefined ? {} : { pageSize: options.pageSizes.listEnvironments }),
    }),
    serviceLinkedRole: createServiceLinkedRolePort(() => clients.iam(), {
      ...(options.serviceLinkedRoleName === undefined ? {} : { roleName: options.serviceLinkedRoleName }),
    }),
    network: createNetworkPort((region) => clients.ec2(checkedRegion('ec2', region)), {
      homeRegion: options.region ?? 'us-east-1',
      ...(options.pageSizes?.describeVpcEndpoints === undefined ? {} : { vpcEndpointsPageSize: options.pageSizes.describeVpcEndpoints }),
      ...(options.pageSizes?.describeNetworkInterfaces === undefined
        ? {}
        : { networkInterfacesPageSize: options.pageSizes.describeNetworkInterfaces }),
    }),
    destroy: () => clients.destroy(),
  };
}

export type { AwsClientOptions, AwsCredentials, AwsCredentialsOption, MwaaClientLike, IamClientLike, Ec2ClientLike } from './clients';
export { CLIENT_SIDE_ERRORS, classifySdkError, toAwsError, type ClientSideErrorRule } from './errors';
export { decodePolicyDocument, serviceLinkedRoleDrift } from './iamMapping';
export {
  COMMAND_ACTIONS,
  DEPENDENT_ACTIONS,
  leastPrivilegePolicy,
  leastPrivilegePolicyJson,
  planPolicy,
  policyActions,
  policyJson,
  type LeastPrivilegePolicyOptions,
  type PassRoleOptions,
  type PlanPolicyOptions,
  type PolicyPlanEnvironment,
} from './policy';
