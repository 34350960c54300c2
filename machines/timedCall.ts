/**
 * Port calls with a time limit: a call that has not answered within the request timeout is
 * abandoned (its signal aborts) and fails as a retryable `Unavailable`, as does one whose caller
 * gave up. One small object per call holds what the call needs, so the many calls of many
 * environments allocate little.
 */
import { AwsError, AwsErrorCode, type AwsService } from '../adapters/errors';
import type { Clock, TimerHandle } from '../domain/clock';

/** What a timed call needs to know to name itself in a timeout error. */
export interface CallName {
  service: AwsService;
  operation: string;
}

const ONCE = Object.freeze({ once: true });

/**
 * One call under way: its expiry, its timer and, unless the caller's signal is shared, its
 * listener on that signal (the object itself, through `handleEvent`).
 */
class PendingCall {
  readonly expiry = new AbortController();
  timer: TimerHandle = undefined;

  constructor(
    private readonly clock: Clock,
    private readonly outer: AbortSignal,
    private readonly sharedOuter: boolean,
  ) {}

  /** The caller's signal aborted: the call is abandoned with its reason. */
  handleEvent(): void {
    this.expiry.abort(this.outer.reason);
  }

  /** Follows the caller's signal (unless shared): an already aborted one abandons the call at once. */
  follow(): void {
    if (this.sharedOuter) return;
    if (this.outer.aborted) this.expiry.abort(this.outer.reason);
    else this.outer.addEventListener('abort', this, ONCE);
  }

  /** The call is over: its timer and its listener go. */
  settle(): void {
    this.clock.clearTimeout(this.timer);
    if (!this.sharedOuter) this.outer.removeEventListener('abort', this);
  }
}

/**
 * Runs `call` with a signal that aborts with `outer` or after `timeoutMs` on `clock`, when the call
 * is also abandoned. `outer` is the caller's own unless `sharedOuter`: a survey's many parallel
 * calls share one, so theirs are joined by `AbortSignal.any`, which keeps no listener on it.
 */
export function timed<T>(clock: Clock, timeoutMs: number, name: CallName, outer: AbortSignal, call: (signal: AbortSignal) => Promise<T>, sharedOuter = false): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const pending = new PendingCall(clock, outer, sharedOuter);
    const signal = sharedOuter ? AbortSignal.any([outer, pending.expiry.signal]) : pending.expiry.signal;
    pending.timer = clock.setTimeout(() => {
      pending.expiry.abort();
      pending.settle();
      reject(new AwsError({ code: AwsErrorCode.Unavailable, message: `no answer from ${name.service} ${name.operation} within ${timeoutMs} ms`, retryable: true, ...name }));
    }, timeoutMs);
    pending.follow();
    let answer: Promise<T>;
    try {
      answer = call(signal);
    } catch (error) {
      // Thrown before the call went out: the promise rejects with it, as with any failure.
      pending.settle();
      throw error;
    }
    answer.then(
      (value) => {
        pending.settle();
        resolve(value);
      },
      // Whatever the call rejects with passes through unchanged.
      (error: Error) => {
        pending.settle();
        reject(error);
      },
    );
  });
}
