/**
 * The polling policy through the real machines on the simulator: how late a create that fails
 * early is reported, and what a long create costs in wall time against a short one, with the
 * default policy and with policies derived from the world's own create duration.
 */
import { performance } from 'node:perf_hooks';
import { createSimulatedAws, type SimulatorOptions } from '../adapters/simulator';
import { distributionPolicy, type PollPolicy } from '../machines/polling';
import { runMachine } from '../machines/run';
import { bindMachines } from '../machines/wiring';
import { lifecycle, lifecycleWorld } from './lifecycles';
import { benchSpec } from './scenarios';

/** Seconds from an early CREATE_FAILED to the machine's `createFailed` outcome, for a create that fails `afterMs` in. */
export async function earlyFailureLag(afterMs: number, seed: number): Promise<number> {
  const sim = createSimulatedAws({ seed });
  sim.planEnvironment('eu-west-1', 'failing', { createFails: { errorCode: 'INCORRECT_CONFIGURATION', errorMessage: 'bench' }, createDurationMs: afterMs });
  const bound = bindMachines(sim.ports(), { clock: sim.clock });
  const outcome = await sim.clock.run(runMachine(bound.environment, { operation: 'create', region: 'eu-west-1', spec: benchSpec('failing') }));
  if (outcome.result !== 'createFailed') throw new Error(`a create planned to fail ended ${outcome.result}`);
  const failedAt = sim.events().find((e) => e.kind === 'environment.status' && e.status === 'CREATE_FAILED')?.at ?? NaN;
  return (sim.clock.now() - failedAt) / 1000;
}

/** One lifecycle workload's wall time and polls. */
export interface WallTimeRow {
  policy: string;
  createMinutes: number;
  msPerLifecycle: number;
  getEnvironmentCalls: number;
  /** The fewest polls any schedule makes through the create while keeping its gap bound (none without a bound). */
  fewestCreatePolls: number | null;
  /** Every port call of the lifecycle (the polls, the lookups, the delete, the cleanup checks). */
  portCalls: number;
}

const minutes = (m: number): { minMs: number; maxMs: number } => ({ minMs: m * 60_000, maxMs: m * 60_000 });

async function lifecycles(count: number, policy: PollPolicy | null, options: SimulatorOptions): Promise<{ ms: number; polls: number; calls: number }> {
  const t0 = performance.now();
  let polls = 0;
  let calls = 0;
  for (let i = 0; i < count; i++) {
    const sim = lifecycleWorld(1, i + 1, options);
    const bound = bindMachines(sim.ports(), { clock: sim.clock, ...(policy ? { pollPolicy: policy } : {}) });
    if (!(await sim.clock.run(lifecycle(sim, bound.environment, 0)))) throw new Error('a benchmark lifecycle did not end as expected');
    const made = sim.calls();
    polls += made.filter((c) => c.operation === 'mwaa.getEnvironment').length;
    calls += made.length;
  }
  return { ms: (performance.now() - t0) / count, polls: polls / count, calls: calls / count };
}

/**
 * 2-minute and 2-hour creates (then a default delete) under the default policy and under policies
 * derived from the world's own create duration: best of `rounds` alternating rounds, after a
 * warm-up, so a noisy machine moves both sides of each ratio alike.
 */
export async function wallTimeRows(count: number, rounds: number): Promise<WallTimeRow[]> {
  const variants: Array<[string, (m: number) => PollPolicy | null, number | null]> = [
    ['default (20-35 min create, gaps ≤ 60 s)', () => null, 60_000],
    ["derived from the world's create, gaps ≤ 60 s", (m) => distributionPolicy({ distributions: { create: minutes(m) } }), 60_000],
    ["derived from the world's create, no gap bound", (m) => distributionPolicy({ distributions: { create: minutes(m) }, failureNoticeMs: { create: null } }), null],
  ];
  // Policies are built (and their schedules computed, once each) before the clock starts: that cost is per distribution, not per lifecycle.
  const rows = variants.flatMap(([policy, make, gapMs]) =>
    [2, 120].map((m) => ({
      policy,
      createMinutes: m,
      msPerLifecycle: Infinity,
      getEnvironmentCalls: 0,
      fewestCreatePolls: gapMs === null ? null : Math.ceil((m * 60_000) / gapMs),
      portCalls: 0,
      pollPolicy: make(m),
    })),
  );
  for (const row of rows) await lifecycles(1, row.pollPolicy, { timings: { create: minutes(row.createMinutes) } });
  for (let round = 0; round < rounds; round++) {
    for (const row of rows) {
      const r = await lifecycles(count, row.pollPolicy, { timings: { create: minutes(row.createMinutes) } });
      row.msPerLifecycle = Math.min(row.msPerLifecycle, r.ms);
      row.getEnvironmentCalls = r.polls;
      row.portCalls = r.calls;
    }
  }
  return rows.map(({ pollPolicy: _policy, ...row }) => row);
}

/** Early failures through the machines: each failure moment, the notice lag over `seeds`. */
export async function earlyFailureRuns(seeds: readonly number[]): Promise<Array<{ failsAtMinute: number; meanS: number; maxS: number }>> {
  const rows = [];
  for (const m of [0.5, 2.5, 7.3, 14.6, 19.9, 27.1, 33.4]) {
    const lags: number[] = [];
    // Offsets of a few seconds so each seed meets the schedule at another phase of its gap.
    for (const seed of seeds) lags.push(await earlyFailureLag(m * 60_000 + seed * 7_919, seed));
    rows.push({ failsAtMinute: m, meanS: lags.reduce((a, b) => a + b, 0) / lags.length, maxS: Math.max(...lags) });
  }
  return rows;
}
