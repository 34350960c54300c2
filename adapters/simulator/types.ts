/**
 * The simulator's public vocabulary: options, timings, fault rules, plans, and what it reports
 * (inventory, world events, call records). Realism is data: everything here is
 * plain JSON so scenario files can carry it.
 */
import type { AwsErrorCode } from '../errors';
import type { PartitionName } from '../../domain/partitions';
import type {
  DeletionTaskStatus,
  EnvironmentStatus,
  ManagedVpcEndpoint,
  NetworkInterface,
  ServiceLinkedRole,
} from '../port';
import type { VirtualClock } from '../../domain/virtualClock';
import type { UncertaintyOption } from './uncertainty';
import type { RateLimits } from './rateLimits';

/** A span of virtual time; the simulator draws uniformly from it with its seeded PRNG. */
export interface DurationRange {
  /** Shortest duration, virtual ms. */
  minMs: number;
  /** Longest duration, virtual ms (inclusive). */
  maxMs: number;
}

/** How long things take in the simulated world, all in virtual ms. */
export interface SimulatorTimings {
  /** CreateEnvironment until AVAILABLE (or PENDING / CREATE_FAILED). Default 20-35 min. */
  create: DurationRange;
  /** UpdateEnvironment until AVAILABLE (or UPDATE_FAILED / UNAVAILABLE). Default 10-30 min. */
  update: DurationRange;
  /** DeleteEnvironment until DELETED. Default 10-25 min. */
  delete: DurationRange;
  /** The SLR-driven cleanup of endpoints and ENIs runs this long AFTER the environment disappears. Default: the uncertainty's `cleanupAfterDelete` (realistic 1-5 min). */
  cleanupAfterDelete: DurationRange;
  /** GetRole misses a just-created SLR for this long (eventual consistency). Default 2-10 s. */
  roleVisibilityLag: DurationRange;
  /** Deletion task NOT_STARTED -> IN_PROGRESS. Default 1-5 s. */
  slrDeletionStart: DurationRange;
  /** Deletion task IN_PROGRESS -> SUCCEEDED / FAILED. Default 10-60 s. */
  slrDeletionRun: DurationRange;
  /** A finished deletion task is purged after this long (its status is then `null`); 0 purges at once. Default: the uncertainty's `deletionTaskRetention` (realistic 10-30 min). */
  deletionTaskRetention: DurationRange;
  /** CUSTOMER endpoint management: PENDING -> CREATE_FAILED after this many ms. Default 72 h. */
  pendingTimeout: number;
  /** A DELETED environment stays visible this long before GetEnvironment returns null. Default: the uncertainty's `deletedVisibility` (realistic 1-2 min). (Addition to the agreed shape, hence optional.) */
  deletedVisibility?: DurationRange;
  /** A released PENDING environment becomes AVAILABLE after this long. Default 3-8 min. (Addition, hence optional.) */
  resumeAfterRelease?: DurationRange;
}

/** Every port operation the simulator serves, by port and method name (fault rules and scenario files name them). */
export const PORT_OPERATIONS = [
  'mwaa.createEnvironment',
  'mwaa.getEnvironment',
  'mwaa.updateEnvironment',
  'mwaa.deleteEnvironment',
  'mwaa.listEnvironments',
  'mwaa.tagResource',
  'mwaa.untagResource',
  'mwaa.listTagsForResource',
  'iam.getRole',
  'iam.createRole',
  'iam.updateDescription',
  'iam.deleteRole',
  'iam.getDeletionStatus',
  'ec2.listRegions',
  'ec2.listManagedVpcEndpoints',
  'ec2.listNetworkInterfaces',
] as const;
/** Every port operation the simulator serves, by port and method name. */
export type PortOperation = (typeof PORT_OPERATIONS)[number];

