/**
 * Drives a machine on virtual time one timer at a time, optionally killing it and restoring it
 * from a JSON round-tripped snapshot after chosen steps, as a crashed and restarted process would.
 */
import { createActor, type Actor, type AnyStateMachine, type InputFrom, type SnapshotFrom } from 'xstate';
import { flushPromises, type VirtualClock } from '../../adapters/virtualClock';

/** Options of {@link drive}. */
export interface DriveOptions<T extends AnyStateMachine> {
  /** Steps (1-based timer firings) after which the actor is persisted, stopped and restored. */
  restartAfter?: ReadonlySet<number>;
  /** Called after every step and restore, e.g. to send events when a state is reached. */
  onStep?: (actor: Actor<T>) => void;
  /** Safety bound on steps. Default 100 000. */
  maxSteps?: number;
}

/** What a drive did. */
export interface DriveResult<T extends AnyStateMachine> {
  snapshot: SnapshotFrom<T>;
  steps: number;
  restarts: number;
  /** Every persisted snapshot, as JSON text. */
  persisted: string[];
}

/** Runs `logic` until it is done, stepping `clock` from timer to timer. */
export async function drive<T extends AnyStateMachine>(
  clock: VirtualClock,
  logic: T,
  input: InputFrom<T>,
  options: DriveOptions<T> = {},
): Promise<DriveResult<T>> {
  let actor: Actor<T> = createActor(logic, { input });
  actor.start();
  await flushPromises();
  let steps = 0;
  let restarts = 0;
  const persisted: string[] = [];
  const maxSteps = options.maxSteps ?? 100_000;
  const current = (): { status: string; value: unknown } => actor.getSnapshot();
  options.onStep?.(actor);
  await flushPromises();
  while (current().status === 'active') {
    const next = clock.nextTimerAt();
    if (next === null) throw new Error(`stuck in ${JSON.stringify(current().value)} with nothing scheduled`);
    await clock.advanceTo(next);
    steps++;
    if (steps > maxSteps) throw new Error(`still running after ${maxSteps} steps`);
    if (options.restartAfter?.has(steps) && current().status === 'active') {
      const json = JSON.stringify(actor.getPersistedSnapshot());
      persisted.push(json);
      actor.stop();
      actor = createActor(logic, { snapshot: JSON.parse(json) as SnapshotFrom<T>, input });
      actor.start();
      restarts++;
      await flushPromises();
    }
    options.onStep?.(actor);
    await flushPromises();
  }
  return { snapshot: actor.getSnapshot(), steps, restarts, persisted };
}
