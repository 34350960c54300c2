/**
 * The port implementations over the simulated services, one set per account. Like the real
 * adapter, this layer turns "not found" into `null`, URL-decodes the role's trust policy and
 * redacts Airflow configuration values; every call goes through {@link invoke}.
 */
import { partitionOfRegion } from '../../domain/partitions';
import { AwsError } from '../errors';
import type {
  AwsPorts,
  DeletionTaskReport,
  Environment,
  MwaaPort,
  NetworkPort,
  PolicyDocument,
  ServiceLinkedRole,
  ServiceLinkedRolePort,
} from '../port';
import { invoke, type CallTarget, type ResultCopy } from './calls';
import { describedLogging } from './describe';
import type { Ec2Service } from './ec2';
import type { FaultBook } from './faults';
import { deepCopy } from './freeze';
import { serviceLinkedRoleArn, type IamService } from './iam';
import type { MwaaService } from './mwaa';
import type { RegionGate } from './regionGate';
import type { PortOperation } from './types';
import type { AccountState, DeletionTaskRecord, EnvironmentRecord, RoleRecord, World } from './world';

/** What the port layer needs from the simulator. */
export interface PortContext {
  world: World;
  faults: FaultBook;
  mwaa: MwaaService;
  iam: IamService;
  ec2: Ec2Service;
  regions: RegionGate;
}

/** GetEnvironment's view of a record: configuration values are redacted as `***`. */
export function toEnvironment(env: EnvironmentRecord): Environment {
  // The spec's members first, in its order, each a copy; then what MWAA adds, each by name: past
  // 16 members, members added by computed key would turn the answer into a slow dictionary.
  const spec = env.spec as unknown as Record<string, unknown>;
  const members: Record<string, unknown> = {};
  // The logging configuration keeps its place but is replaced below by what GetEnvironment describes, so it is not copied.
  for (const key of Object.keys(spec)) {
    if (key !== 'airflowConfigurationOptions') members[key] = key === 'loggingConfiguration' ? undefined : deepCopy(spec[key]);
  }
  const environment = members as unknown as Environment;
  environment.arn = env.arn;
  environment.status = env.status;
  environment.createdAt = env.createdAt;
  environment.serviceRoleArn = serviceLinkedRoleArn(env.accountId, partitionOfRegion(env.region));
  environment.webserverUrl = env.webserverUrl;
  environment.lastUpdate = deepCopy(env.lastUpdate);
  environment.databaseVpcEndpointService = env.databaseVpcEndpointService;
  environment.celeryExecutorQueue = env.celeryExecutorQueue;
  if (env.webserverVpcEndpointService) environment.webserverVpcEndpointService = env.webserverVpcEndpointService;
  const logging = describedLogging(env);
  if (logging) environment.loggingConfiguration = logging;
  // GetEnvironment carries `Tags: {}` for an environment without tags.
  if (environment.tags === undefined) environment.tags = {};
  const { airflowConfigurationOptions } = env.spec;
  if (airflowConfigurationOptions) {
    environment.airflowConfigurationOptions = Object.fromEntries(Object.keys(airflowConfigurationOptions).map((k) => [k, '***']));
  }
  return environment;
}

/** The domain view of IAM's role: the trust policy decoded from its URL-encoded wire form. */
export function toServiceLinkedRole(role: RoleRecord): ServiceLinkedRole {
  const result: ServiceLinkedRole = {
    roleName: role.roleName,
    roleId: role.roleId,
    arn: role.arn,
    path: role.path,
    createdAt: role.createdAt,
    trustPolicy: JSON.parse(decodeURIComponent(role.assumeRolePolicyDocument)) as PolicyDocument,
    maxSessionDuration: role.maxSessionDuration,
  };
  if (role.description !== undefined) result.description = role.description;
  return result;
}

function toReport(task: DeletionTaskRecord): DeletionTaskReport {
  const report: DeletionTaskReport = { status: task.status, roleUsage: task.roleUsage };
  if (task.reason !== undefined) report.reason = task.reason;
  return report;
}

/** `null` for NotFound, the error otherwise: absent is a value, not an exception. */
function nullIfNotFound<T>(read: () => T): T | null {
  try {
    return read();
  } catch (e) {
    if (e instanceof AwsError && e.code === 'NotFound') return null;
    throw e;
  }
}

