/**
 * Simulated MWAA control plane: the request checks of Create/Update/Delete/Get/List
 * (validation, names unique per account and region, the quota, status conflicts) in front of
 * the scheduled lifecycle. Raises wire-shaped errors; the port layer maps records to the domain.
 */
import {
  airflowVersionNotOfferedMessage,
  cannotBeUpdatedMessage,
  conflictMessage,
  deletedCannotBeDeletedMessage,
  duplicateEnvironmentMessage,
  duplicateNameOtherMessage,
  environmentNotFoundMessage,
  environmentQuotaMessage,
  executionRoleMissingMessage,
  otherPartitionMessage,
  sourceBucketMissingMessage,
  workerQuotaMessage,
} from '../../domain/awsMessages';
import { EnvironmentStatus, UpdateStatus, type EnvironmentSpec, type EnvironmentUpdate, type ModuleLogging } from '../port';
import { TAG_LIMITS, validateEnvironmentArn, validateTagKeys, validateTags } from '../../domain/tagValidation';
import { validateEnvironmentName, validateEnvironmentSpec, validateEnvironmentUpdate } from '../../domain/validation';
import { invalidRequest } from '../../domain/validationPrimitives';
import { partitionFacts, partitionOfArn, partitionOfRegion } from '../../domain/partitions';
import { DEFAULT_WEEKLY_MAINTENANCE_WINDOW_START, loggingWithDefaults } from './describe';
import type { Ec2Service } from './ec2';
import { wireError } from './faults';
import type { IamService } from './iam';
import { EnvironmentLifecycle } from './lifecycle';
import type { EnvironmentPlan, PortOperation } from './types';
import type { ListedEnvironments } from './uncertainty';
import { envKey, type AccountState, type EnvironmentRecord, type World } from './world';

/** Statuses in which an environment is busy with an operation. */
const BUSY: ReadonlySet<EnvironmentStatus> = new Set<EnvironmentStatus>([
  'CREATING',
  'UPDATING',
  'CREATING_SNAPSHOT',
  'ROLLING_BACK',
  'DELETING',
  'PENDING',
  'MAINTENANCE',
]);
/** PENDING is busy for updates, but a customer may give up on it and delete. */
const DELETABLE: ReadonlySet<EnvironmentStatus> = new Set<EnvironmentStatus>(['AVAILABLE', 'CREATE_FAILED', 'UPDATE_FAILED', 'UNAVAILABLE', 'PENDING']);
const UPDATABLE: ReadonlySet<EnvironmentStatus> = new Set<EnvironmentStatus>(['AVAILABLE', 'UPDATE_FAILED']);

/** The statuses ListEnvironments leaves out, per `listedEnvironments` variant. */
const UNLISTED: Readonly<Record<ListedEnvironments, ReadonlySet<EnvironmentStatus>>> = {
  all: new Set(),
  notDeleted: new Set<EnvironmentStatus>(['DELETED']),
  notDeletingOrDeleted: new Set<EnvironmentStatus>(['DELETING', 'DELETED']),
};

/** MWAA's page size limit for ListEnvironments (MaxResults 1-25). */
const LIST_PAGE_SIZE = 25;

/** The MWAA side of the simulator. */
export class MwaaService {
  readonly lifecycle: EnvironmentLifecycle;

  constructor(
    private readonly world: World,
    private readonly iam: IamService,
    private readonly ec2: Ec2Service,
  ) {
    this.lifecycle = new EnvironmentLifecycle(world, ec2);
  }

