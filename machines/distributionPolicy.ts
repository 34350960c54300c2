/**
 * A polling policy derived from how long each phase takes. For a phase's duration distribution and
 * a mean notice lag, it precomputes once the schedule that makes the fewest expected polls at that
 * lag (see `pollSchedule.ts`), optionally with no gap longer than a failure-notice bound, and at
 * run time only looks up the next poll time. Past the distribution's end it polls at a pace
 * proportional to the time already spent.
 */
import { EXPECTED_DURATIONS, STEADY_INTERVALS, rangeCadencePolicy, type PollPhase, type PollPolicy } from './pollCadence';
import { optimumAtLag, toGrid, type DurationDistribution, type GridDistribution } from './pollSchedule';

/**
 * How long each phase takes on AWS, as the default policy assumes: creates 20-35 min, updates
 * 10-30, deletes 10-25 (until DELETED), and the cleanup wait 2-7 min after DELETED (DELETED stays
 * visible 1-2 min, then MWAA's cleanup of endpoints and interfaces takes 1-5 min).
 */
export const DEFAULT_DURATION_DISTRIBUTIONS: Readonly<Partial<Record<PollPhase, DurationDistribution>>> = Object.freeze({
  create: { ...EXPECTED_DURATIONS.create },
  update: { ...EXPECTED_DURATIONS.update },
  delete: { ...EXPECTED_DURATIONS.delete },
  cleanup: { sumOf: [{ minMs: 60_000, maxMs: 2 * 60_000 }, { minMs: 60_000, maxMs: 5 * 60_000 }] },
});

/** The default mean notice lag per phase, ms: how long after a phase ends, on average, a poll sees it. */
export const DEFAULT_LAG_TARGETS_MS: Readonly<Partial<Record<PollPhase, number>>> = Object.freeze({
  create: 20_000,
  update: 20_000,
  delete: 20_000,
  cleanup: 10_000,
});

/** The default longest gap between polls per phase, ms: a create that fails early is seen within a minute. */
export const DEFAULT_FAILURE_NOTICE_MS: Readonly<Partial<Record<PollPhase, number | null>>> = Object.freeze({ create: 60_000 });

/** The default share of a sleep by which a poll may come early, so environments started together do not poll in lockstep. */
export const DEFAULT_POLL_JITTER = 0.05;

/** Options of {@link distributionPolicy}. */
export interface DistributionPolicyOptions {
  /**
   * Duration distribution per phase: a range, `{ samplesMs }` observed in past runs, or `{ sumOf }`.
   * Merged over {@link DEFAULT_DURATION_DISTRIBUTIONS}; phases with none use `fallback`.
   */
  distributions?: Partial<Record<PollPhase, DurationDistribution>>;
  /** Mean notice lag aimed at, ms: one for every phase, or per phase over {@link DEFAULT_LAG_TARGETS_MS} (20 s; the cleanup 10 s). */
  lagTargetMs?: number | Partial<Record<PollPhase, number>>;
  /** Longest gap between polls per phase, ms, so a failure at any moment is seen within it; `null` for no bound. Merged over {@link DEFAULT_FAILURE_NOTICE_MS} (create: 60 s). */
  failureNoticeMs?: Partial<Record<PollPhase, number | null>>;
  /** Share of each sleep, 0..1, by which a poll may come early (never stretching a gap past the failure-notice bound). Default {@link DEFAULT_POLL_JITTER}. */
  jitter?: number;
  /** Cadence of the phases without a distribution. Default {@link rangeCadencePolicy}. */
  fallback?: PollPolicy;
}

/** A phase's precomputed poll times, ms after its start, and its gap bound. */
interface PhasePlan {
  timesMs: readonly number[];
  maxGapMs: number | null;
}

/** The precomputed plan of one phase: the optimal schedule at the lag target, under the gap bound. */
function phasePlan(grid: GridDistribution, lagTargetMs: number, maxGapMs: number | null): PhasePlan {
  return { timesMs: optimumAtLag(grid, lagTargetMs, maxGapMs).within.timesMs, maxGapMs };
}

/** The gap past a plan's last poll: a sixteenth of the time spent (whole seconds), within the phase's steady minimum and 5 min. */
function tailGapMs(phase: PollPhase, elapsedMs: number): number {
  return Math.min(5 * 60_000, Math.max(STEADY_INTERVALS[phase].minMs, Math.floor(elapsedMs / 16_000) * 1000));
}

