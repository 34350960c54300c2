/**
 * `npm run bench`: figures for the README and closing notes, measured in one run so their ratios
 * compare fairly on a noisy machine. `npm run bench -- --quick` runs every section at a small size
 * (what CI runs, to keep the benchmark working); no figure ever fails the run. The figures also go
 * to bench/results.json (see bench/README.md).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSimulatedAws } from '../adapters/simulator';
import { startMachine } from '../machines/run';
import { bindMachines } from '../machines/wiring';
import { benchSpec, createUnderPolicy, fullLifecycle, naiveTeardown, orchestratedTeardown, POLICIES } from './scenarios';
import { cleanupSection, clockSection, concurrencySection, teardownSection, throughputSection, type SectionSizes } from './sections';
import { earlyFailureRuns, wallTimeRows, type WallTimeRow } from './pollingRuns';
import { pollingTargetsSection } from './pollingTargets';
import { teardownBoundSection } from './teardownBound';
import { fmt, mean, median, printTable } from './table';

const QUICK = process.argv.includes('--quick');
const SEEDS = Array.from({ length: QUICK ? 3 : 20 }, (_, i) => i + 1);

const SIZES: SectionSizes = QUICK
  ? { clockPending: [100, 1_000, 30_000], clockSteps: 500, sequentialLifecycles: 5, rounds: 1, concurrent: [10, 1_000], concurrentRounds: 1, teardowns: [10] }
  : { clockPending: [100, 1_000, 10_000, 30_000], clockSteps: 2_000, sequentialLifecycles: 50, rounds: 3, concurrent: [10, 100, 1_000, 10_000], concurrentRounds: 2, teardowns: [10, 100] };

async function lifecycleSpeed(): Promise<unknown[]> {
  const rows = [];
  for (const count of QUICK ? [1, 5] : [1, 5, 10, 20]) {
    const runs = [];
    for (const seed of SEEDS.slice(0, 5)) runs.push(await fullLifecycle(count, seed));
    rows.push({
      environments: count,
      virtualHours: mean(runs.map((r) => r.virtualHours)),
      calls: mean(runs.map((r) => r.calls)),
      realMs: median(runs.map((r) => r.realMs)),
      clean: runs.every((r) => r.clean),
    });
  }
  printTable(
    'Whole account lifecycle on the simulator (apply, teardown, role deletion)',
    ['environments:', 'virtual hours:', 'API calls:', 'real ms (median):', 'virtual hours per real second:', 'clean'],
    rows.map((r) => [String(r.environments), fmt(r.virtualHours, 2), fmt(r.calls, 0), fmt(r.realMs, 0), fmt(r.virtualHours / (r.realMs / 1000), 0), r.clean ? 'yes' : 'NO']),
  );
  return rows;
}

async function pollingCost(): Promise<unknown[]> {
  const rows = [];
  for (const [name, policy] of POLICIES) {
    const runs = [];
    for (const seed of SEEDS) runs.push(await createUnderPolicy(policy, seed));
    rows.push({ policy: name, polls: mean(runs.map((r) => r.polls)), lagS: mean(runs.map((r) => r.noticeLagMs)) / 1000, maxLagS: Math.max(...runs.map((r) => r.noticeLagMs)) / 1000 });
  }
  printTable(
    'Polling a 20-35 minute create through the machines on the simulator: calls against how late AVAILABLE is noticed',
    ['policy', 'GetEnvironment calls (mean):', 'notice lag s (mean):', 'notice lag s (max):'],
    rows.map((r) => [r.policy, fmt(r.polls), fmt(r.lagS), fmt(r.maxLagS)]),
  );
  return rows;
}

/** The polling targets (priced exactly against the distributions), then the same policy through the machines. */
async function pollingTargets(): Promise<unknown> {
  const targets = pollingTargetsSection();
  const early = await earlyFailureRuns(SEEDS.slice(0, QUICK ? 2 : 8));
  printTable(
    'Early CREATE_FAILED through the machines: seconds from CREATE_FAILED to the createFailed outcome (target ≤ 60)',
    ['fails at minute:', 'runs:', 'mean s:', 'max s:'],
    early.map((r) => [fmt(r.failsAtMinute), String(QUICK ? 2 : 8), fmt(r.meanS), fmt(r.maxS)]),
  );
  const wall = await wallTimeRows(QUICK ? 3 : 40, QUICK ? 1 : 3);
  const short = (policy: string): WallTimeRow | undefined => wall.find((r) => r.policy === policy && r.createMinutes === 2);
  const perCallUs = (r: WallTimeRow | undefined): number => (r ? (r.msPerLifecycle * 1000) / r.portCalls : NaN);
  printTable(
    'Wall time of a lifecycle with a 2-hour create against one with a 2-minute create, by polling policy (target long / short ≤ 1.2; per port call, the simulator\'s own cost)',
    ['policy', 'create min:', 'GetEnvironment calls:', 'fewest create polls within the bound:', 'port calls:', 'ms per lifecycle:', 'µs per port call:', 'long / short:', 'long / short per call:'],
    wall.map((r) => [
      r.policy,
      String(r.createMinutes),
      fmt(r.getEnvironmentCalls),
      r.fewestCreatePolls === null ? '—' : String(r.fewestCreatePolls),
      fmt(r.portCalls),
      fmt(r.msPerLifecycle),
      fmt(perCallUs(r)),
      r.createMinutes === 2 ? '' : fmt(r.msPerLifecycle / (short(r.policy)?.msPerLifecycle ?? NaN), 2),
      r.createMinutes === 2 ? '' : fmt(perCallUs(r) / perCallUs(short(r.policy)), 2),
    ]),
  );
  return { ...targets, earlyFailureThroughMachines: early, wallTime: wall };
}

