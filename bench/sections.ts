/**
 * The simulator-cost sections of `npm run bench`: each measures one target of the performance
 * work with its anchor in the same run, prints a table, and returns its figures for results.json.
 */
import { cleanupLag, type CleanupLag } from './cleanupLag';
import { clockSteps, type ClockStepRow } from './clockSteps';
import { concurrencyInChild, type ConcurrencyRow } from './concurrency';
import { lifecycleShape } from './lifecycles';
import { fmt, printTable } from './table';
import { teardownCalls, type TeardownCalls } from './teardownCalls';
import { throughput, type ThroughputFigures } from './throughput';

/** How big each section runs. */
export interface SectionSizes {
  clockPending: number[];
  clockSteps: number;
  sequentialLifecycles: number;
  rounds: number;
  concurrent: number[];
  /** Alternating rounds per concurrency size; each side keeps its fastest. */
  concurrentRounds: number;
  teardowns: number[];
}

/** VirtualClock step cost against the scanning reference. */
export async function clockSection(sizes: SectionSizes): Promise<ClockStepRow[]> {
  const rows = await clockSteps(sizes.clockPending, sizes.clockSteps);
  printTable(
    'VirtualClock: real µs per step with N timers pending (anchor: the previous clock, which scanned every timer)',
    ['pending timers:', 'heap µs/step:', 'scan µs/step (anchor):', 'scan / heap:'],
    rows.map((r) => [String(r.pending), fmt(r.heapUs), fmt(r.scanUs), fmt(r.scanUs / r.heapUs)]),
  );
  return rows;
}

/** Sequential lifecycles per second against the bare-XState ceiling. */
export async function throughputSection(sizes: SectionSizes): Promise<ThroughputFigures> {
  const t = await throughput(sizes.sequentialLifecycles, sizes.rounds);
  printTable(
    `Simulation throughput, one lifecycle at a time (create → AVAILABLE, delete → cleanup confirmed: ${t.shape.promiseActors} promise actors, ${t.shape.calls} port calls)`,
    ['workload', 'lifecycles/s:', 'anchor', 'anchor lifecycles/s:', 'ratio:', 'target'],
    [
      ['simulator, default timings', fmt(t.simulated), 'bare XState, same promise actors', fmt(t.bare), fmt(t.ratio, 2), '≥ 0.5'],
      ['simulator, default timings', fmt(t.simulated), `bare XState, same kinds of actor (${t.shape.waits} waits as timer actors)`, fmt(t.bareSameKinds), fmt(t.ratioSameKinds, 2), 'none (stricter anchor)'],
      ['simulator, 2-hour create', fmt(t.longCreate), 'same with a 2-minute create', fmt(t.shortCreate), fmt(t.longOverShort, 2), 'wall time long / short ≤ 1.2'],
    ],
  );
  return t;
}

/** N concurrent lifecycles on one shared clock: wall time and heap, against N bare machines. */
export async function concurrencySection(sizes: SectionSizes): Promise<ConcurrencyRow[]> {
  const shape = await lifecycleShape(1);
  // A round of a small size repeats it until it holds 500 lifecycles (see `concurrencyTiming`); they get twice the rounds, so one slow round does not decide.
  const rows: ConcurrencyRow[] = [];
  for (const n of sizes.concurrent) rows.push(await concurrencyInChild(n, shape, n < 1_000 ? sizes.concurrentRounds * 2 : sizes.concurrentRounds));
  printTable(
    'Concurrent lifecycles in one account on one shared clock (anchor: as many bare machines on one clock)',
    ['environments:', 'real s:', 'ms/lifecycle:', 'bare ms/lifecycle:', 'ratio (≥ 0.5):', 'bare, timer waits, ms/lifecycle:', 'ratio to it:', 'peak heap MiB (< 1024):', 'bare peak heap MiB:', 'calls logged:', 'dropped by log limit:', 'all ended'],
    rows.map((r) => [
      String(r.environments),
      fmt(r.realS),
      fmt(r.msPerLifecycle, 2),
      fmt(r.bareMsPerLifecycle, 2),
      fmt(r.ratio, 2),
      fmt(r.bareSameKindsMsPerLifecycle, 2),
      fmt(r.ratioSameKinds, 2),
      fmt(r.peakHeapMiB),
      fmt(r.barePeakHeapMiB),
      String(r.calls),
      String(r.droppedCalls),
      r.allEnded ? 'yes' : 'NO',
    ]),
  );
  const spread = (xs: number[]): number => Math.max(...xs) / Math.min(...xs);
  console.log(
    `\nCPU per lifecycle from ${rows[0]?.environments ?? 0} to ${rows.at(-1)?.environments ?? 0} environments (target: flat): highest / lowest ${fmt(spread(rows.map((r) => r.msPerLifecycle)), 2)}×; bare machines ${fmt(spread(rows.map((r) => r.bareMsPerLifecycle)), 2)}×, with timer waits ${fmt(spread(rows.map((r) => r.bareSameKindsMsPerLifecycle)), 2)}×.`,
  );
  return rows;
}

