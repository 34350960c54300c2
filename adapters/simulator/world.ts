/**
 * The simulated world's state: accounts with their role, deletion tasks, environments, endpoints
 * and interfaces, plus the shared clock, PRNG streams, event log and call log. The services
 * (mwaa.ts, iam.ts, ec2.ts) change it; the ports only read it through them.
 */
import type { PendingStep } from './scheduledSteps';
import { StepSchedule } from './stepSchedule';
import type {
  DeletionTaskStatus,
  EnvironmentSpec,
  EnvironmentStatus,
  LastUpdate,
  ManagedVpcEndpoint,
  NetworkInterface,
  PolicyDocument,
  RoleUsage,
  ServiceLinkedRole,
} from '../port';
import { AIRFLOW_VERSIONS, newestAirflowVersion } from '../../domain/airflowVersions';
import { DEFAULT_WORKER_QUOTA } from '../../domain/capacity';
import { partitionFacts, type PartitionName } from '../../domain/partitions';
import type { VirtualClock } from '../../domain/virtualClock';
import { drawDuration, resolveLongTail, resolveMaintenance, type LongTail, type Maintenance, type TimedOperation } from './maintenance';
import { prngStreams, type PrngStreams } from './random';
import {
  DEFAULT_ACCOUNT_ID,
  DEFAULT_TIMINGS,
  type CallRecord,
  type EnvironmentPlan,
  type ExistingResources,
  type JsonValue,
  type LongTailOptions,
  type MaintenanceOptions,
  type SimulatorTimings,
  type WorldEvent,
  type WorldEventKind,
} from './types';
import { endpointTable, interfaceTable, type EndpointTable, type InterfaceTable } from './ec2Tables';
import { BoundedLog, DEFAULT_LOG_LIMIT } from './boundedLog';
import { deepFreeze } from './freeze';
import { resolveUncertainty, type Uncertainty, type UncertaintyOption } from './uncertainty';

/** An environment as MWAA keeps it: the full, unredacted configuration and its progress. */
export interface EnvironmentRecord {
  /** Unique per incarnation, so a re-created environment of the same name owns different resources. */
  instanceId: string;
  accountId: string;
  region: string;
  name: string;
  arn: string;
  spec: EnvironmentSpec;
  status: EnvironmentStatus;
  createdAt: number;
  lastUpdate: LastUpdate;
  webserverUrl: string;
  databaseVpcEndpointService: string;
  webserverVpcEndpointService?: string;
  celeryExecutorQueue: string;
  vpcId: string;
  /** Bumped by every new operation; a scheduled transition from an older one then does nothing. */
  generation: number;
  /** The scheduled step of the 72-hour PENDING timeout, while it runs. */
  pendingStep?: number;
  /** CUSTOMER endpoint management: the customer has made the endpoints. */
  customerEndpointsReady: boolean;
  /** GetEnvironment and ListEnvironments find the environment only from this virtual time on (creation lag). */
  visibleAt: number;
}

/** The service-linked role as IAM stores it: the trust policy URL-encoded, as GetRole returns it. */
export interface RoleRecord extends Omit<ServiceLinkedRole, 'trustPolicy' | 'maxSessionDuration'> {
  /** RFC 3986 percent-encoded JSON, exactly as IAM sends `AssumeRolePolicyDocument`. */
  assumeRolePolicyDocument: string;
  permissionsPolicy: PolicyDocument;
  maxSessionDuration: number;
  /** GetRole finds the role only from this virtual time on (eventual consistency). */
  visibleAt: number;
}

/** One DeleteServiceLinkedRole task. */
export interface DeletionTaskRecord {
  id: string;
  status: DeletionTaskStatus;
  reason?: string;
  roleUsage: RoleUsage[];
}

/** Who a VPC endpoint or interface belongs to, and whether its cleanup was skipped. */
export interface Ownership {
  region: string;
  environmentName: string;
  /** The owning environment incarnation; `null` for resources the customer made. */
  ownerInstanceId: string | null;
  orphaned: boolean;
}

/** A VPC endpoint in the simulated EC2. */
export type EndpointRecord = ManagedVpcEndpoint & Ownership;
/** A network interface in the simulated EC2. */
export type InterfaceRecord = NetworkInterface & Ownership;

/** Everything in one account. */
export interface AccountState {
  id: string;
  role: RoleRecord | null;
  /** The task a repeated DeleteServiceLinkedRole returns while it has not finished. */
  activeTaskId: string | null;
  tasks: Map<string, DeletionTaskRecord>;
  /** Keyed by {@link envKey}. */
  environments: Map<string, EnvironmentRecord>;
  /** Indexed by region, so EC2's lists read only what can match. */
  endpoints: EndpointTable;
  /** Indexed by region, subnet and VPC, so EC2's lists read only what can match. */
  interfaces: InterfaceTable;
  /** Known subnets and their VPC. */
  subnetVpc: Map<string, string>;
  /** Plans for the next create/update/delete, keyed by {@link envKey}. */
  plans: Map<string, EnvironmentPlan>;
}