async function teardownSafety(): Promise<unknown[]> {
  const rows = [];
  for (const [name, strategy] of [
    ['delete envs, wait for not-found, delete role', naiveTeardown],
    ['account orchestrator', orchestratedTeardown],
  ] as const) {
    const runs = [];
    for (const seed of SEEDS) runs.push(await strategy(seed, 3));
    rows.push({
      strategy: name,
      leaking: runs.filter((r) => r.leaked > 0).length,
      runs: runs.length,
      leaked: mean(runs.map((r) => r.leaked)),
      gapS: median(runs.map((r) => r.gapMs)) / 1000,
      lagS: median(runs.map((r) => r.lagMs)) / 1000,
    });
  }
  printTable(
    'Teardown of 3 environments: resources left behind because the role went too early',
    ['strategy', 'runs leaking:', 'resources leaked (mean):', 'last env gone → role deletion request, s (median):', 'nothing left using the role → request, s (median):'],
    rows.map((r) => [r.strategy, `${r.leaking}/${r.runs}`, fmt(r.leaked), fmt(r.gapS), fmt(r.lagS)]),
  );
  return rows;
}

async function snapshotCost(): Promise<{ bytes: number; microseconds: number }> {
  const sim = createSimulatedAws({ seed: 1 });
  const bound = bindMachines(sim.ports(), { clock: sim.clock });
  const environments = Array.from({ length: 10 }, (_, i) => ({ region: 'eu-west-1', spec: benchSpec(`env${i}`) }));
  const { actor } = startMachine(bound.account, { plan: 'apply', regions: ['eu-west-1'], environments });
  await sim.clock.advance(15 * 60_000);
  const rounds = QUICK ? 20 : 200;
  const t0 = performance.now();
  let json = '';
  for (let i = 0; i < rounds; i++) json = JSON.stringify(actor.getPersistedSnapshot());
  const t1 = performance.now();
  actor.stop();
  const figures = { bytes: json.length, microseconds: ((t1 - t0) / rounds) * 1000 };
  console.log('\n## Persisted snapshot of an orchestrator with 10 environments mid-create\n');
  console.log(`size ${figures.bytes} bytes; persist + stringify ${fmt(figures.microseconds, 0)} µs per snapshot`);
  return figures;
}

async function benchMain(): Promise<void> {
  console.log(`# mwaa-lifecycle benchmark (${QUICK ? 'quick' : 'full'}: ${SEEDS.length} seeds, node ${process.version})`);
  const started = Date.now();
  const results = {
    mode: QUICK ? 'quick' : 'full',
    node: process.version,
    startedAt: new Date(started).toISOString(),
    clock: await clockSection(SIZES),
    throughput: await throughputSection(SIZES),
    concurrency: await concurrencySection(SIZES),
    teardownCalls: await teardownSection(SIZES),
    cleanupChecks: await cleanupSection(SIZES),
    teardownBound: await teardownBoundSection(SIZES.teardowns, SEEDS.slice(0, QUICK ? 2 : 10)),
    lifecycle: await lifecycleSpeed(),
    polling: await pollingCost(),
    pollingTargets: await pollingTargets(),
    teardownSafety: await teardownSafety(),
    snapshot: await snapshotCost(),
    realSeconds: 0,
  };
  results.realSeconds = (Date.now() - started) / 1000;
  const file = join(__dirname, 'results.json');
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nFigures written to ${file} (${fmt(results.realSeconds, 0)} s).`);
}

benchMain().catch((e: unknown) => {
  // A broken benchmark is a failure; a poor figure never is.
  console.error(e);
  process.exit(1);
});