/** A random fault: calls matching the rule fail at `rate` with the service's throttling or 5xx error. */
export interface FaultRule {
  /** The operation, or `'*'` for all. */
  operation: PortOperation | '*';
  /**
   * `throttle`: MWAA ThrottlingException 429, IAM Throttling 400, EC2 RequestLimitExceeded 503;
   * `unavailable`: the service's 500 (MWAA InternalServerException, IAM ServiceFailure, EC2
   * InternalError); `serviceUnavailable`: MWAA ServiceUnavailableException 503, IAM ServiceFailure
   * 500, EC2 Unavailable 503. Both 5xx kinds code as `Unavailable` and are retryable.
   */
  kind: 'throttle' | 'unavailable' | 'serviceUnavailable';
  /** Probability per call, 0..1. */
  rate: number;
  /** Only calls to this region (IAM is global and never matches a region-scoped rule). */
  region?: string;
  /** Active from this virtual ms epoch (inclusive). */
  from?: number;
  /** Active until this virtual ms epoch (exclusive). */
  until?: number;
}

/** A scripted failure: the next `times` calls of `operation` fail with exactly this wire error. */
export interface ScriptedFailure {
  operation: PortOperation;
  /** How many calls fail. Default 1. */
  times?: number;
  /** The wire error name, e.g. `ValidationException`, `NoSuchEntity`, `RequestLimitExceeded`. */
  awsName: string;
  message: string;
  /** Default: the status AWS uses for `awsName`, else 400. */
  httpStatus?: number;
  /** Only calls to this region. */
  region?: string;
}

/** The outcome of the next create / update / delete of one environment. */
export interface EnvironmentPlan {
  /** The create ends CREATE_FAILED with this LastUpdate.Error. */
  createFails?: { errorCode: string; errorMessage: string };
  /** `rollback`: ROLLING_BACK -> UPDATE_FAILED; `unavailable`: ROLLING_BACK -> UNAVAILABLE; `available-with-failed-update`: AVAILABLE with LastUpdate FAILED. */
  updateFails?: 'rollback' | 'unavailable' | 'available-with-failed-update';
  /** Virtual ms the create takes. */
  createDurationMs?: number;
  /** Virtual ms the update takes. */
  updateDurationMs?: number;
  /** Virtual ms the delete takes (until DELETED). */
  deleteDurationMs?: number;
}

/**
 * Service maintenance of AVAILABLE environments: AVAILABLE → MAINTENANCE → AVAILABLE, with
 * `LastUpdate.Source` set to {@link MaintenanceOptions.source} and a GRACEFUL worker replacement.
 */
export interface MaintenanceOptions {
  /**
   * Virtual ms from the moment an environment becomes AVAILABLE to its next maintenance (for
   * tests). Default: the next start of its `weeklyMaintenanceWindowStart` (`DAY:HH:MM`, UTC).
   */
  everyMs?: number;
  /** How long MAINTENANCE lasts. Default 10-60 min (UNVERIFIED). */
  durationMs?: DurationRange;
  /** `LastUpdate.Source` of a maintenance. Default {@link MAINTENANCE_SOURCE} (UNVERIFIED text). */
  source?: string;
}

/** Operations that sometimes take far longer than usual, drawn with the seeded PRNG. */
export interface LongTailOptions {
  /** Chance, 0..1, that a create, update or delete takes a duration from its tail range. */
  probability: number;
  /** Tail of CreateEnvironment. Default 60-120 min (creates stuck in CREATING for 1-2 h are reported). */
  create?: DurationRange;
  /** Tail of UpdateEnvironment. Default: none (updates never draw from a tail). */
  update?: DurationRange;
  /** Tail of DeleteEnvironment. Default: none (deletes never draw from a tail). */
  delete?: DurationRange;
}