/** The key of an environment within its account. */
export const envKey = (region: string, name: string): string => `${region}/${name}`;

/** Optional parts of an event. */
export interface EventFields {
  region?: string;
  name?: string;
  status?: string;
  detail?: { [key: string]: JsonValue };
}

/** Options of {@link World}. */
export interface WorldOptions {
  clock: VirtualClock;
  seed: number;
  accountId?: string;
  timings?: Partial<SimulatorTimings>;
  environmentQuota?: number;
  /** The Airflow versions MWAA offers here; default `AIRFLOW_VERSIONS`. */
  airflowVersions?: readonly string[];
  /** Workers per environment; default {@link DEFAULT_WORKER_QUOTA}. */
  workerQuota?: number;
  uncertainty?: UncertaintyOption;
  /** Service maintenance windows; default off. */
  maintenance?: MaintenanceOptions;
  /** Long-tail operation durations; default off. */
  longTail?: LongTailOptions;
  /** The accounts' partition; default `aws`. */
  partition?: PartitionName;
  /** Which execution roles and buckets exist; default every well-formed ARN of the partition. */
  existingResources?: ExistingResources;
  /** Entries the event log and the call log each keep (the latest); default {@link DEFAULT_LOG_LIMIT}. */
  logLimit?: number;
}

/** Totals of the simulator's logs; see {@link World.logCounts}. */
export interface LogCounts {
  /** World events ever logged. */
  events: number;
  /** Port calls ever served. */
  calls: number;
  /** Events no longer kept because of the log limit. */
  droppedEvents: number;
  /** Call records no longer kept because of the log limit. */
  droppedCalls: number;
}

/** The timings the uncertainty decides unless `timings` names them explicitly. */
const UNCERTAIN_TIMINGS = ['deletedVisibility', 'cleanupAfterDelete', 'deletionTaskRetention'] as const;

/** The state and shared machinery of one simulated AWS. */
export class World {
  readonly clock: VirtualClock;
  readonly rng: PrngStreams;
  readonly timings: Readonly<Required<SimulatorTimings>>;
  /** The unverified behaviours in force; its timing fields agree with {@link World.timings}. */
  readonly uncertainty: Readonly<Uncertainty>;
  readonly defaultAccountId: string;
  readonly environmentQuota: number;
  /** The Airflow versions this world's MWAA offers. */
  readonly airflowVersions: readonly string[];
  /** The version a create that names none gets: the newest offered. */
  readonly defaultAirflowVersion: string;
  /** Workers per environment the accounts may use. */
  readonly workerQuota: number;
  /** Service maintenance in force, or `null` when off. */
  readonly maintenance: Readonly<Maintenance> | null;
  /** Long-tail durations in force, or `null` when off. */
  readonly longTail: Readonly<LongTail> | null;
  /** The partition every account of this world lives in. */
  readonly partition: PartitionName;
  /** Execution roles that exist, or `null` when every role ARN of the partition does. */
  readonly executionRoles: ReadonlySet<string> | null;
  /** Buckets that exist, or `null` when every bucket ARN of the partition does. */
  readonly sourceBuckets: ReadonlySet<string> | null;
  private readonly accounts = new Map<string, AccountState>();
  private readonly eventLog: BoundedLog<WorldEvent>;
  private readonly callLog: BoundedLog<CallRecord>;
  /** The steps the world will take later (status changes, cleanups, deletion task stages), as data. */
  readonly steps: StepSchedule;
  /** Log entries a restored world had appended and dropped before it was saved. */
  private earlier = { events: 0, calls: 0 };
  /** Virtual time the world began at; a restored world keeps the original. */
  private began: number;

  constructor(options: WorldOptions) {
    this.clock = options.clock;
    this.steps = new StepSchedule(options.clock);
    this.eventLog = new BoundedLog(options.logLimit ?? DEFAULT_LOG_LIMIT);
    this.callLog = new BoundedLog(options.logLimit ?? DEFAULT_LOG_LIMIT);
    this.rng = prngStreams(options.seed);
    // Spreading a Partial could write `undefined` over a default, so only defined overrides count.
    const overrides = Object.fromEntries(Object.entries(options.timings ?? {}).filter(([, v]) => v !== undefined));
    const uncertainty = resolveUncertainty(options.uncertainty);
    const uncertain = Object.fromEntries(UNCERTAIN_TIMINGS.map((key) => [key, uncertainty[key]]));
    this.timings = Object.freeze({ ...DEFAULT_TIMINGS, ...uncertain, ...overrides });
    // An explicit timing wins, so the uncertainty reports what is really in force.
    for (const key of UNCERTAIN_TIMINGS) uncertainty[key] = { ...this.timings[key] };
    this.uncertainty = deepFreeze(uncertainty);
    this.began = this.clock.now();
    this.defaultAccountId = options.accountId ?? DEFAULT_ACCOUNT_ID;
    this.environmentQuota = options.environmentQuota ?? 10;
    this.airflowVersions = Object.freeze([...(options.airflowVersions ?? AIRFLOW_VERSIONS)]);
    if (this.airflowVersions.length === 0) throw new RangeError('airflowVersions must offer at least one Airflow version');
    this.defaultAirflowVersion = newestAirflowVersion(this.airflowVersions);
    this.workerQuota = options.workerQuota ?? DEFAULT_WORKER_QUOTA;
    this.maintenance = resolveMaintenance(options.maintenance);
    this.longTail = resolveLongTail(options.longTail);
    this.partition = partitionFacts(options.partition ?? 'aws').name;
    this.executionRoles = arnSet('existingResources.executionRoleArns', options.existingResources?.executionRoleArns);
    this.sourceBuckets = arnSet('existingResources.sourceBucketArns', options.existingResources?.sourceBucketArns);
    assertAccountId(this.defaultAccountId);
  }

