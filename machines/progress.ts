/**
 * Typed progress of a running orchestrator (or of a single environment or role machine): each
 * environment's status as MWAA reports it, what blocks the role, and the role's own task, derived
 * from the snapshots of every machine in the actor tree. Feed a {@link ProgressTracker} from
 * `startMachine`'s `onProgress`, from an `inspect` hook, or attach it to a running actor with
 * `observeProgress` (`waiters.ts`).
 */
import type { AnyActorRef, InspectionEvent } from 'xstate';
import type { DeletionTaskStatus, EnvironmentStatus } from '../adapters/port';
import type { AccountContext, AccountOutcome, GateWait } from './account.types';
import type { EnvironmentContext, EnvironmentOutcome } from './environment.types';
import type { ServiceLinkedRoleContext, ServiceLinkedRoleOutcome } from './serviceLinkedRole.types';
import { EXPECTED_DURATIONS } from './polling';
import type { Blocker, RegionProblem } from './survey';

/** Where one environment stands. */
export interface EnvironmentProgress {
  /** `region/name`. */
  key: string;
  region: string;
  name: string;
  operation: EnvironmentContext['operation'];
  /** The wait the machine is in: `create`, `pending`, `awaitIdle`, `update`, `delete` or `cleanup`. */
  phase: EnvironmentContext['phase'];
  /** The status MWAA last reported; `null` before the first answer or once the environment is gone. */
  status: EnvironmentStatus | null;
  /** When the current phase began (ms epoch, on the machines' clock). */
  since: number;
  /** Set once the machine has ended. */
  outcome: EnvironmentOutcome | null;
}

/** Where the role's machine stands. */
export interface RoleProgress {
  operation: ServiceLinkedRoleContext['operation'];
  /** Its top-level state, e.g. `lookingUp`, `deleting`. */
  state: string;
  /** The status of IAM's deletion task, once one was requested. */
  taskStatus: DeletionTaskStatus | null;
  outcome: ServiceLinkedRoleOutcome | null;
}

/** What keeps the role from being deleted, as the orchestrator's last survey found it. */
export interface BlockerProgress {
  blockers: Blocker[];
  /** Regions the survey could not read. */
  surveyErrors: RegionProblem[];
  waitReason: GateWait | null;
}

/** One change in the tree, with the time it was seen (ms epoch, on the tracker's clock). */
export type ProgressEvent =
  | ({ type: 'environment'; at: number } & EnvironmentProgress)
  | ({ type: 'role'; at: number } & RoleProgress)
  | ({ type: 'blockers'; at: number } & BlockerProgress)
  | { type: 'account'; at: number; state: string; outcome: AccountOutcome | null };

/** Everything known now. */
export interface ProgressView {
  /** The orchestrator's state (`provisioning`, `roleGate.blocked`, ...), or `null` without one. */
  account: string | null;
  environments: EnvironmentProgress[];
  role: RoleProgress | null;
  gate: BlockerProgress;
}

/** Options of {@link ProgressTracker}. */
export interface ProgressOptions {
  /** The clock the events are stamped with. Default `Date.now`; pass the simulator's clock for virtual time. */
  now?: () => number;
}

/** The parts of a snapshot progress is read from. */
export interface SnapshotLike {
  status?: string;
  value?: unknown;
  context?: unknown;
  output?: unknown;
  children?: Record<string, AnyActorRef | undefined>;
}

