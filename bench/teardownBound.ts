/**
 * How close an orchestrated teardown comes to the fastest any tool could go. The physical bound is
 * read off the simulated world of the same run: every environment deleted at the first instant
 * (its own deletion plus MWAA's cleanup after it, the slowest of them), then the role's deletion
 * task. The anchor a script reaches without parallelism is the sum of those deletions instead of
 * their maximum. Measured with and without random throttling.
 */
import { performance } from 'node:perf_hooks';
import { WorldEventKind } from '../adapters/simulator';
import { DEFAULT_SETTLE_MS } from '../machines/account.context';
import { runMachine } from '../machines/run';
import { bindMachines } from '../machines/wiring';
import { fmt, median, printTable } from './table';
import { teardownWorld } from './teardownCalls';

/** One measured teardown against its bounds. */
export interface TeardownBound {
  environments: number;
  /** Share of every call throttled at random. */
  throttleRate: number;
  /** The orchestrator's settle window, virtual minutes. */
  settleMin: number;
  /** The bound when the role's request may go no sooner than the settle window allows: max(bound's deletions, settle) plus the role's task. */
  settleBoundMin: number;
  settleRatio: number;
  /** Virtual minutes from the teardown's start until the orchestrator ended. */
  achievedMin: number;
  /** Slowest deletion with its cleanup, plus the role's deletion task, in virtual minutes. */
  boundMin: number;
  /** The deletions one after another, plus the role's task: a script without parallelism. */
  sequentialMin: number;
  ratio: number;
  outcome: string;
  /** Nothing left behind and nothing orphaned. */
  clean: boolean;
  realMs: number;
}

/** Creates `count` environments over ten regions, then tears them down with the account orchestrator and reads the bound off the world. */
export async function teardownBound(count: number, throttleRate: number, seed = 1, settleMs?: number): Promise<TeardownBound> {
  const { sim, ports, regions, environments } = await teardownWorld(count, seed);
  if (throttleRate > 0) sim.addFault({ operation: '*', kind: 'throttle', rate: throttleRate });
  const start = sim.clock.now();
  const realStart = performance.now();
  const bound = bindMachines(ports, { clock: sim.clock });
  const outcome = await sim.clock.run(runMachine(bound.account, { plan: 'teardown', regions: [...regions], environments, forceRoleDeletion: true, ...(settleMs === undefined ? {} : { timeouts: { settleMs } }) }));
  const end = sim.clock.now();
  const realMs = performance.now() - realStart;

  // Each environment's own time: from the DeleteEnvironment that took effect to the end of MWAA's cleanup.
  const deletedAt = new Map<string, number>();
  for (const call of sim.calls()) {
    if (call.at >= start && call.operation === 'mwaa.deleteEnvironment' && call.outcome === 'ok' && call.target !== undefined && !deletedAt.has(`${call.region}/${call.target}`)) {
      deletedAt.set(`${call.region}/${call.target}`, call.at);
    }
  }
  const events = sim.events().filter((e) => e.at >= start);
  const cleanedAt = new Map<string, number>();
  for (const e of events) if (e.kind === WorldEventKind.cleanupDone) cleanedAt.set(`${e.region}/${e.name}`, e.at);
  const own = [...deletedAt.entries()].map(([key, at]) => (cleanedAt.get(key) ?? end) - at);
  const requested = events.find((e) => e.kind === WorldEventKind.roleDeletionRequested)?.at ?? end;
  const roleGone = events.find((e) => e.kind === WorldEventKind.roleDeleted)?.at ?? end;
  const roleTask = roleGone - requested;
  const boundMs = Math.max(0, ...own) + roleTask;
  const sequentialMs = own.reduce((sum, ms) => sum + ms, 0) + roleTask;
  const inv = sim.inventory();
  const settle = settleMs ?? DEFAULT_SETTLE_MS;
  const settleBoundMs = Math.max(Math.max(0, ...own), settle) + roleTask;
  return {
    environments: count,
    throttleRate,
    settleMin: settle / 60_000,
    settleBoundMin: settleBoundMs / 60_000,
    settleRatio: (end - start) / settleBoundMs,
    achievedMin: (end - start) / 60_000,
    boundMin: boundMs / 60_000,
    sequentialMin: sequentialMs / 60_000,
    ratio: (end - start) / boundMs,
    outcome: outcome.result,
    clean: inv.environments.length + inv.vpcEndpoints.length + inv.networkInterfaces.length === 0 && own.length === count,
    realMs,
  };
}

/** One configuration of the teardown section, over several seeds: the worst seed is the figure, the median how typical it is. */
export interface TeardownBoundRow {
  environments: number;
  throttleRate: number;
  settleMin: number;
  seeds: number[];
  /** The seed whose ratio with the settle window was the highest, with all its figures. */
  worst: TeardownBound & { seed: number };
  medianSettleRatio: number;
  /** Every seed ended with the role deleted and nothing left behind. */
  allClean: boolean;
  runs: Array<TeardownBound & { seed: number }>;
}

/**
 * A bench section: teardowns of each size in `sizes`, default and short settle window, with and
 * without 10% throttling, each over `seeds` (throttling hits different calls in each), against
 * their bounds.
 */
export async function teardownBoundSection(sizes: readonly number[], seeds: readonly number[]): Promise<TeardownBoundRow[]> {
  const rows: TeardownBoundRow[] = [];
  for (const settleMs of [undefined, 5 * 60_000]) {
    for (const rate of [0, 0.1]) {
      for (const n of sizes) {
        const runs: Array<TeardownBound & { seed: number }> = [];
        for (const seed of seeds) runs.push({ ...(await teardownBound(n, rate, seed, settleMs)), seed });
        const worst = runs.reduce((a, b) => (b.settleRatio > a.settleRatio ? b : a));
        rows.push({
          environments: n,
          throttleRate: rate,
          settleMin: worst.settleMin,
          seeds: [...seeds],
          worst,
          medianSettleRatio: median(runs.map((r) => r.settleRatio)),
          allClean: runs.every((r) => r.clean && r.outcome === 'roleDeleted'),
          runs,
        });
      }
    }
  }
  printTable(
    `Orchestrated teardown over 10 regions against the physical bound, worst of ${seeds.length} seeds (target ≤ 1.05×; anchors: the bound, the bound with the settle window, a sequential script)`,
    ['environments:', 'throttled:', 'settle min:', 'ratio with settle, worst:', 'median:', 'worst seed:', 'its virtual min:', 'its bound with settle min:', 'its bound min:', 'its ratio:', 'sequential script min:', 'faster than sequential:', 'clean, every seed'],
    rows.map(({ worst: r, ...row }) => [
      String(row.environments),
      `${fmt(row.throttleRate * 100, 0)}%`,
      fmt(row.settleMin, 0),
      fmt(r.settleRatio, 3),
      fmt(row.medianSettleRatio, 3),
      String(r.seed),
      fmt(r.achievedMin),
      fmt(r.settleBoundMin),
      fmt(r.boundMin),
      fmt(r.ratio, 3),
      fmt(r.sequentialMin, 0),
      `${fmt(r.sequentialMin / r.achievedMin, 0)}×`,
      row.allClean ? 'yes' : 'NO',
    ]),
  );
  return rows;
}