/** Options of {@link SimulatedAws}. */
export interface SimulatorOptions {
  /** The clock everything runs on. Default: a new VirtualClock. */
  clock?: VirtualClock;
  /** Seed of the PRNG behind durations, ids and fault draws. Default 1. */
  seed?: number;
  /** The default account. Default `'123456789012'`; more accounts come from `ports(otherId)`. */
  accountId?: string;
  /** Overrides of {@link DEFAULT_TIMINGS}. */
  timings?: Partial<SimulatorTimings>;
  /** Random faults active from the start. */
  faults?: FaultRule[];
  /** Environments per account per region. Default 10. */
  environmentQuota?: number;
  /**
   * The Airflow versions this world's MWAA offers. CreateEnvironment and UpdateEnvironment refuse
   * any other version with a ValidationException (its wording is UNVERIFIED), and a create that
   * names none gets the newest of them. Default: `AIRFLOW_VERSIONS` from `domain/airflowVersions`,
   * the versions AWS offers today. Must not be empty.
   */
  airflowVersions?: string[];
  /**
   * Workers per environment (MaxWorkers) the account may use: CreateEnvironment and
   * UpdateEnvironment refuse a larger `maxWorkers` with a ValidationException (its wording is
   * UNVERIFIED). Default 25, AWS's default quota; a raised quota is a larger value.
   */
  workerQuota?: number;
  /**
   * What the simulated AWS does where AWS's behaviour is unverified: `'realistic'` (the default),
   * `'worst'`, or overrides of either preset. Explicit `timings.deletedVisibility`,
   * `timings.cleanupAfterDelete` and `timings.deletionTaskRetention` win over its values.
   */
  uncertainty?: UncertaintyOption;
  /**
   * Throttling as AWS does it, off by default: a token bucket per account, operation and region
   * (IAM's is global); a call finding its bucket empty fails with the service's throttling error.
   */
  rateLimits?: RateLimits;
  /**
   * Service maintenance: an AVAILABLE environment goes AVAILABLE → MAINTENANCE → AVAILABLE at its
   * weekly window (or every `everyMs`); Update and Delete refuse it meanwhile, as for any busy
   * status, and a user's operation started before it cancels the pending maintenance. Default: off.
   */
  maintenance?: MaintenanceOptions;
  /**
   * Long-tail durations: with `probability`, a create, update or delete whose tail range is set
   * takes a duration from that range instead of its timing. A plan's duration still wins. Default: off.
   */
  longTail?: LongTailOptions;
  /**
   * The partition the simulated accounts live in: ARNs start `arn:<partition>:`, EC2 lists that
   * partition's regions, and a call to a region of another partition is refused as AWS refuses
   * credentials it does not know there. Default `'aws'`.
   */
  partition?: PartitionName;
  /**
   * The execution roles and buckets that exist. With a list, CreateEnvironment and
   * UpdateEnvironment refuse any role or bucket not on it with a ValidationException (its wording
   * is UNVERIFIED); without one, every well-formed ARN of the world's partition exists.
   * A role, bucket or key of another partition is always refused.
   */
  existingResources?: ExistingResources;
  /**
   * How many entries the world-event log and the call log each keep: the latest ones, older
   * ones are dropped first, so {@link SimulatedAws.events} and {@link SimulatedAws.calls} return
   * at most this many (their totals stay in {@link SimulatedAws.logCounts}). Default 100 000 each,
   * about 30 MB at most; `Infinity` keeps everything, about 20 KB per environment lifecycle.
   */
  logLimit?: number;
}

/** See {@link SimulatorOptions.existingResources}. */
export interface ExistingResources {
  /** IAM role ARNs that exist, e.g. `arn:aws:iam::123456789012:role/mwaa-execution`. */
  executionRoleArns?: string[];
  /** S3 bucket ARNs that exist, e.g. `arn:aws:s3:::my-dags`. */
  sourceBucketArns?: string[];
}

