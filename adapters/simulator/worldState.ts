/**
 * A simulated world as plain JSON, and back: its options, virtual time, PRNG positions, every
 * account's records, the steps it has scheduled, its fault book and its logs. A world restored from
 * this goes on exactly as the saved one would have, but for calls that were in flight when it was
 * saved (their caller retries them, as after a lost connection to AWS). Airflow configuration
 * values never leave the process: they are saved as MWAA shows them (`***`), keys kept.
 */
import type { EnvironmentSpec } from '../port';
import type { Ec2Service } from './ec2';
import { endpointTable, interfaceTable } from './ec2Tables';
import type { FaultBook, SavedFaults } from './faults';
import type { PendingStep } from './scheduledSteps';
import type { CallRecord, EnvironmentPlan, SimulatorOptions, WorldEvent } from './types';
import { envKey, type AccountState, type DeletionTaskRecord, type EndpointRecord, type EnvironmentRecord, type InterfaceRecord, type LogCounts, type RoleRecord, type World } from './world';

/** What a saved world says it is. */
export const SAVED_WORLD_FORMAT = 'mwaa-lifecycle/simulated-world';
/** The version of {@link SavedWorld}'s shape; a world saved in another is refused. */
export const SAVED_WORLD_VERSION = 1;

/** The simulator options a saved world was made with (no clock: a restored world gets its own). */
export type SavedSimulatorOptions = Omit<SimulatorOptions, 'clock' | 'faults' | 'rateLimits' | 'logLimit'> & {
  /** Entries each log keeps; `null` for no limit. */
  logLimit?: number | null;
};

/** One account's records. */
export interface SavedAccount {
  id: string;
  role: RoleRecord | null;
  activeTaskId: string | null;
  tasks: DeletionTaskRecord[];
  environments: EnvironmentRecord[];
  endpoints: EndpointRecord[];
  interfaces: InterfaceRecord[];
  subnetVpc: [string, string][];
  /** Subnets whose VPC was registered rather than derived. */
  registeredSubnets: [string, string][];
  plans: [string, EnvironmentPlan][];
}

/** A whole simulated world, as JSON can hold it. */
export interface SavedWorld {
  format: typeof SAVED_WORLD_FORMAT;
  version: typeof SAVED_WORLD_VERSION;
  options: SavedSimulatorOptions;
  /** Virtual time when it was saved, ms epoch. */
  now: number;
  /** Virtual time the world began. */
  began: number;
  /** Positions of the id, duration and fault streams. */
  rng: { ids: number; durations: number; faults: number };
  nextStepId: number;
  pending: PendingStep[];
  accounts: SavedAccount[];
  faults: SavedFaults;
  logs: { events: WorldEvent[]; calls: CallRecord[]; counts: LogCounts };
}

/** The parts of a simulator a saved world is read from and written into. */
export interface WorldParts {
  world: World;
  faults: FaultBook;
  ec2: Ec2Service;
}

/** The world as plain data (deep copies: later changes to the world do not reach it). */
export function saveWorld(parts: WorldParts, options: SavedSimulatorOptions, withLogs = true): SavedWorld {
  const { world, faults, ec2 } = parts;
  const saved: SavedWorld = structuredClone({
    format: SAVED_WORLD_FORMAT,
    version: SAVED_WORLD_VERSION,
    options,
    now: world.now(),
    began: world.startedAt,
    rng: { ids: world.rng.ids.position(), durations: world.rng.durations.position(), faults: world.rng.faults.position() },
    nextStepId: world.steps.nextId,
    pending: world.steps.list(),
    accounts: world.accountStates().map((account) => saveAccount(account, ec2)),
    faults: faults.save(),
    logs: withLogs ? { events: world.events(), calls: world.calls(), counts: world.logCounts() } : { events: [], calls: [], counts: world.logCounts() },
  });
  for (const account of saved.accounts) for (const env of account.environments) redactConfiguration(env.spec);
  for (const { step } of saved.pending) if (step.kind === 'environment' && step.action.do === 'finishUpdate') redactConfiguration(step.action.next);
  return saved;
}

/** Replaces every Airflow configuration value with `***`, as GetEnvironment shows them. */
function redactConfiguration(spec: EnvironmentSpec): void {
  const options = spec.airflowConfigurationOptions;
  if (options) spec.airflowConfigurationOptions = Object.fromEntries(Object.keys(options).map((key) => [key, '***']));
}

