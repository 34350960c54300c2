/**
 * The polling targets: for create, update, delete and the cleanup wait, the default policy's calls
 * against the optimum at its own mean lag (dynamic programming on a 1-second grid), and against
 * each fixed interval, a Terraform-like waiter and the previous default, where the derived policy
 * is rebuilt at that anchor's mean lag to show who spends fewer calls for no more lag.
 */
import { performance } from 'node:perf_hooks';
import {
  DEFAULT_DURATION_DISTRIBUTIONS,
  DEFAULT_FAILURE_NOTICE_MS,
  distributionPolicy,
  expectedDurationPolicy,
  fixedIntervalPolicy,
  pollTimes,
  rangeCadencePolicy,
  type PollPhase,
  type PollPolicy,
} from '../machines/polling';
import { optimumAtLag, toGrid, type GridDistribution, type ScheduleCost } from '../machines/pollSchedule';
import { failureNotice, gridEndMs, policyCost, terraformLikePolicy, type FailureNotice } from './pollingAnchors';
import { fmt, printTable } from './table';

const PHASES = ['create', 'update', 'delete', 'cleanup'] as const;

/** The anchors every phase is compared with. */
export const POLLING_ANCHORS: ReadonlyArray<[string, PollPolicy]> = [
  ['fixed 10 s', fixedIntervalPolicy(10_000)],
  ['fixed 30 s', fixedIntervalPolicy(30_000)],
  ['fixed 60 s', fixedIntervalPolicy(60_000)],
  ['Terraform-like (0.2 s doubling to 10 s)', terraformLikePolicy],
  ['previous default (halving, then 15-60 s backoff)', rangeCadencePolicy],
];

/** The default policy on one phase, next to its optimum. */
export interface PhaseFigures {
  phase: PollPhase;
  policy: ScheduleCost;
  /** Optimal calls at the policy's mean lag, under the same gap bound, and with none. */
  optimumCalls: number;
  unboundedOptimumCalls: number;
  ratio: number;
  maxGapMs: number | null;
  /** Real ms to compute the phase's schedule, once per distribution and lag target. */
  precomputeMs: number;
  anchors: AnchorFigures[];
}

/** One anchor on one phase, and the derived policy rebuilt at its mean lag (with the phase's gap bound, and without). */
export interface AnchorFigures {
  anchor: string;
  cost: ScheduleCost;
  /** The anchor's longest gap before the distribution's end, ms (how late it may see a failure). */
  longestGapMs: number;
  derived: ScheduleCost;
  unboundedDerivedCalls: number;
  optimumCalls: number;
  verdict: 'yes' | 'tie' | 'NO' | 'breaks the bound';
}

/**
 * The derived policy at the mean lag `lagMs`: its lag target, corrected up to four times by what jitter adds,
 * so it lands at or just under `lagMs`.
 */
function derivedAt(phase: PollPhase, grid: GridDistribution, lagMs: number, maxGapMs: number | null): ScheduleCost {
  const options = { failureNoticeMs: { [phase]: maxGapMs } };
  let target = lagMs;
  let cost = policyCost(distributionPolicy({ ...options, lagTargetMs: target }), phase, grid);
  for (let i = 0; i < 4 && cost.meanLagMs > lagMs; i++) {
    target -= cost.meanLagMs - lagMs + 100;
    cost = policyCost(distributionPolicy({ ...options, lagTargetMs: Math.max(0, target) }), phase, grid);
  }
  return cost;
}

function anchorFigures(phase: PollPhase, grid: GridDistribution, maxGapMs: number | null, anchor: string, p: PollPolicy): AnchorFigures {
  const cost = policyCost(p, phase, grid);
  const times = pollTimes(p, phase, gridEndMs(grid), 'eu-west-1/a');
  const longestGapMs = Math.max(...times.map((t, i) => t - (times[i - 1] ?? 0)));
  const derived = derivedAt(phase, grid, cost.meanLagMs, maxGapMs);
  const unboundedDerivedCalls = maxGapMs === null ? derived.calls : derivedAt(phase, grid, cost.meanLagMs, null).calls;
  const noWorse = derived.calls <= cost.calls + 1e-6 && derived.meanLagMs <= cost.meanLagMs + 1e-6;
  const ties = noWorse && Math.abs(derived.calls - cost.calls) < 0.01 * cost.calls;
  const verdict = maxGapMs !== null && longestGapMs > maxGapMs && !noWorse ? 'breaks the bound' : ties ? 'tie' : noWorse ? 'yes' : 'NO';
  return { anchor, cost, longestGapMs, derived, unboundedDerivedCalls, optimumCalls: optimumAtLag(grid, cost.meanLagMs, maxGapMs).calls, verdict };
}

