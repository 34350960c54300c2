/**
 * The vocabulary of polling (phases, the context a policy sees, what each phase usually takes) and
 * the cadence that needs nothing but a phase's expected range.
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
 * A cadence from each phase's expected range alone: before the expected minimum it sleeps half the
 * remaining time (at least the steady maximum), so a 20-35 minute create is checked at roughly 0,
 * 10, 15, 17.5 ... minutes; after that it backs off exponentially from the steady minimum to the
 * steady maximum with jitter. The default policy uses it for the phases it has no duration
 * distribution for (waiting for idle, PENDING, the role's waits).
 */
export const rangeCadencePolicy: PollPolicy = (ctx) => {
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