/** One teardown's EC2 calls with shared cleanup checks, and with one listing per check. */
export interface TeardownSectionRow {
  shared: TeardownCalls;
  perCheck: TeardownCalls;
}

/** EC2 calls per environment of an orchestrated teardown, shared cleanup checks against one listing per check. */
export async function teardownSection(sizes: SectionSizes): Promise<TeardownSectionRow[]> {
  const rows: TeardownSectionRow[] = [];
  for (const n of sizes.teardowns) {
    rows.push({ shared: await teardownCalls(n), perCheck: await teardownCalls(n, 1, { sharedCleanupChecks: false }) });
  }
  const ec2 = (t: TeardownCalls, op: string): string => String(t.byOperation[`ec2.${op}`] ?? 0);
  printTable(
    'EC2 calls of an orchestrated teardown over 10 regions (target ≤ 15 per environment; anchor: one listing per cleanup check)',
    ['environments:', 'EC2 calls/env:', 'anchor EC2 calls/env:', 'endpoint lists:', 'interface lists:', 'all calls/env:', 'virtual min:', 'anchor virtual min:', 'real s:', 'clean'],
    rows.map(({ shared, perCheck }) => [
      String(shared.environments),
      fmt(shared.ec2PerEnvironment),
      fmt(perCheck.ec2PerEnvironment),
      ec2(shared, 'listManagedVpcEndpoints'),
      ec2(shared, 'listNetworkInterfaces'),
      fmt(shared.allCalls / shared.environments),
      fmt(shared.virtualMinutes),
      fmt(perCheck.virtualMinutes),
      fmt(shared.realMs / 1000, 2),
      shared.clean && perCheck.clean ? 'yes' : 'NO',
    ]),
  );
  return rows;
}

/** Environments deleted together by their own machines: EC2 calls and cleanup notice lag, shared against one listing per check. */
export async function cleanupSection(sizes: SectionSizes): Promise<Array<{ shared: CleanupLag; perCheck: CleanupLag }>> {
  const rows: Array<{ shared: CleanupLag; perCheck: CleanupLag }> = [];
  for (const n of sizes.teardowns) rows.push({ shared: await cleanupLag(n), perCheck: await cleanupLag(n, { sharedCleanupChecks: false }) });
  printTable(
    'Cleanup checks of environments deleted together over 10 regions, no orchestrator (anchor: one listing per check)',
    ['environments:', 'EC2 calls/env:', 'anchor EC2 calls/env:', 'notice lag s, mean:', 'anchor mean:', 'notice lag s, p95:', 'anchor p95:', 'all verified'],
    rows.map(({ shared, perCheck }) => [
      String(shared.environments),
      fmt(shared.ec2PerEnvironment),
      fmt(perCheck.ec2PerEnvironment),
      fmt(shared.meanLagS),
      fmt(perCheck.meanLagS),
      fmt(shared.p95LagS),
      fmt(perCheck.p95LagS),
      shared.allVerified && perCheck.allVerified ? 'yes' : 'NO',
    ]),
  );
  return rows;
}
