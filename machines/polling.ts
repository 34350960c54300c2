/**
 * Polling as data: pure backoff with jitter and a pluggable cadence policy that knows how long
 * each MWAA operation usually takes, so nobody polls every 10 s at minute 2 of a 30-minute create.
 */

/** The operations the machines wait on. */
export type PollPhase =
  | 'create'
  | 'pending'
  | 'update'
  | 'awaitIdle'
  | 'delete'
  | 'cleanup'
  | 'roleVisible'
  | 'createVisible'
  | 'roleDeletion'
  | 'blocked';

/** Everything a policy may consider when choosing the next delay. */
export interface PollContext {
  phase: PollPhase;
  /** Polls made so far in this phase (0 before the first sleep). */
  attempt: number;
  /** Milliseconds since the phase started. */
  elapsedMs: number;
  /** A number in [0, 1) to spread polls (jitter); pure policies take it instead of calling Math.random. */
  random: number;
}

/** Chooses how long to sleep before the next poll, in ms. */
export type PollPolicy = (ctx: PollContext) => number;

/** Expected duration of a phase, in ms (from AWS documentation and observed behaviour). */
export interface ExpectedDuration {
  minMs: number;
  maxMs: number;
}

/** What each phase usually takes on real AWS; the default policy polls sparsely before `minMs`. */
export const EXPECTED_DURATIONS: Readonly<Record<PollPhase, ExpectedDuration>> = {
  create: { minMs: 20 * 60_000, maxMs: 35 * 60_000 },
  pending: { minMs: 0, maxMs: 72 * 3600_000 },
  update: { minMs: 10 * 60_000, maxMs: 30 * 60_000 },
  awaitIdle: { minMs: 0, maxMs: 30 * 60_000 },
  delete: { minMs: 10 * 60_000, maxMs: 25 * 60_000 },
  cleanup: { minMs: 2 * 60_000, maxMs: 7 * 60_000 },
  roleVisible: { minMs: 0, maxMs: 10_000 },
  createVisible: { minMs: 0, maxMs: 60_000 },
  roleDeletion: { minMs: 0, maxMs: 60_000 },
  blocked: { minMs: 0, maxMs: 30 * 60_000 },
};

/** Bounds of the steady polling interval per phase, in ms. */
export const STEADY_INTERVALS: Readonly<Record<PollPhase, ExpectedDuration>> = {
  create: { minMs: 15_000, maxMs: 60_000 },
  pending: { minMs: 60_000, maxMs: 10 * 60_000 },
  update: { minMs: 15_000, maxMs: 60_000 },
  awaitIdle: { minMs: 15_000, maxMs: 60_000 },
  delete: { minMs: 15_000, maxMs: 60_000 },
  cleanup: { minMs: 15_000, maxMs: 30_000 },
  roleVisible: { minMs: 1_000, maxMs: 10_000 },
  createVisible: { minMs: 5_000, maxMs: 30_000 },
  roleDeletion: { minMs: 2_000, maxMs: 15_000 },
  blocked: { minMs: 30_000, maxMs: 5 * 60_000 },
};

/**
 * Capped exponential backoff with full jitter: a uniform delay in [0, min(cap, base * 2^attempt)],
 * never below `floor`. Pure: randomness comes in as `random`.
 */
export function backoffDelay(attempt: number, random: number, options: { baseMs: number; capMs: number; floorMs?: number }): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, attempt));
  return Math.max(options.floorMs ?? 0, Math.floor(random * ceiling));
}

/**
 * The default cadence. Before the phase's expected minimum duration it sleeps half the remaining
 * time (at least the steady minimum), so a 20-35 minute create is checked at roughly 0, 10, 15,
 * 17.5 ... minutes; after that it backs off exponentially from the steady minimum to the steady
 * maximum with jitter, because the end can come at any moment but rarely right away.
 */
export const expectedDurationPolicy: PollPolicy = (ctx) => {
  const expected = EXPECTED_DURATIONS[ctx.phase];
  const steady = STEADY_INTERVALS[ctx.phase];
  const remaining = expected.minMs - ctx.elapsedMs;
  if (remaining > steady.maxMs) {
    return Math.max(steady.maxMs, Math.floor(remaining / 2));
  }
  const sinceExpected = Math.max(0, ctx.elapsedMs - expected.minMs);
  const stepsPast = Math.floor(sinceExpected / steady.minMs);
  const ceiling = Math.min(steady.maxMs, steady.minMs * 2 ** Math.min(stepsPast, 10));
  // Jitter between 75% and 100% of the ceiling keeps many environments from polling in lockstep.
  return Math.max(steady.minMs, Math.floor(ceiling * (0.75 + 0.25 * ctx.random)));
};

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
