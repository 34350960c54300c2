/**
 * Waits as timer actors. A wait is one timer on the clock and nothing else: no abort controller,
 * no abort listener and no promises, which a `fromPromise` sleep would each add to every wait of
 * every environment. Its snapshots are a promise actor's (`status`, `output`, `error`, `input`)
 * and its type is `PromiseActorLogic`, so a run persisted with either restores with the other, and
 * a `fromPromise` wait can still be provided in its place.
 */
import type { AnyActorRef, PromiseActorLogic, PromiseSnapshot } from 'xstate';
import type { Clock, TimerHandle } from '../domain/clock';
import type { WokeUp } from './results';

/** The event a wait's own timer sends it. */
const WAKE = 'wait.wake';
/** The event a wait sends itself when its wake-up time cannot be computed. */
const FAIL = 'wait.fail';
/** What XState sends an actor it stops. */
const STOP = 'xstate.stop';

/**
 * Logic of an actor that ends at `wakeAt(input)` on `clock` (at once if that has passed) with
 * the time it woke up and the time it began, as a `fromPromise` sleep would. A `wakeAt` that
 * throws ends the actor in error with what it threw.
 */
export function fromWakeUp<I>(clock: Clock, wakeAt: (input: I) => number): PromiseActorLogic<WokeUp, I> {
  /** The pending timer of each waiting actor; an entry goes when its timer fires or the actor stops. */
  const timers = new Map<AnyActorRef, TimerHandle>();
  return {
    config: wakeAt,
    transition: (snapshot, event, { self }): PromiseSnapshot<WokeUp, I> => {
      if (snapshot.status !== 'active') return snapshot;
      switch (event.type) {
        case WAKE:
          return { ...snapshot, status: 'done', output: event.output as WokeUp, input: undefined };
        case FAIL:
          return { ...snapshot, status: 'error', error: event.error, input: undefined };
        case STOP: {
          clock.clearTimeout(timers.get(self));
          timers.delete(self);
          return { ...snapshot, status: 'stopped', input: undefined };
        }
        default:
          return snapshot;
      }
    },
    start: (snapshot, { self }) => {
      if (snapshot.status !== 'active') return;
      const startedAt = clock.now();
      let at: number;
      try {
        at = wakeAt(snapshot.input as I);
      } catch (error) {
        self.send({ type: FAIL, error });
        return;
      }
      const handle = clock.setTimeout(
        () => {
          timers.delete(self);
          self.send({ type: WAKE, output: { at: clock.now(), startedAt } });
        },
        Math.max(0, at - startedAt),
      );
      timers.set(self, handle);
    },
    getInitialSnapshot: (_, input) => ({ status: 'active', output: undefined, error: undefined, input }),
    getPersistedSnapshot: (snapshot) => snapshot,
    restoreSnapshot: (snapshot) => snapshot as PromiseSnapshot<WokeUp, I>,
  };
}
