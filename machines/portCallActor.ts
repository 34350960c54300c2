/**
 * Port calls as promise actors with a deadline. Each call gets one abort controller, which aborts
 * when the state that made the call is left (the actor stops) or when the request timeout passes,
 * whichever comes first. A `fromPromise` actor around a timed call needs two controllers and a
 * listener joining them, for every call of every environment; this logic is `fromPromise`'s
 * (same snapshots, same `done` and `error` ends, same restart of a call in flight on restore)
 * with the deadline built in.
 */
import type { AnyActorRef, PromiseActorLogic } from 'xstate';
import { isAwsError } from '../adapters/errors';
import type { Clock, TimerHandle } from '../domain/clock';
import { promiseShapedLogic } from './promiseShapedLogic';
import type { CallResult } from './results';
import { timeoutError, type CallName } from './timedCall';

/** One call under way. */
interface InFlight {
  controller: AbortController;
  timer: TimerHandle;
}

/**
 * Logic of an actor that runs `call(input, signal)` and ends with a {@link CallResult}: the value,
 * or the coded AWS error as a JSON value, stamped with the clock's time. A call with no answer
 * after `timeoutMs` on `clock` is abandoned (its signal aborts) and ends as a retryable
 * `Unavailable`; leaving the state abandons it too. Anything but an AWS error (a bug) ends the
 * actor in error.
 */
export function fromPortCall<I, T>(
  clock: Clock,
  timeoutMs: number,
  name: CallName,
  call: (input: I, signal: AbortSignal) => Promise<T>,
): PromiseActorLogic<CallResult<T>, I> {
  const inFlight = new Map<AnyActorRef, InFlight>();
  /** Whether `running` is still `self`'s call; if so it is over from now on (answered, timed out or stopped). */
  const over = (self: AnyActorRef, running: InFlight): boolean => {
    if (inFlight.get(self) !== running) return false;
    inFlight.delete(self);
    clock.clearTimeout(running.timer);
    return true;
  };
  return promiseShapedLogic<CallResult<T>, I>({
    config: call,
    start: (input, self, settle) => {
      const startedAt = clock.now();
      const running: InFlight = { controller: new AbortController(), timer: undefined };
      inFlight.set(self, running);
      const failed = (error: unknown): void => {
        if (!over(self, running)) return;
        if (isAwsError(error)) settle.done(self, { ok: false, error: error.toJSON(), at: clock.now(), startedAt });
        else settle.fail(self, error);
      };
      running.timer = clock.setTimeout(() => {
        if (!over(self, running)) return;
        running.controller.abort();
        settle.done(self, { ok: false, error: timeoutError(name, timeoutMs).toJSON(), at: clock.now(), startedAt });
      }, timeoutMs);
      let answer: Promise<T>;
      try {
        answer = call(input, running.controller.signal);
      } catch (error) {
        // Thrown before the call went out: it ends the same way as a rejection, a turn later.
        void Promise.resolve().then(() => failed(error));
        return;
      }
      answer.then((value) => {
        if (over(self, running)) settle.done(self, { ok: true, value, at: clock.now(), startedAt });
      }, failed);
    },
    stop: (self) => {
      const running = inFlight.get(self);
      if (running && over(self, running)) running.controller.abort();
    },
  });
}
