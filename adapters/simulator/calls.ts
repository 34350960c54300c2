/**
 * The one path every simulated port call takes: abort check, reachability of the region, virtual
 * latency, rate limits, scripted or random failure, then the operation itself, then a deep copy of the result.
 * A failure at any step happens before the operation runs, so failed calls have no side effect.
 */
import { sleep } from '../../domain/clock';
import { AwsError, abortedError } from '../errors';
import { methodOf, serviceOf, type FaultBook } from './faults';
import { deepCopy } from './freeze';
import type { CallRecord, PortOperation } from './types';
import type { World } from './world';

/** What identifies one call in the call log. */
export interface CallTarget {
  accountId: string;
  operation: PortOperation;
  region?: string;
  /** Environment name or deletion task id. */
  target?: string;
}

/**
 * Whether {@link invoke} copies the answer: `copy` (the default) for answers that may hold
 * references into the world, `owned` for answers the body builds afresh and shares with nothing.
 */
export type ResultCopy = 'copy' | 'owned';

/** Logs the call's outcome. */
function finish(world: World, call: CallTarget, startedAt: number, outcome: 'ok' | AwsError['code']): void {
  const record: CallRecord = { at: world.now(), startedAt, accountId: call.accountId, operation: call.operation, outcome };
  if (call.region !== undefined) record.region = call.region;
  if (call.target !== undefined) record.target = call.target;
  world.record(record);
}

/** The error of a call its caller gave up on, logged. */
function aborted(world: World, call: CallTarget, startedAt: number, signal: AbortSignal | undefined): AwsError {
  const error = abortedError(serviceOf(call.operation), methodOf(call.operation), signal?.reason);
  finish(world, call, startedAt, error.code);
  return error;
}

/**
 * Runs one port call through reachability, latency, faults and abort handling; `body` runs only if
 * nothing failed. `reach` says whether the call gets to the service at all (DNS, a disabled
 * region): such a failure comes at once, before any latency, throttling or scripted failure.
 */
export async function invoke<T>(
  world: World,
  faults: FaultBook,
  call: CallTarget,
  signal: AbortSignal | undefined,
  body: () => T,
  reach?: () => AwsError | null,
  copy: ResultCopy = 'copy',
): Promise<T> {
  const startedAt = world.now();
  if (signal?.aborted) throw aborted(world, call, startedAt, signal);
  const unreachable = reach?.() ?? null;
  if (unreachable) {
    finish(world, call, startedAt, unreachable.code);
    throw unreachable;
  }
  const latency = faults.latencyFor(call.operation, (range) => world.rng.durations.duration(range));
  if (latency > 0) {
    try {
      await sleep(world.clock, latency, signal);
    } catch {
      throw aborted(world, call, startedAt, signal);
    }
  }
  // An abort that lands in the same turn as the latency timer still wins: the caller gave up.
  if (signal?.aborted) throw aborted(world, call, startedAt, signal);

  // The front door throttles before the service looks at the call, so a scripted failure waits.
  const failure =
    faults.rateLimited(call.accountId, call.operation, call.region, world.now()) ??
    faults.failureFor(call.operation, call.region, world.now());
  if (failure) {
    finish(world, call, startedAt, failure.code);
    throw failure;
  }
  let result: T;
  try {
    result = body();
  } catch (error) {
    finish(world, call, startedAt, error instanceof AwsError ? error.code : 'Unavailable');
    throw error;
  }
  finish(world, call, startedAt, 'ok');
  // Callers must never hold references into the world.
  return copy === 'owned' ? result : deepCopy(result);
}
