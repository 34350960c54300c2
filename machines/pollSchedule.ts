/**
 * Poll schedules as arithmetic: a phase's duration distribution on a time grid, the schedule that
 * makes the fewest expected polls for a given mean notice lag (dynamic programming), and the exact
 * calls and lag of any list of poll times against a distribution. Pure; no clock, no machines.
 */

/** A span of time, ms, every moment in it equally likely. */
export interface DurationSpan {
  minMs: number;
  maxMs: number;
}

/**
 * How long a phase takes: a range (uniform), durations observed in past runs (smoothed), or the sum
 * of independent parts (a wait that is one delay followed by another).
 */
export type DurationDistribution =
  | DurationSpan
  | { samplesMs: readonly number[]; /** Half-width of the smoothing around each sample, ms. Default: from the samples' spread. */ bandwidthMs?: number }
  | { sumOf: readonly DurationDistribution[] };

/** A distribution on a grid: `mass[i]` is the chance that the phase ends in `((i-1)·stepMs, i·stepMs]`, so a poll at `i·stepMs` is the first to see it. */
export interface GridDistribution {
  stepMs: number;
  mass: Float64Array;
}

/** The grid's finest step, ms. */
export const GRID_STEP_MS = 1_000;
/** Grids hold at most this many points; a longer distribution gets a coarser step. */
const MAX_GRID_POINTS = 7_200;

const normalised = (mass: Float64Array): Float64Array => {
  const total = mass.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new RangeError('a duration distribution needs some probability mass');
  return mass.map((m) => m / total);
};

function spanMass(span: DurationSpan, stepMs: number): Float64Array {
  const lo = Math.max(0, span.minMs);
  const hi = Math.max(lo, span.maxMs);
  const mass = new Float64Array(Math.ceil(hi / stepMs) + 1);
  if (hi === lo) {
    mass[Math.ceil(lo / stepMs)] = 1;
    return mass;
  }
  for (let i = Math.max(1, Math.ceil(lo / stepMs)); i < mass.length; i++) {
    const overlap = Math.min(hi, i * stepMs) - Math.max(lo, (i - 1) * stepMs);
    if (overlap > 0) mass[i] = overlap;
  }
  return normalised(mass);
}

function samplesMass(samples: readonly number[], bandwidthMs: number | undefined, stepMs: number): Float64Array {
  const xs = samples.filter((x) => Number.isFinite(x) && x >= 0);
  if (xs.length === 0) throw new RangeError('samplesMs needs at least one non-negative duration');
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length);
  // Silverman's rule, but never narrower than 5% of the typical duration: a few samples are not the whole truth.
  const h = bandwidthMs ?? Math.max(1.06 * sd * xs.length ** -0.2, 0.05 * mean, stepMs);
  const mass = new Float64Array(Math.ceil((Math.max(...xs) + h) / stepMs) + 1);
  for (const x of xs) {
    const part = spanMass({ minMs: Math.max(0, x - h), maxMs: x + h }, stepMs);
    part.forEach((m, i) => (mass[i] = (mass[i] ?? 0) + m));
  }
  return normalised(mass);
}

function convolve(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length - 1);
  a.forEach((x, i) => {
    if (x !== 0) b.forEach((y, j) => (out[i + j] = (out[i + j] ?? 0) + x * y));
  });
  return out;
}

/** The longest duration `d` can take, ms (for choosing a grid step). */
export function longestMs(d: DurationDistribution): number {
  if ('sumOf' in d) return d.sumOf.reduce((a, p) => a + longestMs(p), 0);
  if ('samplesMs' in d) return Math.max(0, ...d.samplesMs) * 1.5 + (d.bandwidthMs ?? 0);
  return d.maxMs;
}

/** `d` on a grid of {@link GRID_STEP_MS}, coarser when the distribution is longer than two hours. */
export function toGrid(d: DurationDistribution, stepMs = GRID_STEP_MS * Math.max(1, Math.ceil(longestMs(d) / (GRID_STEP_MS * MAX_GRID_POINTS)))): GridDistribution {
  const mass = (x: DurationDistribution): Float64Array => {
    if ('sumOf' in x) {
      if (x.sumOf.length === 0) throw new RangeError('sumOf needs at least one part');
      return x.sumOf.map(mass).reduce(convolve);
    }
    if ('samplesMs' in x) return samplesMass(x.samplesMs, x.bandwidthMs, stepMs);
    if (!(Number.isFinite(x.minMs) && Number.isFinite(x.maxMs) && x.minMs >= 0 && x.maxMs >= x.minMs)) {
      throw new RangeError(`a duration range needs 0 <= minMs <= maxMs, got ${x.minMs}..${x.maxMs}`);
    }
    return spanMass(x, stepMs);
  };
  return { stepMs, mass: mass(d) };
}

/** What a schedule costs against a distribution. */
export interface ScheduleCost {
  /** Expected polls after the phase's start until the end is seen. */
  calls: number;
  /** Expected time from the end to the poll that sees it, ms. */
  meanLagMs: number;
  /** 95th percentile of that time, ms. */
  p95LagMs: number;
}