/** The first index of `times` whose value is above `x` (binary search). */
function firstAbove(times: readonly number[], x: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] ?? Infinity) > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The next poll a plan asks for at `elapsedMs`, ms after the phase's start, with jitter `random ·
 * jitter` of the gap before it. A poll may come early by at most that share of its gap, and never
 * so early that the gap after it passes the plan's bound; a poll made that early counts as the
 * scheduled one, so the next is the one after it.
 */
function planNextPollMs(plan: PhasePlan, phase: PollPhase, elapsedMs: number, random: number, jitter: number): number {
  const { timesMs } = plan;
  let i = firstAbove(timesMs, elapsedMs);
  if (i >= timesMs.length) i = timesMs.length + tailIndex(plan, phase, elapsedMs);
  // Within the earliest window of the poll due next: this poll was that one, come early.
  while (timeAt(plan, phase, i) - elapsedMs <= earliness(plan, phase, i, jitter)) i++;
  return Math.max(elapsedMs, timeAt(plan, phase, i) - earliness(plan, phase, i, random * jitter));
}

/** A gap within the plan's bound. */
function bounded(plan: PhasePlan, gap: number): number {
  return plan.maxGapMs === null ? gap : Math.min(plan.maxGapMs, gap);
}

/** The time of the plan's poll `i`, ms after the phase's start; past the plan, gaps proportional to the time spent, within the bound. */
function timeAt(plan: PhasePlan, phase: PollPhase, i: number): number {
  const { timesMs } = plan;
  const last = timesMs.at(-1) ?? 0;
  if (i < timesMs.length) return timesMs[i] ?? last;
  let at = last;
  for (let k = timesMs.length; k <= i; k++) at += bounded(plan, tailGapMs(phase, at));
  return at;
}

/** How early poll `i` may come at `share` of the gap before it, never stretching the gap after it past the bound. */
function earliness(plan: PhasePlan, phase: PollPhase, i: number, share: number): number {
  const gap = timeAt(plan, phase, i) - (i > 0 ? timeAt(plan, phase, i - 1) : 0);
  const room = plan.maxGapMs === null ? Infinity : Math.max(0, plan.maxGapMs - (timeAt(plan, phase, i + 1) - timeAt(plan, phase, i)));
  // Whole seconds, like the plan's grid, so jitter never splits a second the plan counted as one.
  return Math.min(room, Math.floor((share * gap) / 1000) * 1000);
}

/** How many tail gaps past the plan's last poll lie at or before `elapsedMs`. */
function tailIndex(plan: PhasePlan, phase: PollPhase, elapsedMs: number): number {
  let at = plan.timesMs.at(-1) ?? 0;
  let k = 0;
  while (at <= elapsedMs) {
    at += bounded(plan, tailGapMs(phase, at));
    if (at <= elapsedMs) k++;
  }
  return k;
}

/**
 * A policy derived from duration distributions: per phase, the poll schedule with the fewest
 * expected calls at the lag target, computed once on first use.
 *
 * @example
 * // Learned from past creates, a 10 s mean lag, and no early-failure bound.
 * bindMachines(ports, { pollPolicy: distributionPolicy({ distributions: { create: { samplesMs: pastCreateMs } }, lagTargetMs: 10_000, failureNoticeMs: { create: null } }) });
 */
export function distributionPolicy(options: DistributionPolicyOptions = {}): PollPolicy {
  const distributions = { ...DEFAULT_DURATION_DISTRIBUTIONS, ...options.distributions };
  const notice = { ...DEFAULT_FAILURE_NOTICE_MS, ...options.failureNoticeMs };
  const lagTarget = (phase: PollPhase): number => {
    const given = options.lagTargetMs;
    if (typeof given === 'number') return given;
    return given?.[phase] ?? DEFAULT_LAG_TARGETS_MS[phase] ?? DEFAULT_LAG_TARGETS_MS.create ?? 20_000;
  };
  const jitter = options.jitter ?? DEFAULT_POLL_JITTER;
  if (!(jitter >= 0 && jitter < 1)) throw new RangeError(`jitter must be in [0, 1), got ${jitter}`);
  // Refused here, at binding, rather than inside a running machine's wait; only the schedules wait for first use.
  const grids = new Map<PollPhase, GridDistribution>();
  for (const [phase, distribution] of Object.entries(distributions) as Array<[PollPhase, DurationDistribution]>) {
    grids.set(phase, toGrid(distribution));
    const lag = lagTarget(phase);
    const gap = notice[phase] ?? null;
    if (!(lag >= 0 && Number.isFinite(lag))) throw new RangeError(`lagTargetMs must be a non-negative number of ms, got ${lag} for ${phase}`);
    if (gap !== null && !(gap >= 1_000 && Number.isFinite(gap))) throw new RangeError(`failureNoticeMs must be at least 1000 ms, got ${gap} for ${phase}`);
  }
  const fallback = options.fallback ?? rangeCadencePolicy;
  const plans = new Map<PollPhase, PhasePlan>();
  const planOf = (phase: PollPhase): PhasePlan | null => {
    const grid = grids.get(phase);
    if (grid === undefined) return null;
    let plan = plans.get(phase);
    if (plan === undefined) {
      plan = phasePlan(grid, lagTarget(phase), notice[phase] ?? null);
      plans.set(phase, plan);
    }
    return plan;
  };
  return (ctx) => {
    const plan = planOf(ctx.phase);
    if (plan === null) return fallback(ctx);
    return planNextPollMs(plan, ctx.phase, ctx.elapsedMs, ctx.random, jitter) - ctx.elapsedMs;
  };
}