function saveAccount(account: AccountState, ec2: Ec2Service): SavedAccount {
  return {
    id: account.id,
    role: account.role,
    activeTaskId: account.activeTaskId,
    tasks: [...account.tasks.values()],
    environments: [...account.environments.values()],
    endpoints: [...account.endpoints.values()],
    interfaces: [...account.interfaces.values()],
    subnetVpc: [...account.subnetVpc.entries()],
    registeredSubnets: ec2.registeredSubnets(account),
    plans: [...account.plans.entries()],
  };
}

/** Puts a saved world's state into the parts of a new simulator made with the saved options, on a clock set to the saved time. */
export function loadWorld(parts: WorldParts, saved: SavedWorld): void {
  const { world, faults, ec2 } = parts;
  const copy = structuredClone(saved);
  world.rng.ids.resume(copy.rng.ids);
  world.rng.durations.resume(copy.rng.durations);
  world.rng.faults.resume(copy.rng.faults);
  const accounts = copy.accounts.map(loadAccount);
  world.load({ began: copy.began, accounts, pending: copy.pending, nextStepId: copy.nextStepId, events: copy.logs.events, calls: copy.logs.calls, counts: copy.logs.counts });
  copy.accounts.forEach((account, i) => {
    const state = accounts[i];
    for (const [subnet, vpcId] of account.registeredSubnets) if (state) ec2.registerSubnets(state, vpcId, [subnet]);
  });
  faults.load(copy.faults);
}

function loadAccount(saved: SavedAccount): AccountState {
  const endpoints = endpointTable();
  for (const endpoint of saved.endpoints) endpoints.set(endpoint.vpcEndpointId, endpoint);
  const interfaces = interfaceTable();
  for (const eni of saved.interfaces) interfaces.set(eni.networkInterfaceId, eni);
  return {
    id: saved.id,
    role: saved.role,
    activeTaskId: saved.activeTaskId,
    tasks: new Map(saved.tasks.map((t) => [t.id, t])),
    environments: new Map(saved.environments.map((e) => [envKey(e.region, e.name), e])),
    endpoints,
    interfaces,
    subnetVpc: new Map(saved.subnetVpc),
    plans: new Map(saved.plans),
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Why `json` is not a world this version can restore, or `null`. Checks the envelope and the shape
 * of every part the restore walks; the records themselves are the tool's own, written owner-only.
 */
export function savedWorldProblem(json: unknown): string | null {
  if (!isRecord(json) || json['format'] !== SAVED_WORLD_FORMAT) return 'it holds no simulated world';
  if (json['version'] !== SAVED_WORLD_VERSION) return `its simulated world has version ${String(json['version'])}, this tool reads version ${SAVED_WORLD_VERSION}`;
  if (!isRecord(json['options'])) return 'its simulated world has no options';
  if (!isTime(json['now']) || !isTime(json['began'])) return 'its simulated world has no virtual time';
  const rng = json['rng'];
  if (!isRecord(rng) || !['ids', 'durations', 'faults'].every((k) => Number.isInteger(rng[k]))) return 'its simulated world has no random streams';
  if (!Number.isInteger(json['nextStepId'])) return 'its simulated world has no step counter';
  const pending = json['pending'];
  if (!Array.isArray(pending) || !pending.every((p) => isRecord(p) && Number.isInteger(p['id']) && isTime(p['at']) && isRecord(p['step']) && typeof p['step']['kind'] === 'string')) {
    return 'its simulated world has malformed scheduled steps';
  }
  const accounts = json['accounts'];
  const lists = ['tasks', 'environments', 'endpoints', 'interfaces', 'subnetVpc', 'registeredSubnets', 'plans'];
  if (!Array.isArray(accounts) || !accounts.every((a) => isRecord(a) && typeof a['id'] === 'string' && lists.every((k) => Array.isArray(a[k])))) {
    return 'its simulated world has malformed accounts';
  }
  const faults = json['faults'];
  if (!isRecord(faults) || !Array.isArray(faults['rules']) || !Array.isArray(faults['scripted']) || !Array.isArray(faults['latency'])) return 'its simulated world has a malformed fault book';
  const logs = json['logs'];
  if (!isRecord(logs) || !Array.isArray(logs['events']) || !Array.isArray(logs['calls']) || !isRecord(logs['counts'])) return 'its simulated world has malformed logs';
  return null;
}
