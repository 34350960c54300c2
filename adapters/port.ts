/**
 * The ports: the narrow, domain-typed view of MWAA, IAM and EC2 that the machines use.
 * Two implementations exist: the simulator (`adapters/simulator/`) and the AWS SDK v3 adapter
 * (`adapters/aws/`). Both pass the contract suite in `test/contract/`.
 *
 * Conventions: every call takes an optional AbortSignal as its last argument; an absent resource
 * is `null`, never an exception; failures are {@link AwsError}s with a code.
 */
export type { AwsError, AwsErrorCode } from './errors';
import type { Environment, EnvironmentSpec, EnvironmentUpdate } from './environmentTypes';

export * from './environmentTypes';

/** A policy document, decoded. */
export interface PolicyDocument {
  Version: string;
  Statement: Array<Record<string, unknown>>;
}

/** The account's MWAA service-linked role. */
export interface ServiceLinkedRole {
  roleName: string;
  roleId: string;
  arn: string;
  path: string;
  /** ms since the epoch. */
  createdAt: number;
  description?: string;
  /** The trust policy, URL-decoded and parsed. */
  trustPolicy: PolicyDocument;
  maxSessionDuration?: number;
}

/** IAM's deletion-task statuses. */
export const DeletionTaskStatus = {
  NOT_STARTED: 'NOT_STARTED',
  IN_PROGRESS: 'IN_PROGRESS',
  SUCCEEDED: 'SUCCEEDED',
  FAILED: 'FAILED',
} as const;
/** IAM's deletion-task statuses. */
export type DeletionTaskStatus = (typeof DeletionTaskStatus)[keyof typeof DeletionTaskStatus];

/** Resources in one region that still use the role. */
export interface RoleUsage {
  region: string;
  resources: string[];
}

/** The state of an SLR deletion task. */
export interface DeletionTaskReport {
  status: DeletionTaskStatus;
  /** Why it failed, when it did. */
  reason?: string;
  /** What still uses the role; empty unless FAILED. */
  roleUsage: RoleUsage[];
}

/** A VPC endpoint that MWAA manages (tag key `AmazonMWAAManaged`). */
export interface ManagedVpcEndpoint {
  vpcEndpointId: string;
  vpcId: string;
  serviceName: string;
  /** Lower case, as on the wire: `available`, `pending`, `deleting`, ... */
  state: string;
  subnetIds: string[];
  securityGroupIds: string[];
  networkInterfaceIds: string[];
  tags: Record<string, string>;
}

/** A network interface in a customer VPC. */
export interface NetworkInterface {
  networkInterfaceId: string;
  vpcId: string;
  subnetId: string;
  securityGroupIds: string[];
  /** `available` (detached) or `in-use`, ... */
  status: string;
  /** e.g. `vpc_endpoint` or `interface`. */
  interfaceType: string;
  description: string;
  requesterManaged: boolean;
  tags: Record<string, string>;
}

/** Which network interfaces to list: all filters given must match. */
export interface NetworkInterfaceFilter {
  ids?: string[];
  vpcIds?: string[];
  subnetIds?: string[];
  securityGroupIds?: string[];
}

/** Which managed VPC endpoints to list: with `vpcIds`, only those in one of these VPCs (EC2's `vpc-id` filter). */
export interface ManagedEndpointFilter {
  /** An empty list matches nothing. EC2 bounds the values of one filter: the machines send at most 200. */
  vpcIds?: string[];
}