/** Everything that exists in one simulated account now. */
export interface SimulatedInventory {
  /** The role as IAM has it (even while GetRole still misses it). */
  serviceLinkedRole: ServiceLinkedRole | null;
  /** Every environment GetEnvironment would return, DELETED ones included. */
  environments: Array<{ region: string; name: string; arn: string; status: EnvironmentStatus }>;
  /** Every VPC endpoint; `orphaned` when the cleanup found no SLR to act through. */
  vpcEndpoints: Array<ManagedVpcEndpoint & { region: string; environmentName: string; orphaned: boolean }>;
  /** Every network interface, those lingering after their environment's cleanup included; `orphaned` as for endpoints. */
  networkInterfaces: Array<NetworkInterface & { region: string; environmentName: string; orphaned: boolean }>;
  /** Deletion tasks IAM still remembers. */
  deletionTasks: Array<{ id: string; status: DeletionTaskStatus }>;
}

/** The kinds of {@link WorldEvent}. */
export const WorldEventKind = {
  environmentStatus: 'environment.status',
  environmentGone: 'environment.gone',
  roleCreated: 'role.created',
  roleDeleted: 'role.deleted',
  roleDeletionRequested: 'role.deletionRequested',
  roleDeletionTask: 'role.deletionTask',
  cleanupDone: 'cleanup.done',
  cleanupSkipped: 'cleanup.skipped',
  endpointCreated: 'endpoint.created',
  endpointDeleted: 'endpoint.deleted',
  eniCreated: 'eni.created',
  eniDeleted: 'eni.deleted',
} as const;
/** The kinds of {@link WorldEvent}. */
export type WorldEventKind = (typeof WorldEventKind)[keyof typeof WorldEventKind];

/** A JSON value, so events stay serialisable. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A time-stamped change of the simulated world. */
export interface WorldEvent {
  /** Virtual ms epoch. */
  at: number;
  accountId: string;
  kind: WorldEventKind;
  region?: string;
  /** Environment name, for environment, endpoint, ENI and cleanup events. */
  name?: string;
  /** The new status, for `environment.status` and `role.deletionTask` (also in `detail.status`). */
  status?: string;
  /** Kind-specific facts (ids, task id, leftovers, role usage). */
  detail: { [key: string]: JsonValue };
}

/** One port call as the simulator served it. */
export interface CallRecord {
  /** Virtual ms epoch at which the call took effect (after its latency). */
  at: number;
  /** Virtual ms epoch at which the call was made. */
  startedAt: number;
  accountId: string;
  operation: PortOperation;
  region?: string;
  /** The environment name (its ARN for the tagging operations), or the deletion task id. */
  target?: string;
  /** `ok` when the port returned (a `null` for an absent resource included), else the error code. */
  outcome: 'ok' | AwsErrorCode;
}

const MINUTE = 60_000;
const SECOND = 1000;
const range = (minMs: number, maxMs: number): DurationRange => ({ minMs, maxMs });

/**
 * The default timings, from the AWS documentation and observed behaviour. `cleanupAfterDelete`,
 * `deletedVisibility` and `deletionTaskRetention` are unverified: unless `timings` sets them, the
 * simulator takes them from its uncertainty option; the values here are those of the realistic preset.
 */
export const DEFAULT_TIMINGS: Readonly<Required<SimulatorTimings>> = Object.freeze({
  create: range(20 * MINUTE, 35 * MINUTE),
  update: range(10 * MINUTE, 30 * MINUTE),
  delete: range(10 * MINUTE, 25 * MINUTE),
  cleanupAfterDelete: range(1 * MINUTE, 5 * MINUTE),
  roleVisibilityLag: range(2 * SECOND, 10 * SECOND),
  slrDeletionStart: range(1 * SECOND, 5 * SECOND),
  slrDeletionRun: range(10 * SECOND, 60 * SECOND),
  deletionTaskRetention: range(10 * MINUTE, 30 * MINUTE),
  pendingTimeout: 72 * 60 * MINUTE,
  deletedVisibility: range(1 * MINUTE, 2 * MINUTE),
  resumeAfterRelease: range(3 * MINUTE, 8 * MINUTE),
});

/** The default account id. */
export const DEFAULT_ACCOUNT_ID = '123456789012';

/** `LastUpdate.Source` of a service maintenance. UNVERIFIED text: the API only says the service sets it. */
export const MAINTENANCE_SOURCE = 'SERVICE';
