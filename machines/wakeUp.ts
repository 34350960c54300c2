/**
 * Waits as timer actors. A wait is one timer on the clock and nothing else: no abort controller,
 * no abort listener and no promises, which a `fromPromise` sleep would each add to every wait of
 * every environment. Its snapshots are a promise actor's (`status`, `output`, `error`, `input`)
 * and its type is `PromiseActorLogic`, so a run persisted with either restores with the other, and
 * a `fromPromise` wait can still be provided in its place.
 */
import type { AnyActorRef, PromiseActorLogic } from 'xstate';
import type { Clock, TimerHandle } from '../domain/clock';
import { promiseShapedLogic } from './promiseShapedLogic';
import type { WokeUp } from './results';

/**
 * Logic of an actor that ends at `wakeAt(input)` on `clock` (at once if that has passed) with
 * the time it woke up and the time it began, as a `fromPromise` sleep would. A `wakeAt` that
 * throws ends the actor in error with what it threw.
 */
export function fromWakeUp<I>(clock: Clock, wakeAt: (input: I) => number): PromiseActorLogic<WokeUp, I> {
  /** The pending timer of each waiting actor; an entry goes when its timer fires or the actor stops. */
  const timers = new Map<AnyActorRef, TimerHandle>();
  return promiseShapedLogic<WokeUp, I>({
    config: wakeAt,
    start: (input, self, settle) => {
      const startedAt = clock.now();
      let at: number;
      try {
        at = wakeAt(input);
      } catch (error) {
        settle.fail(self, error);
        return;
      }
      const handle = clock.setTimeout(
        () => {
          timers.delete(self);
          settle.done(self, { at: clock.now(), startedAt });
        },
        Math.max(0, at - startedAt),
      );
      timers.set(self, handle);
    },
    stop: (self) => {
      clock.clearTimeout(timers.get(self));
      timers.delete(self);
    },
  });
}
