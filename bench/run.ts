/**
 * `npm run bench`: figures for the README and closing notes, measured in one run so their ratios
 * compare fairly on a noisy machine.
 */
import { performance } from 'node:perf_hooks';
import { createSimulatedAws } from '../adapters/simulator';
import { startMachine } from '../machines/run';
import { bindMachines } from '../machines/wiring';
import { benchSpec, createUnderPolicy, fullLifecycle, naiveTeardown, orchestratedTeardown, POLICIES } from './scenarios';

const SEEDS = Array.from({ length: Number(process.env.BENCH_SEEDS ?? 20) }, (_, i) => i + 1);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const fmt = (n: number, digits = 1): string => n.toFixed(digits);

async function lifecycleSpeed(): Promise<void> {
  console.log('\n## Whole account lifecycle on the simulator (apply, teardown, role deletion)\n');
  console.log('| environments | virtual hours | API calls | real ms (median) | virtual hours per real second | clean |');
  console.log('|---:|---:|---:|---:|---:|:---|');
  for (const count of [1, 5, 10, 20]) {
    const runs = [];
    for (const seed of SEEDS.slice(0, 5)) runs.push(await fullLifecycle(count, seed));
    const real = median(runs.map((r) => r.realMs));
    const hours = mean(runs.map((r) => r.virtualHours));
    console.log(`| ${count} | ${fmt(hours, 2)} | ${fmt(mean(runs.map((r) => r.calls)), 0)} | ${fmt(real, 0)} | ${fmt(hours / (real / 1000), 0)} | ${runs.every((r) => r.clean) ? 'yes' : 'NO'} |`);
  }
}

async function pollingCost(): Promise<void> {
  console.log('\n## Polling a 20-35 minute create: calls against how late AVAILABLE is noticed\n');
  console.log('| policy | GetEnvironment calls (mean) | notice lag s (mean) | notice lag s (max) |');
  console.log('|---|---:|---:|---:|');
  for (const [name, policy] of POLICIES) {
    const runs = [];
    for (const seed of SEEDS) runs.push(await createUnderPolicy(policy, seed));
    console.log(`| ${name} | ${fmt(mean(runs.map((r) => r.polls)))} | ${fmt(mean(runs.map((r) => r.noticeLagMs)) / 1000)} | ${fmt(Math.max(...runs.map((r) => r.noticeLagMs)) / 1000)} |`);
  }
}

async function teardownSafety(): Promise<void> {
  console.log('\n## Teardown of 3 environments: resources left behind because the role went too early\n');
  console.log('| strategy | runs leaking | resources leaked (mean) | last env gone → role deletion request, s (median) | nothing left using the role → request, s (median) |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [name, strategy] of [
    ['delete envs, wait for not-found, delete role', naiveTeardown],
    ['account orchestrator', orchestratedTeardown],
  ] as const) {
    const runs = [];
    for (const seed of SEEDS) runs.push(await strategy(seed, 3));
    console.log(
      `| ${name} | ${runs.filter((r) => r.leaked > 0).length}/${runs.length} | ${fmt(mean(runs.map((r) => r.leaked)))} | ${fmt(median(runs.map((r) => r.gapMs)) / 1000)} | ${fmt(median(runs.map((r) => r.lagMs)) / 1000)} |`,
    );
  }
}

async function snapshotCost(): Promise<void> {
  console.log('\n## Persisted snapshot of an orchestrator with 10 environments mid-create\n');
  const sim = createSimulatedAws({ seed: 1 });
  const bound = bindMachines(sim.ports(), { clock: sim.clock });
  const environments = Array.from({ length: 10 }, (_, i) => ({ region: 'eu-west-1', spec: benchSpec(`env${i}`) }));
  const { actor } = startMachine(bound.account, { plan: 'apply', regions: ['eu-west-1'], environments });
  await sim.clock.advance(15 * 60_000);
  const rounds = 200;
  const t0 = performance.now();
  let json = '';
  for (let i = 0; i < rounds; i++) json = JSON.stringify(actor.getPersistedSnapshot());
  const t1 = performance.now();
  actor.stop();
  console.log(`size ${json.length} bytes; persist + stringify ${fmt(((t1 - t0) / rounds) * 1000, 0)} µs per snapshot`);
}

async function benchMain(): Promise<void> {
  console.log(`# mwaa-lifecycle benchmark (${SEEDS.length} seeds, node ${process.version})`);
  await lifecycleSpeed();
  await pollingCost();
  await teardownSafety();
  await snapshotCost();
}

benchMain().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
