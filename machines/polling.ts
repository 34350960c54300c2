/**
 * Polling as data: pure backoff with jitter and a pluggable cadence policy. The default is derived
 * from how long each MWAA operation takes (a duration distribution per phase): it makes the fewest
 * expected polls for its mean notice lag, and polls a create often enough to see an early failure
 * within a minute.
 */
import { distributionPolicy } from './distributionPolicy';
import { backoffDelay, type PollPhase, type PollPolicy } from './pollCadence';

export * from './pollCadence';
export * from './distributionPolicy';
export { optimalSchedule, optimumAtLag, scheduleCost, toGrid, type DurationDistribution, type DurationSpan, type GridDistribution, type OptimalSchedule, type OptimumAtLag, type ScheduleCost } from './pollSchedule';

/**
 * The default cadence: {@link distributionPolicy} over {@link DEFAULT_DURATION_DISTRIBUTIONS}, at
 * the default lag targets, with a create polled at least once a minute.
 */
export const expectedDurationPolicy: PollPolicy = distributionPolicy();

/** The longest retry hint honoured: a hint beyond it (a confused proxy, a hostile header) is cut to it. */
export const MAX_RETRY_HINT_MS = 5 * 60_000;

/**
 * A retry's delay: the backoff, or the service's retry hint (`Retry-After`) when that is longer,
 * up to {@link MAX_RETRY_HINT_MS}.
 */
export function retryDelay(backoffMs: number, error: { retryAfterMs?: number } | null | undefined): number {
  const hint = error?.retryAfterMs;
  if (hint === undefined || !(hint > 0)) return backoffMs;
  return Math.max(backoffMs, Math.min(hint, MAX_RETRY_HINT_MS));
}

/** A fixed interval policy, handy for tests and for users who want predictability. */
export function fixedIntervalPolicy(intervalMs: number): PollPolicy {
  return () => intervalMs;
}

/**
 * A deterministic number in [0, 1) derived from a string key and a counter, so jitter is
 * reproducible and survives a restore (no hidden PRNG state).
 */
export function stableRandom(key: string, counter: number): number {
  let h = 2166136261 ^ counter;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995);
  h ^= h >>> 15;
  return (h >>> 0) / 2 ** 32;
}

/** What a poll wait needs to compute its absolute wake-up time; plain JSON, persisted with the wait. */
export interface PollRequest {
  phase: PollPhase;
  attempt: number;
  phaseStartedAt: number;
  /** Time of the observation that led to this wait. */
  now: number;
  /** Spreads jitter per resource and phase. */
  key: string;
  /** The phase's absolute deadline: no wait goes past it. */
  deadline: number | null;
  /**
   * Set when the poll that led to this wait failed (throttled, timed out, 5xx): the next poll is a
   * retry, after a short backoff (at least the service's hint), not the phase's cadence, which at
   * the start of a long phase would wait minutes.
   */
  failed?: { retryAfterMs?: number } | null;
}

/** Backoff of a poll retried after a failed poll: 2 s doubling up to 1 min, never under 1 s. */
const RETRY_POLL_BACKOFF = { baseMs: 2_000, capMs: 60_000, floorMs: 1_000 };

/** The shortest wait between two polls of the same thing, whatever a policy or a deadline says: nothing loops at one instant. */
export const MIN_POLL_GAP_MS = 1_000;

/**
 * The absolute time of the next poll: the policy's delay, cut short at `deadline` (so the
 * deadline is checked with a fresh observation), but never sooner than {@link MIN_POLL_GAP_MS}
 * after `now`. The same request always gives the same time, so a restored wait keeps it.
 */
export function nextPollAt(
  policy: PollPolicy,
  args: PollRequest,
): number {
  const delay = policy({
    phase: args.phase,
    attempt: args.attempt,
    elapsedMs: Math.max(0, args.now - args.phaseStartedAt),
    random: stableRandom(args.key, args.attempt),
  });
  let at = args.now + Math.max(MIN_POLL_GAP_MS, Number.isFinite(delay) ? delay : MIN_POLL_GAP_MS);
  if (args.failed) {
    const backoff = backoffDelay(args.attempt, stableRandom(`${args.key}/retry`, args.attempt), RETRY_POLL_BACKOFF);
    // The sooner of the cadence and the backoff, but never before the service's hint.
    at = Math.max(Math.min(at, args.now + backoff), args.now + retryDelay(0, args.failed));
  }
  const cut = args.deadline === null ? at : Math.min(at, args.deadline);
  return Math.max(args.now + MIN_POLL_GAP_MS, cut);
}

/**
 * The poll times `policy` makes in `phase` when every poll answers and the phase has not ended, ms
 * after the phase's start, up to the first at or past `untilMs`: a schedule to inspect or to price
 * against a duration distribution.
 */
export function pollTimes(policy: PollPolicy, phase: PollPhase, untilMs: number, key = 'preview'): number[] {
  const times: number[] = [];
  let now = 0;
  for (let attempt = 0; now < untilMs; attempt++) {
    now = nextPollAt(policy, { phase, attempt, phaseStartedAt: 0, now, key, deadline: null });
    times.push(now);
  }
  return times;
}