  /** Virtual time at which the world began (MWAA's later region launches count from here). */
  get startedAt(): number {
    return this.began;
  }

  /** A create, update or delete duration from its timing, or (long tails on) sometimes from its tail. */
  operationDuration(operation: TimedOperation): number {
    return drawDuration(this.rng.durations, this.timings[operation], operation, this.longTail);
  }

  /** Virtual now, ms epoch. */
  now(): number {
    return this.clock.now();
  }

  /** The account's state, created empty on first use. */
  account(id: string = this.defaultAccountId): AccountState {
    let account = this.accounts.get(id);
    if (!account) {
      assertAccountId(id);
      account = {
        id,
        role: null,
        activeTaskId: null,
        tasks: new Map(),
        environments: new Map(),
        endpoints: endpointTable(),
        interfaces: interfaceTable(),
        subnetVpc: new Map(),
        plans: new Map(),
      };
      this.accounts.set(id, account);
    }
    return account;
  }

  /** Every account the world holds. */
  accountStates(): AccountState[] {
    return [...this.accounts.values()];
  }

  /**
   * Puts saved state back into a new world: its accounts, its future steps (due at their saved
   * times, in their saved order), its logs and when it began. Only for a world nothing has used yet.
   */
  load(saved: { began: number; accounts: AccountState[]; pending: PendingStep[]; nextStepId: number; events: WorldEvent[]; calls: CallRecord[]; counts: LogCounts }): void {
    if (this.accounts.size > 0 || this.steps.size > 0 || this.eventLog.total > 0) throw new Error('a saved world loads only into a new one');
    this.began = saved.began;
    for (const account of saved.accounts) this.accounts.set(account.id, account);
    this.steps.load(saved.pending, saved.nextStepId);
    for (const event of saved.events) this.eventLog.push(event);
    for (const call of saved.calls) this.callLog.push(call);
    this.earlier = { events: saved.counts.events - saved.events.length, calls: saved.counts.calls - saved.calls.length };
  }

  /** Appends a world event stamped with the current virtual time. */
  emit(accountId: string, kind: WorldEventKind, fields: EventFields = {}): void {
    const event: WorldEvent = { at: this.now(), accountId, kind, detail: fields.detail ?? {} };
    if (fields.region !== undefined) event.region = fields.region;
    if (fields.name !== undefined) event.name = fields.name;
    if (fields.status !== undefined) {
      event.status = fields.status;
      event.detail = { status: fields.status, ...event.detail };
    }
    this.eventLog.push(event);
  }

  /** Appends a port call record. */
  record(call: CallRecord): void {
    this.callLog.push(call);
  }

  /** A copy of the event log's kept entries, oldest first. */
  events(): WorldEvent[] {
    return structuredClone(this.eventLog.entries());
  }

  /** A copy of the call log's kept entries, oldest first. */
  calls(): CallRecord[] {
    return structuredClone(this.callLog.entries());
  }

  /** How many events and calls were ever logged, and how many of them the logs' limit dropped. */
  logCounts(): LogCounts {
    const { events, calls } = this.earlier;
    return {
      events: events + this.eventLog.total,
      calls: calls + this.callLog.total,
      droppedEvents: events + this.eventLog.dropped,
      droppedCalls: calls + this.callLog.dropped,
    };
  }
}

/** A list of ARNs as a set, or `null` when not given; throws a RangeError naming `field` for anything but a list of ARNs. */
function arnSet(field: string, arns: unknown): ReadonlySet<string> | null {
  if (arns === undefined) return null;
  if (!Array.isArray(arns) || !arns.every((a) => typeof a === 'string' && a.startsWith('arn:'))) {
    throw new RangeError(`${field} must be a list of ARNs`);
  }
  return new Set(arns as string[]);
}

/** Throws unless `id` is a 12-digit AWS account id. */
export function assertAccountId(id: string): void {
  if (!/^\d{12}$/.test(id)) throw new RangeError(`"${id}" is not an AWS account id (12 digits)`);
}
