/**
 * Promise-style embedding: start a bound machine, await its outcome, cancel it with an AbortSignal,
 * or resume it from a persisted snapshot.
 */
import { createActor, toPromise, type Actor, type AnyStateMachine, type InputFrom, type InspectionEvent, type OutputFrom, type Snapshot } from 'xstate';

/**
 * The shape of the machines' persisted snapshots. XState does not migrate a snapshot into changed
 * logic, so whoever stores snapshots should store this beside them and refuse to restore a
 * snapshot written under another value. Raised whenever states, ids or context change.
 */
export const SNAPSHOT_SCHEMA_VERSION = 1;

/** Options of {@link startMachine} and {@link runMachine}. */
export interface RunOptions {
  /** Stops the machine and rejects the promise when aborted. */
  signal?: AbortSignal;
  /** A snapshot from `actor.getPersistedSnapshot()` (parsed JSON) to resume from instead of starting anew. */
  snapshot?: Snapshot<unknown>;
  /** Receives every inspection event (for the Stately inspector or a JSONL log). */
  inspect?: (event: InspectionEvent) => void;
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

/** Starts `logic` with `input` (or from `options.snapshot`) and returns the actor and its outcome. */
export function startMachine<TLogic extends AnyStateMachine>(
  logic: TLogic,
  input: InputFrom<TLogic>,
  options: RunOptions = {},
): RunningMachine<TLogic> {
  const actor: Actor<TLogic> = createActor(logic, {
    input,
    ...(options.snapshot ? { snapshot: options.snapshot } : {}),
    ...(options.inspect ? { inspect: options.inspect } : {}),
  });
  const outcome = toPromise(actor) as Promise<OutputFrom<TLogic>>;
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
