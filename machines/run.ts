/**
 * Promise-style embedding: start a bound machine, await its outcome, cancel it with an AbortSignal,
 * or resume it from a persisted snapshot.
 */
import { createActor, toPromise, type Actor, type AnyStateMachine, type InputFrom, type InspectionEvent, type OutputFrom, type Snapshot, type SnapshotFrom } from 'xstate';
import { ProgressTracker, type ProgressEvent } from './progress';
import { missingSecret, sealInput, vaultOf } from './secrets';

/**
 * The shape of the machines' persisted snapshots. XState does not migrate a snapshot into changed
 * logic, so whoever stores snapshots should store this beside them and refuse to restore a
 * snapshot written under another value. Raised whenever states, ids or context change.
 */
export const SNAPSHOT_SCHEMA_VERSION = 4;

/** Options of {@link startMachine} and {@link runMachine}. */
export interface RunOptions {
  /** Stops the machine and rejects the promise when aborted. */
  signal?: AbortSignal;
  /** A snapshot from `actor.getPersistedSnapshot()` (parsed JSON) to resume from instead of starting anew. */
  snapshot?: Snapshot<unknown>;
  /** Receives every inspection event (for the Stately inspector or a JSONL log). */
  inspect?: (event: InspectionEvent) => void;
  /**
   * Receives the whole actor tree's persisted snapshot (plain JSON) after every transition of any
   * machine in it, the root's and every child environment's or role's alike. Store the latest one:
   * restoring it resumes every child where it stood, ownership of the role included. If it
   * throws, the run stops and its outcome rejects with that error.
   */
  persist?: (snapshot: Snapshot<unknown>) => void;
  /** Called with the root's snapshot on each of its transitions, the first one included (subscribed before the start). */
  onSnapshot?: (snapshot: Snapshot<unknown>) => void;
  /** Receives typed progress (environment statuses, blockers, the role's task) from every machine in the tree, from the start. */
  onProgress?: (event: ProgressEvent) => void;
  /** The clock that stamps progress events: `Date.now` unless given (pass the simulator's clock for virtual time). */
  clock?: { now(): number };
}

/**
 * Prepares a persisted snapshot for restoring: every machine in the tree that counts its restores
 * (the environment machine does) has its count raised, so a request that was in flight when the
 * snapshot was taken is known to have possibly been sent already. {@link startMachine} does this
 * for its `snapshot` option; call it yourself before `createActor(logic, { snapshot })`.
 */
export function restoreSnapshot<T extends Snapshot<unknown>>(snapshot: T): T {
  const copy = structuredClone(snapshot);
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    const record = node as { context?: unknown; children?: unknown; snapshot?: unknown };
    const context = record.context as { restores?: unknown } | undefined;
    if (context && typeof context.restores === 'number') context.restores += 1;
    if (record.children && typeof record.children === 'object') {
      for (const child of Object.values(record.children as Record<string, unknown>)) visit((child as { snapshot?: unknown }).snapshot);
    }
  };
  visit(copy);
  return copy;
}

/** A running machine and the promise of its outcome. */
export interface RunningMachine<TLogic extends AnyStateMachine> {
  actor: Actor<TLogic>;
  done: Promise<OutputFrom<TLogic>>;
}

/** The error a run rejects with when its signal aborts. */
export class RunAbortedError extends Error {
  override readonly name = 'RunAbortedError';
}

/**
 * Starts `logic` with `input` (or from `options.snapshot`) and returns the actor and its outcome.
 * For machines from `bindMachines`, Airflow configuration values are moved into the binding's
 * vault first, so the machines, their snapshots and inspection events hold only handles; a
 * snapshot with a handle the vault cannot resolve throws a `MissingSecretError` (`machines/secrets.ts`) before any call.
 */
export function startMachine<TLogic extends AnyStateMachine>(
  logic: TLogic,
  given: InputFrom<TLogic>,
  options: RunOptions = {},
): RunningMachine<TLogic> {
  const vault = vaultOf(logic);
  const input = vault ? sealInput(vault, given) : given;
  const missing = vault && options.snapshot ? missingSecret(vault, options.snapshot) : null;
  if (missing) throw missing;
  let persistNow = (): void => undefined;
  const clock = options.clock;
  const tracker = options.onProgress ? new ProgressTracker(options.onProgress, clock ? { now: () => clock.now() } : {}) : undefined;
  const inspect =
    options.inspect || options.persist || tracker
      ? (event: InspectionEvent): void => {
          options.inspect?.(event);
          tracker?.inspect(event);
          // Machines only: a promise actor's own snapshot changes are followed by its parent's transition.
          if (options.persist && event.type === '@xstate.snapshot' && 'machine' in (event.snapshot as object)) persistNow();
        }
      : undefined;
  const actor: Actor<TLogic> = createActor(logic, {
    input,
    ...(options.snapshot ? { snapshot: restoreSnapshot(options.snapshot) } : {}),
    ...(inspect ? { inspect } : {}),
  });
  const persist = options.persist;
  // A run that can no longer be saved stops, and its outcome rejects with why (an unwritable or planted state file).
  let persistFailed = (_error: unknown): void => undefined;
  const unsaved = new Promise<never>((_resolve, reject) => {
    persistFailed = reject;
  });
  // A stopped actor is not a state to resume from (stopping is the host's business, not the run's).
  if (persist) {
    let failed = false;
    persistNow = () => {
      if (failed || (actor.getSnapshot() as { status: string }).status === 'stopped') return;
      try {
        persist(actor.getPersistedSnapshot());
      } catch (error) {
        failed = true;
        persistFailed(error);
        queueMicrotask(() => actor.stop());
      }
    };
  }
  const outcome = Promise.race([toPromise(actor) as Promise<OutputFrom<TLogic>>, unsaved]);
  const done = options.signal
    ? new Promise<OutputFrom<TLogic>>((resolve, reject) => {
        const signal = options.signal as AbortSignal;
        const onAbort = (): void => {
          actor.stop();
          reject(new RunAbortedError('the run was aborted'));
        };
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
        outcome.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
      })
    : outcome;
  // XState's order: create, subscribe, start; so the first transition reaches the subscriber too.
  const onSnapshot = options.onSnapshot;
  if (onSnapshot) actor.subscribe({ next: (snapshot: SnapshotFrom<TLogic>) => onSnapshot(snapshot), error: () => undefined });
  actor.start();
  return { actor, done };
}

/**
 * Runs `logic` to its final state and resolves with its output.
 *
 * @example
 * const outcome = await runMachine(bound.environment, { operation: 'delete', region: 'eu-west-1', name: 'analytics' });
 */
export function runMachine<TLogic extends AnyStateMachine>(
  logic: TLogic,
  input: InputFrom<TLogic>,
  options: RunOptions = {},
): Promise<OutputFrom<TLogic>> {
  return startMachine(logic, input, options).done;
}
