/**
 * Calls with a time limit, for calls made outside a port-call actor (a survey's many parallel
 * calls): a call that has not answered within the request timeout is abandoned (its signal aborts)
 * and fails as a retryable `Unavailable`, as does one whose caller gave up.
 */
import { AwsError, AwsErrorCode, type AwsService } from '../adapters/errors';
import type { Clock } from '../domain/clock';

/** What a timed call needs to know to name itself in a timeout error. */
export interface CallName {
  service: AwsService;
  operation: string;
}

/** The error of a call with no answer after `timeoutMs`: retryable, like any lost answer. */
export function timeoutError(name: CallName, timeoutMs: number): AwsError {
  return new AwsError({ code: AwsErrorCode.Unavailable, message: `no answer from ${name.service} ${name.operation} within ${timeoutMs} ms`, retryable: true, ...name });
}

/**
 * Runs `call` with a signal that aborts with `outer` or after `timeoutMs` on `clock`, when the call
 * is also abandoned. The two are joined by `AbortSignal.any`, which keeps no listener on `outer`,
 * so the many parallel calls of one survey can share its signal.
 */
export function timed<T>(clock: Clock, timeoutMs: number, name: CallName, outer: AbortSignal, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const expiry = new AbortController();
    const timer = clock.setTimeout(() => {
      expiry.abort();
      reject(timeoutError(name, timeoutMs));
    }, timeoutMs);
    let answer: Promise<T>;
    try {
      answer = call(AbortSignal.any([outer, expiry.signal]));
    } catch (error) {
      // Thrown before the call went out: the promise rejects with it, as with any failure.
      clock.clearTimeout(timer);
      throw error;
    }
    answer.then(
      (value) => {
        clock.clearTimeout(timer);
        resolve(value);
      },
      // Whatever the call rejects with passes through unchanged.
      (error: Error) => {
        clock.clearTimeout(timer);
        reject(error);
      },
    );
  });
}