/** Prices every policy on `phase` against its default distribution. */
export function phaseFigures(phase: PollPhase): PhaseFigures {
  const grid = toGrid(DEFAULT_DURATION_DISTRIBUTIONS[phase]!);
  const maxGapMs = DEFAULT_FAILURE_NOTICE_MS[phase] ?? null;
  const fresh = distributionPolicy();
  const t0 = performance.now();
  fresh({ phase, attempt: 0, elapsedMs: 0, random: 0 });
  const precomputeMs = performance.now() - t0;
  const policy = policyCost(expectedDurationPolicy, phase, grid);
  const optimumCalls = optimumAtLag(grid, policy.meanLagMs, maxGapMs).calls;
  const unboundedOptimumCalls = optimumAtLag(grid, policy.meanLagMs, null).calls;
  const anchors = POLLING_ANCHORS.map(([anchor, p]) => anchorFigures(phase, grid, maxGapMs, anchor, p));
  return { phase, policy, optimumCalls, unboundedOptimumCalls, ratio: policy.calls / optimumCalls, maxGapMs, precomputeMs, anchors };
}

/** Early CREATE_FAILED: how late each policy sees a failure at a random moment of a 35-minute create. */
export function earlyFailureFigures(): Array<{ policy: string } & FailureNotice> {
  const horizon = 35 * 60_000;
  return [['default (derived)', expectedDurationPolicy] as const, ...POLLING_ANCHORS].map(([policy, p]) => ({ policy, ...failureNotice(p, 'create', horizon) }));
}

const s = (ms: number): string => fmt(ms / 1000);

/** Prints the polling tables and returns their figures. */
export function pollingTargetsSection(): { phases: PhaseFigures[]; earlyFailure: ReturnType<typeof earlyFailureFigures> } {
  const phases = PHASES.map(phaseFigures);
  printTable(
    'Polling: default policy against the optimum at equal mean lag (DP on a 1 s grid; target ≤ 1.2×)',
    ['phase', 'distribution', 'calls:', 'mean lag s:', 'p95 lag s:', 'optimum calls, same gap bound:', 'ratio (≤ 1.2):', 'optimum calls, no bound:', 'ratio to it:', 'schedule computed in ms:'],
    phases.map((f) => [
      f.phase,
      f.phase === 'cleanup' ? '1-2 + 1-5 min after DELETED' : `${(DEFAULT_DURATION_DISTRIBUTIONS[f.phase] as { minMs: number }).minMs / 60_000}-${(DEFAULT_DURATION_DISTRIBUTIONS[f.phase] as { maxMs: number }).maxMs / 60_000} min uniform${f.maxGapMs === null ? '' : `, gaps ≤ ${f.maxGapMs / 1000} s`}`,
      fmt(f.policy.calls, 2),
      s(f.policy.meanLagMs),
      s(f.policy.p95LagMs),
      fmt(f.optimumCalls, 2),
      fmt(f.ratio, 2),
      fmt(f.unboundedOptimumCalls, 2),
      fmt(f.policy.calls / f.unboundedOptimumCalls, 2),
      fmt(f.precomputeMs, 0),
    ]),
  );
  for (const f of phases) {
    printTable(
      `Polling ${f.phase}: each anchor against the derived policy rebuilt at the anchor's mean lag${f.maxGapMs === null ? '' : ` (gaps ≤ ${f.maxGapMs / 1000} s)`}`,
      ['anchor', 'anchor calls:', 'anchor mean lag s:', 'anchor p95 s:', 'anchor longest gap s:', 'derived calls:', 'derived mean lag s:', 'derived p95 s:', 'optimum calls:', ...(f.maxGapMs === null ? [] : ['derived, no bound, calls:']), 'derived Pareto-better'],
      f.anchors.map((a) => [
        a.anchor,
        fmt(a.cost.calls, 2),
        s(a.cost.meanLagMs),
        s(a.cost.p95LagMs),
        s(a.longestGapMs),
        fmt(a.derived.calls, 2),
        s(a.derived.meanLagMs),
        s(a.derived.p95LagMs),
        fmt(a.optimumCalls, 2),
        ...(f.maxGapMs === null ? [] : [fmt(a.unboundedDerivedCalls, 2)]),
        a.verdict,
      ]),
    );
  }
  const earlyFailure = earlyFailureFigures();
  printTable(
    'Early CREATE_FAILED: seconds from a failure at a random moment of a 35-minute create to the poll that sees it (target p95 ≤ 60 s anywhere)',
    ['policy', 'mean s:', 'p95 s:', 'worst 5-min window p95 s:', 'max s:'],
    earlyFailure.map((r) => [r.policy, fmt(r.meanS), fmt(r.p95S), fmt(r.worstWindowP95S), fmt(r.maxS)]),
  );
  return { phases, earlyFailure };
}