/** A state value as dotted text: `roleGate.blocked`. */
export const stateName = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : value !== null && typeof value === 'object'
      ? Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}.${stateName(v)}`).join(',')
      : '';

/** What tells actors apart: their id, and the logic they run (a name for children, the logic itself for a root). */
export interface ActorIdentity {
  id: string;
  src?: unknown;
}

/** Which machine an actor runs: the logic's name for children, the machine's id for a root. */
export function logicName(ref: ActorIdentity): string {
  if (typeof ref.src === 'string') return ref.src;
  const logic = ref.src as { id?: unknown } | undefined;
  return typeof logic?.id === 'string' ? logic.id : '';
}

const gateKey = (g: BlockerProgress): string => JSON.stringify([g.blockers, g.surveyErrors]);

/**
 * Turns snapshots of the machines in a tree into {@link ProgressEvent}s, one per change that
 * matters to a person watching (routine re-checks of a blocked role are not news), and keeps the
 * latest {@link ProgressView}.
 */
export class ProgressTracker {
  private readonly now: () => number;
  private readonly environments = new Map<string, EnvironmentProgress>();
  private readonly seen = new Map<string, string>();
  private role: RoleProgress | null = null;
  private account: string | null = null;
  private gate: BlockerProgress = { blockers: [], surveyErrors: [], waitReason: null };

  constructor(
    private readonly onEvent: (event: ProgressEvent) => void = () => undefined,
    options: ProgressOptions = {},
  ) {
    this.now = options.now ?? (() => Date.now());
  }

  /** An `inspect` hook that feeds this tracker; pass it to `startMachine` or `createActor`. */
  readonly inspect = (event: InspectionEvent): void => {
    if (event.type === '@xstate.snapshot') this.observe(event.actorRef as unknown as ActorIdentity, event.snapshot);
  };

  /** Takes in one actor's snapshot; actors that are neither the orchestrator, an environment nor the role are ignored. */
  observe(ref: ActorIdentity, snapshot: SnapshotLike): void {
    const context = snapshot.context;
    if (typeof context !== 'object' || context === null) return;
    switch (logicName(ref)) {
      case 'account':
        return this.observeAccount(snapshot, context as AccountContext);
      case 'environment':
        return this.observeEnvironment(ref.id, snapshot, context as EnvironmentContext);
      case 'serviceLinkedRole':
        return this.observeRole(ref.id, snapshot, context as ServiceLinkedRoleContext);
    }
  }

  /** Everything known now. */
  view(): ProgressView {
    return { account: this.account, environments: [...this.environments.values()], role: this.role, gate: this.gate };
  }

  private changed(key: string, value: string): boolean {
    if (this.seen.get(key) === value) return false;
    this.seen.set(key, value);
    return true;
  }

  private observeAccount(snapshot: SnapshotLike, context: AccountContext): void {
    // Substates are routine (a teardown's watch and wait), except the role gate's: blocked or settling is news.
    const full = stateName(snapshot.value);
    const state = full.startsWith('roleGate') ? full : (full.split('.')[0] ?? full);
    const done = snapshot.status === 'done' ? (snapshot.output as AccountOutcome) : null;
    // A blocked gate surveys again and again; only a change of what blocks it is news.
    const routine = state === 'roleGate.surveying' && (this.account === 'roleGate.blocked' || this.account === 'roleGate.settling');
    if (!routine && this.account !== state) {
      this.account = state;
      this.onEvent({ type: 'account', at: this.now(), state, outcome: done });
    } else if (done && this.changed('account:done', 'done')) {
      this.onEvent({ type: 'account', at: this.now(), state, outcome: done });
    }
    // What blocks the role is read where the gate waits on a survey it just made.
    if ((state !== 'roleGate.blocked' && state !== 'roleGate.settling') || !Array.isArray(context.blockers)) return;
    const gate: BlockerProgress = { blockers: context.blockers, surveyErrors: context.surveyErrors ?? [], waitReason: context.waitReason ?? null };
    const news = gateKey(gate) !== gateKey(this.gate);
    this.gate = gate;
    if (news) this.onEvent({ type: 'blockers', at: this.now(), ...gate });
  }

  private observeEnvironment(id: string, snapshot: SnapshotLike, context: EnvironmentContext): void {
    if (typeof context.region !== 'string' || typeof context.name !== 'string') return;
    const key = `${context.region}/${context.name}`;
    const outcome = snapshot.status === 'done' ? (snapshot.output as EnvironmentOutcome) : null;
    const previous = this.environments.get(key);
    const samePhase = previous !== undefined && previous.operation === context.operation && previous.phase === context.phase;
    const progress: EnvironmentProgress = {
      key,
      region: context.region,
      name: context.name,
      operation: context.operation,
      phase: context.phase,
      status: context.environment?.status ?? (outcome || previous?.operation !== context.operation ? null : previous.status),
      since: context.phaseStartedAt ?? (samePhase ? previous.since : this.now()),
      outcome,
    };
    this.environments.set(key, progress);
    if (this.changed(`env:${id}`, JSON.stringify([progress.operation, progress.phase, progress.status, outcome !== null]))) {
      this.onEvent({ type: 'environment', at: this.now(), ...progress });
    }
  }

  private observeRole(id: string, snapshot: SnapshotLike, context: ServiceLinkedRoleContext): void {
    const outcome = snapshot.status === 'done' ? (snapshot.output as ServiceLinkedRoleOutcome) : null;
    const progress: RoleProgress = {
      operation: context.operation,
      state: stateName(snapshot.value).split('.')[0] ?? '',
      taskStatus: context.task?.status ?? null,
      outcome,
    };
    this.role = progress;
    if (this.changed(`role:${id}`, JSON.stringify([progress.operation, progress.state, progress.taskStatus, outcome !== null]))) {
      this.onEvent({ type: 'role', at: this.now(), ...progress });
    }
  }
}

/** What each wait usually takes on AWS, ms (the simulator's default timings follow the same documentation). */
export const EXPECTED_PHASE_MS: Readonly<Record<EnvironmentContext['phase'], { minMs: number; maxMs: number }>> = {
  create: EXPECTED_DURATIONS.create,
  pending: EXPECTED_DURATIONS.pending,
  awaitIdle: EXPECTED_DURATIONS.awaitIdle,
  update: EXPECTED_DURATIONS.update,
  delete: EXPECTED_DURATIONS.delete,
  cleanup: EXPECTED_DURATIONS.cleanup,
};

/** A duration the way people read it: `10m0s`, `1h05m`, `45s`. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

const VERB: Record<EnvironmentContext['phase'], string> = {
  create: 'creating',
  pending: 'waiting in PENDING for',
  awaitIdle: 'waiting to update',
  update: 'updating',
  delete: 'deleting',
  cleanup: 'waiting for the cleanup of',
};

/** `still creating eu-west-1/analytics (CREATING) [10m0s elapsed, expected 20–35 min]`, one per environment still being waited on. */
export function heartbeatLines(view: ProgressView, now: number): string[] {
  const lines = view.environments
    .filter((e) => e.outcome === null)
    .map((e) => {
      const expected = EXPECTED_PHASE_MS[e.phase];
      const range = expected.maxMs > 6 * 3600_000 ? '' : `, expected ${Math.round(expected.minMs / 60_000)}–${Math.round(expected.maxMs / 60_000)} min`;
      return `still ${VERB[e.phase]} ${e.key}${e.status ? ` (${e.status})` : ''} [${formatElapsed(now - e.since)} elapsed${range}]`;
    });
  if (view.account?.startsWith('roleGate')) {
    const { blockers, surveyErrors, waitReason } = view.gate;
    const what = [...blockers.map((b) => `${b.region} ${b.kind} ${b.id} (${b.status})`), ...surveyErrors.map((p) => `${p.region} unreadable (${p.error.code})`)];
    lines.push(`role waits (${waitReason ?? 'checking'})${what.length ? `: ${what.join(', ')}` : ''}`);
  }
  return lines;
}

/** One line for an event, or `null` for one not worth a line. */
export function describeProgress(event: ProgressEvent): string | null {
  switch (event.type) {
    case 'environment':
      return `${event.key}: ${event.outcome ? event.outcome.result : (event.status ?? VERB[event.phase])}`;
    case 'role':
      return `role: ${event.outcome ? event.outcome.result : event.state}${event.taskStatus && !event.outcome ? ` (deletion task ${event.taskStatus})` : ''}`;
    case 'blockers':
      return event.blockers.length === 0 && event.surveyErrors.length === 0
        ? 'nothing blocks the role any more'
        : `role blocked by ${[...event.blockers.map((b) => `${b.region} ${b.kind} ${b.id} (${b.status})`), ...event.surveyErrors.map((p) => `${p.region} unreadable`)].join(', ')}`;
    case 'account':
      return `account: ${event.state}`;
  }
}

/**
 * A ready-made reporter: one line per change through `write`, and with `heartbeat()` (call it on
 * a timer) a line per environment still being waited on, with its elapsed and expected time.
 */
export function progressReporter(write: (line: string) => void, options: ProgressOptions = {}): { tracker: ProgressTracker; heartbeat(): void } {
  const now = options.now ?? (() => Date.now());
  const tracker = new ProgressTracker((event) => {
    const line = describeProgress(event);
    if (line !== null) write(line);
  }, { now });
  return { tracker, heartbeat: () => heartbeatLines(tracker.view(), now()).forEach(write) };
}