/** Exact calls and lag of poll times `timesMs` (ascending, after 0, reaching the distribution's end) against `grid`. */
export function scheduleCost(grid: GridDistribution, timesMs: readonly number[]): ScheduleCost {
  let calls = 0;
  let lag = 0;
  const lags: Array<[number, number]> = [];
  let k = 0;
  grid.mass.forEach((m, i) => {
    if (m === 0) return;
    const endMs = i * grid.stepMs;
    while (k < timesMs.length && (timesMs[k] ?? Infinity) < endMs) k++;
    const seenAt = timesMs[k];
    if (seenAt === undefined) throw new RangeError(`the schedule stops at ${timesMs.at(-1) ?? 0} ms, before the distribution's end at ${endMs} ms`);
    calls += m * (k + 1);
    lag += m * (seenAt - endMs);
    lags.push([seenAt - endMs, m]);
  });
  return { calls, meanLagMs: lag, p95LagMs: quantile(lags, 0.95) };
}

/** The `q` quantile of weighted values. */
export function quantile(weighted: Array<[number, number]>, q: number): number {
  weighted.sort((a, b) => a[0] - b[0]);
  let seen = 0;
  for (const [value, weight] of weighted) {
    seen += weight;
    if (seen >= q - 1e-12) return value;
  }
  return weighted.at(-1)?.[0] ?? NaN;
}

/** An optimal schedule for one price of lag, with its cost. */
export interface OptimalSchedule extends ScheduleCost {
  /** Poll times after the phase's start, ms. */
  timesMs: number[];
  /** The price of one second of mean lag, in polls, that it minimises `calls + lambda · lag` for. */
  lambda: number;
}

/**
 * The schedule minimising `E[calls] + lambda · E[lag in s]` over poll times on the grid, every gap
 * at most `maxGapMs` (a failure at any moment is then seen within it). Dynamic programming over the
 * last poll's time: O(points × longest gap).
 */
export function optimalSchedule(grid: GridDistribution, lambda: number, maxGapMs: number | null = null): OptimalSchedule {
  const { mass, stepMs } = grid;
  const n = mass.length - 1;
  const cdf = new Float64Array(n + 1);
  const moment = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) {
    cdf[i] = (i > 0 ? cdf[i - 1]! : 0) + mass[i]!;
    moment[i] = (i > 0 ? moment[i - 1]! : 0) + i * mass[i]!;
  }
  const first = mass.findIndex((m) => m > 0);
  const gap = maxGapMs === null ? n : Math.max(1, Math.floor(maxGapMs / stepMs));
  const priceOfStep = (lambda * stepMs) / 1000;
  const value = new Float64Array(n + 1);
  const next = new Int32Array(n + 1).fill(-1);
  for (let s = n - 1; s >= 0; s--) {
    const cdfS = cdf[s]!;
    const momentS = moment[s]!;
    const survive = 1 - cdfS;
    if (survive <= 1e-12) continue;
    // Without a gap limit, polling before the first possible end only costs.
    if (maxGapMs === null && s > 0 && s < first - 1) continue;
    let best = Infinity;
    let bestT = -1;
    const from = maxGapMs === null && s < first ? first : s + 1;
    const to = Math.min(n, s + gap);
    for (let t = from; t <= to; t++) {
      const cost = survive + priceOfStep * (t * (cdf[t]! - cdfS) - (moment[t]! - momentS)) + value[t]!;
      if (cost < best) {
        best = cost;
        bestT = t;
      }
    }
    value[s] = best;
    next[s] = bestT;
  }
  const timesMs: number[] = [];
  for (let s = next[0]!; s > 0; s = next[s]!) timesMs.push(s * stepMs);
  if (timesMs.length === 0) timesMs.push(n * stepMs);
  return { ...scheduleCost(grid, timesMs), timesMs, lambda };
}

/** The optimum on both sides of a mean lag: the hull points around it, and its interpolated calls. */
export interface OptimumAtLag {
  /** The optimal schedule with the largest mean lag not above the target. */
  within: OptimalSchedule;
  /** The optimal schedule with the smallest mean lag above the target (null when none is). */
  beyond: OptimalSchedule | null;
  /** Fewest expected calls at exactly the target mean lag (mixing the two schedules), the anchor of any policy at that lag. */
  calls: number;
}

/**
 * The optimum at mean lag `lagMs`: bisects the price of lag until the optimal schedules on either
 * side of the target are adjacent points of the lower convex hull of (lag, calls).
 */
export function optimumAtLag(grid: GridDistribution, lagMs: number, maxGapMs: number | null = null, iterations = 40): OptimumAtLag {
  let lo = Math.log(1e-7);
  let hi = Math.log(1e3);
  let within = optimalSchedule(grid, Math.exp(hi), maxGapMs);
  let beyond: OptimalSchedule | null = null;
  for (let i = 0; i < iterations; i++) {
    const mid = (lo + hi) / 2;
    const s = optimalSchedule(grid, Math.exp(mid), maxGapMs);
    if (s.meanLagMs <= lagMs) {
      within = s;
      hi = mid;
    } else {
      beyond = s;
      lo = mid;
    }
  }
  if (beyond === null || beyond.meanLagMs === within.meanLagMs) return { within, beyond, calls: within.calls };
  const share = Math.min(1, Math.max(0, (lagMs - within.meanLagMs) / (beyond.meanLagMs - within.meanLagMs)));
  return { within, beyond, calls: within.calls + share * (beyond.calls - within.calls) };
}