/** MWAA environments, per region. */
export interface MwaaPort {
  /** Starts creating an environment; returns its ARN. Does not wait. */
  createEnvironment(region: string, spec: EnvironmentSpec, signal?: AbortSignal): Promise<{ arn: string }>;
  /** Describes an environment, or `null` when it does not exist. */
  getEnvironment(region: string, name: string, signal?: AbortSignal): Promise<Environment | null>;
  /** Starts an update; returns the ARN. Does not wait. */
  updateEnvironment(region: string, update: EnvironmentUpdate, signal?: AbortSignal): Promise<{ arn: string }>;
  /** Starts deleting an environment. Does not wait. */
  deleteEnvironment(region: string, name: string, signal?: AbortSignal): Promise<void>;
  /** Names of every environment in the region (all pages). */
  listEnvironments(region: string, signal?: AbortSignal): Promise<string[]>;
  /**
   * Adds tags to an environment, or overwrites the values of keys it already has (MWAA
   * TagResource). Tags are how an environment's owner is recorded. `arn` is the environment's
   * ARN in `region`; `tags` holds 1-50 entries, keys 1-128 and values 1-256 characters of
   * `[\p{L}\p{Z}\p{N}_.:/=+\-@]`. Raises `InvalidInput` for a malformed ARN or tag before
   * anything changes, and `NotFound` (an error, not `null`) when no such environment exists.
   */
  tagResource(region: string, arn: string, tags: Record<string, string>, signal?: AbortSignal): Promise<void>;
  /**
   * Removes the tags with these keys from an environment (MWAA UntagResource); keys it does not
   * carry are ignored, and 0-50 keys may be given. Raises `InvalidInput` for a malformed ARN or
   * key before anything changes, and `NotFound` when no such environment exists.
   */
  untagResource(region: string, arn: string, tagKeys: string[], signal?: AbortSignal): Promise<void>;
  /**
   * The tags of an environment, `{}` when it has none (MWAA ListTagsForResource). Raises
   * `InvalidInput` for a malformed ARN and `NotFound` when no such environment exists.
   */
  listTagsForResource(region: string, arn: string, signal?: AbortSignal): Promise<Record<string, string>>;
}

/** The account's one MWAA service-linked role, `AWSServiceRoleForAmazonMWAA` (IAM is global). */
export interface ServiceLinkedRolePort {
  /** The role, or `null` when it does not exist (or is not visible yet). */
  getRole(signal?: AbortSignal): Promise<ServiceLinkedRole | null>;
  /** Creates the role; raises `AlreadyExists` when it is there. */
  createRole(options: { description?: string }, signal?: AbortSignal): Promise<ServiceLinkedRole>;
  /** Changes the description, the only editable part. */
  updateDescription(description: string, signal?: AbortSignal): Promise<ServiceLinkedRole>;
  /** Requests asynchronous deletion; repeating it while a task runs returns the same task id. */
  deleteRole(signal?: AbortSignal): Promise<{ deletionTaskId: string }>;
  /** The deletion task's state, or `null` when IAM no longer knows the task (it may have been purged). */
  getDeletionStatus(deletionTaskId: string, signal?: AbortSignal): Promise<DeletionTaskReport | null>;
}

/** A region as EC2 DescribeRegions (with `AllRegions`) reports it for the account. */
export interface AccountRegion {
  region: string;
  /** `opt-in-not-required`, `opted-in` or `not-opted-in`, as EC2 spells it. */
  optInStatus: string;
  /** True when the account can use the region: opt-in not required, or opted in. */
  enabled: boolean;
}

/** What MWAA leaves in customer VPCs, per region, and which regions the account can use. */
export interface NetworkPort {
  /** Every region of the account's partition, enabled or not (EC2 DescribeRegions with `AllRegions`). */
  listRegions(signal?: AbortSignal): Promise<AccountRegion[]>;
  /** Every VPC endpoint tagged `AmazonMWAAManaged` in the region that is not deleted (all pages), or only those the filter names. */
  listManagedVpcEndpoints(region: string, signal?: AbortSignal, filter?: ManagedEndpointFilter): Promise<ManagedVpcEndpoint[]>;
  /** Network interfaces matching the filter (all pages). */
  listNetworkInterfaces(region: string, filter: NetworkInterfaceFilter, signal?: AbortSignal): Promise<NetworkInterface[]>;
}

/** One account's ports, as the machines receive them. */
export interface AwsPorts {
  mwaa: MwaaPort;
  serviceLinkedRole: ServiceLinkedRolePort;
  network: NetworkPort;
}

/** The fixed names of the MWAA service-linked role. */
export const SERVICE_LINKED_ROLE = {
  roleName: 'AWSServiceRoleForAmazonMWAA',
  servicePrincipal: 'airflow.amazonaws.com',
  path: '/aws-service-role/airflow.amazonaws.com/',
  managedPolicyName: 'AmazonMWAAServiceRolePolicy',
  managedTagKey: 'AmazonMWAAManaged',
} as const;