/** The three ports of one account. */
export function createPorts(ctx: PortContext, accountId: string): AwsPorts {
  const account = (): AccountState => ctx.world.account(accountId);
  const through =
    (copy: ResultCopy) =>
    <T>(operation: PortOperation, signal: AbortSignal | undefined, body: () => T, region?: string, target?: string): Promise<T> => {
      const target_: CallTarget = { accountId, operation };
      if (region !== undefined) target_.region = region;
      if (target !== undefined) target_.target = target;
      const reach = region === undefined ? undefined : () => ctx.regions.refusal(operation, region);
      return invoke(ctx.world, ctx.faults, target_, signal, body, reach, copy);
    };
  /** A call whose answer may hold references into the world: the caller gets a deep copy. */
  const call = through('copy');
  /**
   * A call whose answer is built afresh for it (here, or by EC2's `toEndpoint` / `toInterface`),
   * sharing nothing with the world, so no copy is needed; `test/simulator/portAnswerIsolation.test.ts` holds them to it.
   */
  const owned = through('owned');

  const mwaa: MwaaPort = {
    createEnvironment: (region, spec, signal) =>
      owned('mwaa.createEnvironment', signal, () => ({ arn: ctx.mwaa.create(account(), region, spec).arn }), region, spec.name),
    getEnvironment: (region, name, signal) =>
      owned('mwaa.getEnvironment', signal, () => nullIfNotFound(() => toEnvironment(ctx.mwaa.get(account(), region, name))), region, name),
    updateEnvironment: (region, update, signal) =>
      owned('mwaa.updateEnvironment', signal, () => ({ arn: ctx.mwaa.update(account(), region, update).arn }), region, update.name),
    deleteEnvironment: (region, name, signal) =>
      call('mwaa.deleteEnvironment', signal, () => ctx.mwaa.delete(account(), region, name), region, name),
    listEnvironments: (region, signal) => call('mwaa.listEnvironments', signal, () => ctx.mwaa.list(account(), region), region),
    tagResource: (region, arn, tags, signal) =>
      call('mwaa.tagResource', signal, () => ctx.mwaa.tagResource(account(), region, arn, tags), region, arn),
    untagResource: (region, arn, tagKeys, signal) =>
      call('mwaa.untagResource', signal, () => ctx.mwaa.untagResource(account(), region, arn, tagKeys), region, arn),
    listTagsForResource: (region, arn, signal) =>
      call('mwaa.listTagsForResource', signal, () => ctx.mwaa.listTagsForResource(account(), region, arn), region, arn),
  };

  const serviceLinkedRole: ServiceLinkedRolePort = {
    getRole: (signal) => owned('iam.getRole', signal, () => nullIfNotFound(() => toServiceLinkedRole(ctx.iam.getRole(account())))),
    createRole: (options, signal) =>
      owned('iam.createRole', signal, () => toServiceLinkedRole(ctx.iam.createRole(account(), options.description))),
    updateDescription: (description, signal) =>
      owned('iam.updateDescription', signal, () => toServiceLinkedRole(ctx.iam.updateDescription(account(), description))),
    deleteRole: (signal) => owned('iam.deleteRole', signal, () => ({ deletionTaskId: ctx.iam.deleteRole(account()) })),
    getDeletionStatus: (deletionTaskId, signal) =>
      call(
        'iam.getDeletionStatus',
        signal,
        () => nullIfNotFound(() => toReport(ctx.iam.deletionStatus(account(), deletionTaskId))),
        undefined,
        deletionTaskId,
      ),
  };

  const network: NetworkPort = {
    listRegions: (signal) => call('ec2.listRegions', signal, () => ctx.regions.list()),
    listManagedVpcEndpoints: (region, signal, filter) =>
      owned('ec2.listManagedVpcEndpoints', signal, () => ctx.ec2.listManagedEndpoints(account(), region, filter?.vpcIds), region),
    listNetworkInterfaces: (region, filter, signal) =>
      owned('ec2.listNetworkInterfaces', signal, () => ctx.ec2.listInterfaces(account(), region, filter), region),
  };

  return { mwaa, serviceLinkedRole, network };
}