  /** CreateEnvironment: checks, SLR creation when missing, then CREATING. */
  create(account: AccountState, region: string, spec: EnvironmentSpec): EnvironmentRecord {
    const op: PortOperation = 'mwaa.createEnvironment';
    this.validate(op, validateEnvironmentSpec(spec));
    this.checkOffer(op, spec);
    this.checkReferences(op, region, spec);
    this.validate(op, this.ec2.subnetProblem(account, spec.networkConfiguration.subnetIds));
    const key = envKey(region, spec.name);
    // MWAA knows the name is taken even while GetEnvironment still misses the new environment.
    if (account.environments.has(key)) throw wireError(op, 'ValidationException', this.duplicateMessage(spec.name));
    const inRegion = [...account.environments.values()].filter((e) => e.region === region && e.status !== 'DELETED').length;
    if (inRegion >= this.world.environmentQuota) {
      throw wireError(op, 'ValidationException', environmentQuotaMessage(region, this.world.environmentQuota));
    }
    this.iam.ensureRole(account);

    const { ids } = this.world.rng;
    const full = withDefaults(spec, this.world.defaultAirflowVersion);
    const privateWebserver = full.webserverAccessMode !== 'PUBLIC_ONLY';
    const partition = partitionFacts(partitionOfRegion(region));
    const now = this.world.now();
    const env: EnvironmentRecord = {
      instanceId: ids.hex(16),
      accountId: account.id,
      region,
      name: spec.name,
      arn: `arn:${partition.name}:airflow:${region}:${account.id}:environment/${spec.name}`,
      spec: full,
      status: EnvironmentStatus.CREATING,
      createdAt: now,
      lastUpdate: { status: UpdateStatus.PENDING, createdAt: now },
      // Whether MWAA includes the https:// scheme is UNVERIFIED; the bare host is what consoles show.
      webserverUrl: `${ids.uuid()}${privateWebserver ? '-vpce' : ''}.c${ids.int(1, 99)}.${region}.airflow.${partition.dnsSuffix}`,
      databaseVpcEndpointService: this.ec2.newServiceName(region),
      celeryExecutorQueue: `arn:${partition.name}:sqs:${region}:${ids.pick('0123456789', 12)}:airflow-celery-${ids.uuid()}`,
      vpcId: this.ec2.vpcOf(account, full.networkConfiguration.subnetIds),
      generation: 0,
      customerEndpointsReady: false,
      visibleAt: now + this.world.rng.durations.duration(this.world.uncertainty.createVisibilityLag),
    };
    if (privateWebserver) env.webserverVpcEndpointService = this.ec2.newServiceName(region);
    account.environments.set(key, env);

    const plan = this.takePlan(account, key, ['createFails', 'createDurationMs']);
    const duration = plan.createDurationMs ?? this.world.operationDuration('create');
    this.lifecycle.startCreate(account, env, duration, plan.createFails);
    return env;
  }

  /** UpdateEnvironment: only from AVAILABLE or UPDATE_FAILED. */
  update(account: AccountState, region: string, update: EnvironmentUpdate): EnvironmentRecord {
    const op: PortOperation = 'mwaa.updateEnvironment';
    this.validate(op, validateEnvironmentUpdate(update));
    this.checkOffer(op, update);
    this.checkReferences(op, region, update);
    const env = this.find(op, account, region, update.name);
    if (BUSY.has(env.status)) throw wireError(op, 'ValidationException', conflictMessage(env.status));
    if (!UPDATABLE.has(env.status)) throw wireError(op, 'ValidationException', cannotBeUpdatedMessage(env.status));
    const next = merge(env.spec, update);
    this.validate(op, validateEnvironmentSpec(next));
    const from = env.spec.airflowVersion ?? this.world.defaultAirflowVersion;
    const to = next.airflowVersion ?? from;
    if (from.split('.')[0] !== to.split('.')[0]) {
      // Major upgrades need a new environment. UNVERIFIED wording.
      this.validate(op, `Invalid request provided: Updating from Airflow ${from} to ${to} is not supported.`);
    }
    const plan = this.takePlan(account, envKey(region, update.name), ['updateFails', 'updateDurationMs']);
    this.lifecycle.startUpdate(account, env, {
      next,
      durationMs: plan.updateDurationMs ?? this.world.operationDuration('update'),
      versionChange: from !== to,
      ...(plan.updateFails ? { fails: plan.updateFails } : {}),
      ...(update.workerReplacementStrategy ? { workerReplacementStrategy: update.workerReplacementStrategy } : {}),
    });
    return env;
  }

  /** DeleteEnvironment. */
  delete(account: AccountState, region: string, name: string): void {
    const op: PortOperation = 'mwaa.deleteEnvironment';
    this.validate(op, validateEnvironmentName(name));
    const env = this.find(op, account, region, name);
    if (env.status === 'DELETED') throw wireError(op, 'ValidationException', deletedCannotBeDeletedMessage());
    if (!DELETABLE.has(env.status)) throw wireError(op, 'ValidationException', conflictMessage(env.status));
    const plan = this.takePlan(account, envKey(region, name), ['deleteDurationMs']);
    this.lifecycle.startDelete(account, env, plan.deleteDurationMs ?? this.world.operationDuration('delete'));
  }

  /** GetEnvironment: the record, or ResourceNotFoundException (also while a new environment is not visible yet). */
  get(account: AccountState, region: string, name: string): EnvironmentRecord {
    const op: PortOperation = 'mwaa.getEnvironment';
    this.validate(op, validateEnvironmentName(name));
    const env = this.find(op, account, region, name);
    if (!this.visible(env)) throw wireError(op, 'ResourceNotFoundException', environmentNotFoundMessage(name));
    return env;
  }

