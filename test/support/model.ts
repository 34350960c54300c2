/**
 * Model-based testing helpers: generate paths through a machine with xstate/graph, then replay
 * each path on a live actor whose actors are deferred promises answered by the path's events.
 */
import { createActor, fromPromise, type AnyActor, type AnyActorLogic, type AnyStateMachine, type EventObject } from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import { flushPromises } from '../../domain/virtualClock';

/** The virtual start time of every model. */
export const T0 = Date.UTC(2026, 0, 1);
/** How far time moves per answer; small, so no path crosses a deadline by accident. */
export const STEP_MS = 1_000;

/** Actors that wait for the test to answer them, keyed by the id XState gives each invocation. */
export function scriptedActors(names: string[]) {
  const pending = new Map<string, (output: unknown) => void>();
  const actors: Record<string, AnyActorLogic> = {};
  for (const name of names) {
    actors[name] = fromPromise<unknown, unknown>(({ self }) => new Promise((resolve) => pending.set(self.id, resolve)));
  }
  return { actors, pending };
}

/** One step of a generated path: the event and the state it led to. */
export type PathStep = { event: EventObject & { output?: unknown; late?: boolean }; state: { value: unknown; status: string; output?: unknown; context: unknown } };

export async function replay(machine: AnyStateMachine, actorNames: string[], input: unknown, steps: PathStep[], invariant: (ctx: unknown, step: PathStep) => void) {
  const { actors, pending } = scriptedActors(actorNames);
  const actor = createActor(machine.provide({ actors }), { input });
  actor.start();
  await flushPromises();
  for (const step of steps.slice(1)) {
    if (!step.event.type.startsWith('xstate.done.actor.')) {
      actor.send(step.event);
      await flushPromises();
      check(actor, step, invariant);
      continue;
    }
    const id = step.event.type.replace('xstate.done.actor.', '');
    const resolve = pending.get(id);
    if (!resolve) throw new Error(`no pending ${id} in ${JSON.stringify(actor.getSnapshot().value)}`);
    pending.delete(id);
    // Times are recomputed from the live context: the traversal's context for a state may come from another path.
    const live = (actor.getSnapshot() as { context: { now?: number | null; deadline?: number | null } }).context;
    const deadline = live.deadline ?? null;
    const at = step.event.late && deadline !== null ? deadline + 1 : (live.now ?? T0) + STEP_MS;
    resolve({ ...(step.event.output as object), at, startedAt: live.now ?? T0 });
    await flushPromises();
    check(actor, step, invariant);
  }
  actor.stop();
}

function check(actor: AnyActor, step: PathStep, invariant: (ctx: unknown, step: PathStep) => void): void {
  const snapshot = actor.getSnapshot() as { value: unknown; status: string; context: unknown; output?: unknown };
  expect(snapshot.value).toEqual(step.state.value);
  // Context must survive a JSON round trip unchanged: it is what a persisted snapshot holds.
  expect(JSON.parse(JSON.stringify(snapshot.context))).toEqual(snapshot.context);
  invariant(snapshot.context, step);
  if (snapshot.status === 'done') {
    expect(typeof (snapshot.output as { result?: unknown } | undefined)?.result).toBe('string');
  }
}

/** Paths through `machine` (simple paths, or shortest ones), states told apart by their value only. */
export const traverse = (
  machine: AnyStateMachine,
  input: unknown,
  events: (snapshot: unknown) => EventObject[],
  simple: boolean,
  serializeState: (snapshot: unknown) => string = (s) => JSON.stringify((s as { value: unknown }).value),
) =>
  (simple ? getSimplePaths : getShortestPaths)(machine, {
    input,
    events,
    serializeState,
  } as never) as unknown as Array<{ steps: PathStep[] }>;

