/**
 * What the polling policy is judged against: fixed intervals, a Terraform-like waiter, the previous
 * default, and the optimum for the same duration distribution at the same mean lag. Every policy is
 * priced exactly against the distribution (its poll times for a few resources, so jitter counts).
 */
import { pollTimes, type PollPhase, type PollPolicy } from '../machines/polling';
import { scheduleCost, toGrid, type DurationDistribution, type GridDistribution, type ScheduleCost } from '../machines/pollSchedule';

/**
 * Terraform's AWS provider waits on MWAA with the plugin SDK's `StateChangeConf` defaults: a first
 * refresh at once, then sleeps of 0.2 s doubling up to 10 s (here never under the machines' 1 s
 * floor).
 */
export const terraformLikePolicy: PollPolicy = (ctx) => Math.min(10_000, 200 * 2 ** ctx.attempt);

/** Resources whose jitter is averaged over. */
const KEYS = ['eu-west-1/a', 'eu-west-1/b', 'us-east-1/c', 'us-east-1/d', 'eu-central-1/e', 'ap-southeast-2/f', 'us-west-2/g', 'eu-north-1/h'];

/** The grid's last time, ms. */
export const gridEndMs = (grid: GridDistribution): number => (grid.mass.length - 1) * grid.stepMs;

/** Mean calls, mean lag and p95 lag of `policy` in `phase` against `grid`, over {@link KEYS}. */
export function policyCost(policy: PollPolicy, phase: PollPhase, grid: GridDistribution): ScheduleCost {
  const costs = KEYS.map((key) => scheduleCost(grid, pollTimes(policy, phase, gridEndMs(grid), key)));
  const avg = (f: (c: ScheduleCost) => number): number => costs.reduce((a, c) => a + f(c), 0) / costs.length;
  return { calls: avg((c) => c.calls), meanLagMs: avg((c) => c.meanLagMs), p95LagMs: avg((c) => c.p95LagMs) };
}

/** How late `policy` sees a failure that happens at a uniformly random moment of `[0, horizonMs]`: over the whole span, and in its worst `windowMs` slice. */
export interface FailureNotice {
  meanS: number;
  p95S: number;
  worstWindowP95S: number;
  maxS: number;
}

/** The failure-notice figures of `policy` in `phase`, failures uniform over `[0, horizonMs]`, judged per `windowMs` slice. */
export function failureNotice(policy: PollPolicy, phase: PollPhase, horizonMs: number, windowMs = 5 * 60_000): FailureNotice {
  const whole = policyCost(policy, phase, toGrid({ minMs: 0, maxMs: horizonMs }));
  let worst = 0;
  let max = 0;
  for (let from = 0; from < horizonMs; from += windowMs) {
    const slice = policyCost(policy, phase, toGrid({ minMs: from, maxMs: Math.min(horizonMs, from + windowMs) }));
    worst = Math.max(worst, slice.p95LagMs);
    max = Math.max(max, ...KEYS.map((key) => maxLag(pollTimes(policy, phase, Math.min(horizonMs, from + windowMs), key), from)));
  }
  return { meanS: whole.meanLagMs / 1000, p95S: whole.p95LagMs / 1000, worstWindowP95S: worst / 1000, maxS: max / 1000 };
}

/** The longest gap between polls after `fromMs` (the worst wait for a failure there). */
const maxLag = (times: number[], fromMs: number): number =>
  Math.max(0, ...times.map((t, i) => (t > fromMs ? t - Math.max(fromMs, times[i - 1] ?? 0) : 0)));

/** The distribution a phase is priced against. */
export type Priced = { phase: PollPhase; distribution: DurationDistribution; maxGapMs: number | null };
