/**
 * Simulated MWAA control plane: the request checks of Create/Update/Delete/Get/List
 * (validation, names unique per account and region, the quota, status conflicts) in front of
 * the scheduled lifecycle. Raises wire-shaped errors; the port layer maps records to the domain.
 */
import {
  cannotBeUpdatedMessage,
  conflictMessage,
  deletedCannotBeDeletedMessage,
  duplicateEnvironmentMessage,
  duplicateNameOtherMessage,
  environmentNotFoundMessage,
  environmentQuotaMessage,
} from '../../domain/awsMessages';
import { EnvironmentStatus, UpdateStatus, type EnvironmentSpec, type EnvironmentUpdate } from '../port';
import { TAG_LIMITS, validateEnvironmentArn, validateTagKeys, validateTags } from '../../domain/tagValidation';
import { validateEnvironmentName, validateEnvironmentSpec, validateEnvironmentUpdate } from '../../domain/validation';
import { invalidRequest } from '../../domain/validationPrimitives';
import { partitionFacts, partitionOfRegion } from '../../domain/partitions';
import { merge, withDefaults } from './mwaaConfiguration';
import { checkOffer, checkReferences } from './mwaaRequestChecks';
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
    checkOffer(this.world, op, spec);
    checkReferences(this.world, op, region, spec);
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
    this.lifecycle.startCreate(env, duration, plan.createFails);
    return env;
  }

  /** UpdateEnvironment: only from AVAILABLE or UPDATE_FAILED. */
  update(account: AccountState, region: string, update: EnvironmentUpdate): EnvironmentRecord {
    const op: PortOperation = 'mwaa.updateEnvironment';
    this.validate(op, validateEnvironmentUpdate(update));
    checkOffer(this.world, op, update);
    checkReferences(this.world, op, region, update);
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
    this.lifecycle.startUpdate(env, {
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
    this.lifecycle.startDelete(env, plan.deleteDurationMs ?? this.world.operationDuration('delete'));
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
    this.lifecycle.release(env);
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
