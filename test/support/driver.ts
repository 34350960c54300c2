/**
 * Drives a machine on virtual time one timer at a time, optionally killing it and restoring it
 * from a JSON round-tripped snapshot after chosen steps, as a crashed and restarted process would.
 */
import { createActor, type Actor, type AnyStateMachine, type InputFrom, type SnapshotFrom } from 'xstate';
import { flushPromises, type VirtualClock } from '../../domain/virtualClock';
import { restoreSnapshot } from '../../machines/run';

/** Options of {@link drive}. */
export interface DriveOptions<T extends AnyStateMachine> {
  /** Steps (1-based timer firings) after which the actor is persisted, stopped and restored. */
  restartAfter?: ReadonlySet<number>;
  /** Virtual ms the process stays down at each restart (the world goes on meanwhile). Default 0. */
  downtimeMs?: (step: number) => number;
  /** How many snapshots back to restore at each restart: 0 is the latest (default), 1 the one before, ... */
  olderBy?: (step: number) => number;
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
  // The snapshots a process that saves after every step would have written, newest last.
  const history: string[] = [];
  const current = (): { status: string; value: unknown } => actor.getSnapshot();
  options.onStep?.(actor);
  await flushPromises();
  while (current().status === 'active') {
    const next = clock.nextTimerAt();
    if (next === null) throw new Error(`stuck in ${JSON.stringify(current().value)} with nothing scheduled`);
    await clock.advanceTo(next);
    steps++;
    if (steps > maxSteps) throw new Error(`still running after ${maxSteps} steps`);
    if (current().status === 'active') {
      history.push(JSON.stringify(actor.getPersistedSnapshot()));
      if (history.length > 50) history.shift();
    }
    if (options.restartAfter?.has(steps) && current().status === 'active') {
      const back = Math.min(options.olderBy?.(steps) ?? 0, history.length - 1);
      const json = history[history.length - 1 - back] as string;
      persisted.push(json);
      actor.stop();
      const down = options.downtimeMs?.(steps) ?? 0;
      if (down > 0) await clock.advance(down);
      actor = createActor(logic, { snapshot: restoreSnapshot(JSON.parse(json) as SnapshotFrom<T>), input });
      actor.start();
      restarts++;
      await flushPromises();
    }
    options.onStep?.(actor);
    await flushPromises();
  }
  return { snapshot: actor.getSnapshot(), steps, restarts, persisted };
}
