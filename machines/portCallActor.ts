/**
 * Port calls as promise actors with a deadline. Each call gets one abort controller, which aborts
 * when the state that made the call is left (the actor stops) or when the request timeout passes,
 * whichever comes first. A `fromPromise` actor around a timed call needs two controllers and a
 * listener joining them, for every call of every environment; this logic is `fromPromise`'s
 * (same snapshots, same `done` and `error` ends, same restart of a call in flight on restore)
 * with the deadline built in.
 */
import type { AnyActorRef, PromiseActorLogic, PromiseSnapshot } from 'xstate';
import { isAwsError } from '../adapters/errors';
import type { Clock, TimerHandle } from '../domain/clock';
import type { CallResult } from './results';
import { timeoutError, type CallName } from './timedCall';

/** The event a call sends its actor when it ends with a result (an AWS error included). */
const ANSWERED = 'call.answered';
/** The event a call sends its actor when it fails with anything but an AWS error (a bug). */
const BROKE = 'call.broke';
/** What XState sends an actor it stops. */
const STOP = 'xstate.stop';

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
  /** Ends `self`'s call with `event` unless it already ended (answered, timed out or stopped). */
  const end = (self: AnyActorRef, call: InFlight, event: { type: string; [k: string]: unknown }): void => {
    if (inFlight.get(self) !== call) return;
    inFlight.delete(self);
    clock.clearTimeout(call.timer);
    self.send(event);
  };
  return {
    config: call,
    transition: (snapshot, event, { self }): PromiseSnapshot<CallResult<T>, I> => {
      if (snapshot.status !== 'active') return snapshot;
      switch (event.type) {
        case ANSWERED:
          return { ...snapshot, status: 'done', output: event.output as CallResult<T>, input: undefined };
        case BROKE:
          return { ...snapshot, status: 'error', error: event.error, input: undefined };
        case STOP: {
          const running = inFlight.get(self);
          if (running) {
            inFlight.delete(self);
            clock.clearTimeout(running.timer);
            running.controller.abort();
          }
          return { ...snapshot, status: 'stopped', input: undefined };
        }
        default:
          return snapshot;
      }
    },
    start: (snapshot, { self }) => {
      if (snapshot.status !== 'active') return;
      const startedAt = clock.now();
      const running: InFlight = { controller: new AbortController(), timer: undefined };
      inFlight.set(self, running);
      running.timer = clock.setTimeout(() => {
        if (inFlight.get(self) !== running) return;
        running.controller.abort();
        end(self, running, { type: ANSWERED, output: { ok: false, error: timeoutError(name, timeoutMs).toJSON(), at: clock.now(), startedAt } });
      }, timeoutMs);
      const failed = (error: unknown): void =>
        end(self, running, isAwsError(error) ? { type: ANSWERED, output: { ok: false, error: error.toJSON(), at: clock.now(), startedAt } } : { type: BROKE, error });
      let answer: Promise<T>;
      try {
        answer = call(snapshot.input as I, running.controller.signal);
      } catch (error) {
        // Thrown before the call went out: it ends the same way as a rejection, a turn later.
        void Promise.resolve().then(() => failed(error));
        return;
      }
      answer.then((value) => end(self, running, { type: ANSWERED, output: { ok: true, value, at: clock.now(), startedAt } }), failed);
    },
    getInitialSnapshot: (_, input) => ({ status: 'active', output: undefined, error: undefined, input }),
    getPersistedSnapshot: (snapshot) => snapshot,
    restoreSnapshot: (snapshot) => snapshot as PromiseSnapshot<CallResult<T>, I>,
  };
}