  /** ListEnvironments, every page: the visible environments the `listedEnvironments` uncertainty lets it name. */
  list(account: AccountState, region: string): string[] {
    const hidden = UNLISTED[this.world.uncertainty.listedEnvironments];
    const all = [...account.environments.values()]
      .filter((e) => e.region === region && this.visible(e) && !hidden.has(e.status))
      .map((e) => e.name);
    const names: string[] = [];
    let token: number | undefined = 0;
    // Paged as the service pages (MaxResults <= 25), so a page boundary bug would show up here.
    while (token !== undefined) {
      const page = all.slice(token, token + LIST_PAGE_SIZE);
      names.push(...page);
      token = token + LIST_PAGE_SIZE < all.length ? token + LIST_PAGE_SIZE : undefined;
    }
    return names;
  }

  /**
   * TagResource: adds or overwrites tags of the environment with this ARN in `region`. The
   * request is validated first; an unknown ARN is ResourceNotFoundException; nothing changes on
   * failure. More than 50 tags on the environment afterwards is refused (wording UNVERIFIED).
   */
  tagResource(account: AccountState, region: string, arn: string, tags: Record<string, string>): void {
    const op: PortOperation = 'mwaa.tagResource';
    this.validate(op, validateEnvironmentArn(arn) ?? validateTags(tags));
    const env = this.findByArn(op, account, region, arn);
    const next = { ...env.spec.tags, ...tags };
    if (Object.keys(next).length > TAG_LIMITS.maxTags) {
      this.validate(op, invalidRequest(`An environment can have at most ${TAG_LIMITS.maxTags} tags.`));
    }
    env.spec.tags = next;
  }

  /** UntagResource: removes the tags with these keys (absent keys are ignored). */
  untagResource(account: AccountState, region: string, arn: string, tagKeys: readonly string[]): void {
    const op: PortOperation = 'mwaa.untagResource';
    this.validate(op, validateEnvironmentArn(arn) ?? validateTagKeys(tagKeys));
    const env = this.findByArn(op, account, region, arn);
    const next = { ...env.spec.tags };
    for (const key of tagKeys) delete next[key];
    if (Object.keys(next).length === 0) delete env.spec.tags;
    else env.spec.tags = next;
  }

  /** ListTagsForResource: the environment's tags, `{}` when it has none. */
  listTagsForResource(account: AccountState, region: string, arn: string): Record<string, string> {
    const op: PortOperation = 'mwaa.listTagsForResource';
    this.validate(op, validateEnvironmentArn(arn));
    return { ...this.findByArn(op, account, region, arn).spec.tags };
  }

  /** Merges a plan for the next operations of an environment. */
  plan(account: AccountState, region: string, name: string, plan: EnvironmentPlan): void {
    const key = envKey(region, name);
    account.plans.set(key, { ...account.plans.get(key), ...plan });
  }

  /** The customer made the endpoints of a CUSTOMER-managed environment. */
  release(account: AccountState, region: string, name: string): void {
    const env = account.environments.get(envKey(region, name));
    if (!env) throw new RangeError(`no environment ${name} in ${region} of account ${account.id}`);
    this.lifecycle.release(account, env);
  }

  /** False while a just-created environment is still missing from reads. */
  private visible(env: EnvironmentRecord): boolean {
    return this.world.now() >= env.visibleAt;
  }

  /** The text of CreateEnvironment's duplicate-name ValidationException, as the uncertainty has it. */
  private duplicateMessage(name: string): string {
    return this.world.uncertainty.duplicateNameMessage === 'other' ? duplicateNameOtherMessage(name) : duplicateEnvironmentMessage(name);
  }

  private find(op: PortOperation, account: AccountState, region: string, name: string): EnvironmentRecord {
    const env = account.environments.get(envKey(region, name));
    if (!env) throw wireError(op, 'ResourceNotFoundException', environmentNotFoundMessage(name));
    return env;
  }

  /** The visible environment of `region` with this ARN, or ResourceNotFoundException (wording UNVERIFIED). */
  private findByArn(op: PortOperation, account: AccountState, region: string, arn: string): EnvironmentRecord {
    const env = [...account.environments.values()].find((e) => e.region === region && e.arn === arn);
    if (!env || !this.visible(env)) throw wireError(op, 'ResourceNotFoundException', `Resource ${arn} was not found.`);
    return env;
  }

  /** Refuses what this world's MWAA does not offer the account: an Airflow version, workers beyond the quota. */
  private checkOffer(op: PortOperation, request: { airflowVersion?: string | undefined; maxWorkers?: number | undefined }): void {
    const { airflowVersion, maxWorkers } = request;
    if (airflowVersion !== undefined && !this.world.airflowVersions.includes(airflowVersion)) {
      throw wireError(op, 'ValidationException', airflowVersionNotOfferedMessage(airflowVersion, this.world.airflowVersions));
    }
    if (maxWorkers !== undefined && maxWorkers > this.world.workerQuota) {
      throw wireError(op, 'ValidationException', workerQuotaMessage(maxWorkers, this.world.workerQuota));
    }
  }

  /**
   * The request's role, bucket and key exist where the environment lives: in its region's
   * partition, and (when the world lists them) among the roles and buckets that exist.
   */
  private checkReferences(
    op: PortOperation,
    region: string,
    request: { executionRoleArn?: string | undefined; sourceBucketArn?: string | undefined; kmsKey?: string | undefined },
  ): void {
    const partition = partitionOfRegion(region);
    const fields = { ExecutionRoleArn: request.executionRoleArn, SourceBucketArn: request.sourceBucketArn, KmsKey: request.kmsKey };
    for (const [field, arn] of Object.entries(fields)) {
      const found = arn === undefined ? null : partitionOfArn(arn);
      if (arn !== undefined && found !== null && found !== partition) throw wireError(op, 'ValidationException', otherPartitionMessage(field, arn, partition));
    }
    const { executionRoles, sourceBuckets } = this.world;
    if (request.executionRoleArn !== undefined && executionRoles !== null && !executionRoles.has(request.executionRoleArn)) {
      throw wireError(op, 'ValidationException', executionRoleMissingMessage(request.executionRoleArn));
    }
    if (request.sourceBucketArn !== undefined && sourceBuckets !== null && !sourceBuckets.has(request.sourceBucketArn)) {
      throw wireError(op, 'ValidationException', sourceBucketMissingMessage(request.sourceBucketArn));
    }
  }

  private validate(op: PortOperation, problem: string | null): void {
    if (problem !== null) throw wireError(op, 'ValidationException', problem);
  }

  /** Takes the given fields out of the environment's plan, leaving the rest for later operations. */
  private takePlan<K extends keyof EnvironmentPlan>(account: AccountState, key: string, fields: K[]): Partial<Pick<EnvironmentPlan, K>> {
    const plan = account.plans.get(key);
    const taken: Partial<Pick<EnvironmentPlan, K>> = {};
    if (!plan) return taken;
    for (const field of fields) {
      if (plan[field] !== undefined) taken[field] = plan[field];
      delete plan[field];
    }
    if (Object.keys(plan).length === 0) account.plans.delete(key);
    return taken;
  }
}

/** The configuration MWAA reports for a new environment: the request plus the documented defaults. */
function withDefaults(spec: EnvironmentSpec, airflowVersion: string): EnvironmentSpec {
  const micro = spec.environmentClass === 'mw1.micro';
  const full: EnvironmentSpec = structuredClone({
    environmentClass: 'mw1.small',
    airflowVersion,
    minWorkers: 1,
    maxWorkers: micro ? 1 : 10,
    schedulers: micro ? 1 : 2,
    minWebservers: micro ? 1 : 2,
    maxWebservers: micro ? 1 : 2,
    webserverAccessMode: 'PRIVATE_ONLY',
    endpointManagement: 'SERVICE',
    weeklyMaintenanceWindowStart: DEFAULT_WEEKLY_MAINTENANCE_WINDOW_START,
    ...spec,
  });
  // GetEnvironment reports every log module (and `Tags: {}`, added when describing: requests may not send it).
  full.loggingConfiguration = loggingWithDefaults(spec.loggingConfiguration);
  return full;
}

/** The configuration an update asks for: changed fields replace, logging merges per module, subnets stay. */
function merge(current: EnvironmentSpec, update: EnvironmentUpdate): EnvironmentSpec {
  const { name: _name, networkConfiguration, workerReplacementStrategy: _strategy, loggingConfiguration, ...changes } = update;
  const next: EnvironmentSpec = structuredClone(current);
  for (const [field, value] of Object.entries(changes)) {
    if (value !== undefined) (next as unknown as Record<string, unknown>)[field] = structuredClone(value);
  }
  if (networkConfiguration) next.networkConfiguration = { ...next.networkConfiguration, securityGroupIds: [...networkConfiguration.securityGroupIds] };
  if (loggingConfiguration) {
    const logging: Record<string, ModuleLogging | undefined> = { ...next.loggingConfiguration };
    for (const [module, config] of Object.entries(loggingConfiguration)) if (config) logging[module] = { ...config };
    next.loggingConfiguration = logging;
  }
  return next;
}
