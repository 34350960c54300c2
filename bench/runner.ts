/**
 * Benchmark of the runner: lifecycles finished per minute by 1, 2 and 4 worker processes against
 * `serve` on a sped-up clock, with the database's cost per step (transactions, rows written,
 * bytes per snapshot) and the CPU each party used, then a projection from those costs to a fleet.
 *
 *   npm run bench:runner -- --database-url postgres://postgres@127.0.0.1:5432/postgres [--environments 30] [--speed 120] [--park-after 0.2]
 *
 * The URL's server must let this user create databases: each trial gets a fresh one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Snapshot } from 'xstate';
import { createSimulatedAws } from '../adapters/simulator';
import { bindMachines } from '../machines/wiring';
import { expectedDurationPolicy } from '../machines/polling';
import { startServer } from '../server';
import { scenarioFromJson } from '../server/scenario';
import { openPostgres } from '../runner/database';
import { lifecyclesOfPlan } from '../runner/plan';
import { LifecycleRunner } from '../runner/runner';
import { runStep, type StepResult } from '../runner/step';

const ROOT = join(__dirname, '..');
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const URL_ARG = arg('database-url', process.env['MWAA_LIFECYCLE_BENCH_DATABASE_URL'] ?? '');
const ENVIRONMENTS = Number(arg('environments', '30'));
const SPEED = Number(arg('speed', '120'));
const PARK_AFTER = arg('park-after', '0.2');
const REGIONS = ['eu-west-1', 'us-east-1', 'ap-southeast-2'];
const minutes = (min: number, max: number) => ({ minMs: min * 60_000, maxMs: max * 60_000 });

const spec = (name: string) => ({
  name,
  executionRoleArn: 'arn:aws:iam::123456789012:role/mwaa-execution',
  sourceBucketArn: 'arn:aws:s3:::my-dags',
  dagS3Path: 'dags',
  networkConfiguration: { subnetIds: ['subnet-0a1', 'subnet-0b2'], securityGroupIds: ['sg-0c3'] },
});
const plan = { regions: REGIONS, environments: Array.from({ length: ENVIRONMENTS }, (_, i) => ({ region: REGIONS[i % REGIONS.length] as string, spec: spec(`bench-${i}`) })) };

/** CPU seconds (user + system) of a process, from /proc; 0 once it is gone. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds of every PostgreSQL process on this machine. */
function postgresCpu(): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') total += cpuSeconds(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

async function freshDatabase(url: string): Promise<string> {
  const name = `bench_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
}

interface DatabaseCounters {
  transactions: number;
  inserted: number;
  updated: number;
  deleted: number;
  fetched: number;
}

async function counters(url: string): Promise<DatabaseCounters> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<Record<string, string>>(
    'SELECT xact_commit + xact_rollback AS transactions, tup_inserted AS inserted, tup_updated AS updated, tup_deleted AS deleted, tup_fetched AS fetched FROM pg_stat_database WHERE datname = current_database()',
  );
  await client.end();
  const row = rows[0] ?? {};
  return { transactions: Number(row['transactions']), inserted: Number(row['inserted']), updated: Number(row['updated']), deleted: Number(row['deleted']), fetched: Number(row['fetched']) };
}

/** One trial: an apply then a teardown of the plan, worked by `workers` processes. */
async function trial(workers: number) {
  const url = await freshDatabase(URL_ARG);
  const server = await startServer({
    port: 0,
    scenario: scenarioFromJson({ regions: REGIONS, simulator: { seed: 5, environmentQuota: 1000, timings: { create: minutes(20, 35), delete: minutes(10, 25), cleanupAfterDelete: minutes(1, 5) } } }, 'bench'),
    clock: { kind: 'speed', speed: SPEED },
  });
  const observer = await LifecycleRunner.open({ database: openPostgres(url), supervise: false });
  const children: ChildProcess[] = [];
  for (let i = 0; i < workers; i++) {
    children.push(
      spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'cli', 'main.ts'), 'worker', '--database-url', url, '--endpoint-url', server.url, '--time-scale', String(SPEED), '--concurrency', '8', '--park-after', PARK_AFTER], {
        cwd: ROOT,
        env: { PATH: process.env['PATH'] ?? '', HOME: mkdtempSync(join(tmpdir(), 'mwaa-bench-')), AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        stdio: 'ignore',
      }),
    );
  }
  // Let the workers start before the clock of the trial starts.
  await new Promise((resolve) => setTimeout(resolve, 4_000));
  const before = await counters(url);
  const cpu0 = { workers: children.reduce((s, c) => s + cpuSeconds(c.pid ?? 0), 0), postgres: postgresCpu(), serve: process.cpuUsage() };
  const started = Date.now();
  const peakCpu = { workers: 0 };
  const sampler = setInterval(() => (peakCpu.workers = Math.max(peakCpu.workers, children.reduce((s, c) => s + cpuSeconds(c.pid ?? 0), 0))), 500);
  const waitAll = async (): Promise<void> => {
    while ((await observer.list({ running: true })).length > 0) await new Promise((resolve) => setTimeout(resolve, 250));
  };
  await observer.submit(lifecyclesOfPlan(plan, { intent: 'apply' }));
  await waitAll();
  await observer.submit(lifecyclesOfPlan(plan, { intent: 'teardown', gateTimeouts: { settleMs: 10 * 60_000 } }));
  await waitAll();
  const elapsedS = (Date.now() - started) / 1000;
  clearInterval(sampler);
  const workerCpu = Math.max(peakCpu.workers, children.reduce((s, c) => s + cpuSeconds(c.pid ?? 0), 0)) - cpu0.workers;
  const postgres = postgresCpu() - cpu0.postgres;
  const serveUsage = process.cpuUsage(cpu0.serve);
  const after = await counters(url);
  const rows = await observer.list();
  const client = new Client({ connectionString: url });
  await client.connect();
  const steps = Number((await client.query<{ n: string }>("SELECT count(*) AS n FROM mwaa_lifecycle.history WHERE worker IS NOT NULL")).rows[0]?.n);
  const bytes = (await client.query<{ avg: string; max: string }>('SELECT avg(octet_length(snapshot::text)) AS avg, max(octet_length(snapshot::text)) AS max FROM mwaa_lifecycle.lifecycle')).rows[0];
  const byKind = (await client.query<{ kind: string; operation: string; steps: string }>('SELECT kind, operation, avg(steps) AS steps FROM mwaa_lifecycle.lifecycle GROUP BY kind, operation ORDER BY kind, operation')).rows;
  await client.end();
  for (const c of children) c.kill('SIGTERM');
  await observer.stop({ timeoutMs: 1_000 });
  await server.close();
  const written = after.inserted - before.inserted + (after.updated - before.updated) + (after.deleted - before.deleted);
  return {
    workers,
    lifecycles: rows.length,
    ok: rows.every((r) => ['ensured', 'available', 'deleted', 'roleDeleted'].includes(r.result ?? '')),
    elapsedS: Math.round(elapsedS * 10) / 10,
    lifecyclesPerMinute: Math.round((rows.length / elapsedS) * 60),
    steps,
    stepsPerSecond: Math.round((steps / elapsedS) * 10) / 10,
    perStep: {
      transactions: Math.round(((after.transactions - before.transactions) / steps) * 10) / 10,
      rowsWritten: Math.round((written / steps) * 10) / 10,
      rowsRead: Math.round(((after.fetched - before.fetched) / steps) * 10) / 10,
    },
    snapshotBytes: { avg: Math.round(Number(bytes?.avg)), max: Number(bytes?.max) },
    stepsPerLifecycle: Object.fromEntries(byKind.map((k) => [`${k.kind}:${k.operation}`, Math.round(Number(k.steps) * 10) / 10])),
    cpuSecondsPerMinute: {
      workers: Math.round((workerCpu / elapsedS) * 60),
      postgres: Math.round((postgres / elapsedS) * 60),
      serveAndBench: Math.round(((serveUsage.user + serveUsage.system) / 1e6 / elapsedS) * 60),
    },
  };
}

/** Steps one lifecycle takes on the real clock (speed 1, park after 5 s): the simulator's default timings, on virtual time. */
async function realTimeSteps(): Promise<Record<string, number>> {
  const count = async (operation: 'create' | 'delete'): Promise<number> => {
    const sim = createSimulatedAws({ seed: 3 });
    const machines = bindMachines(sim.ports(), { clock: sim.clock });
    await sim.clock.run(sim.ports().serviceLinkedRole.createRole({}));
    if (operation === 'delete') await countSteps(machines.environment, { operation: 'create', region: 'eu-west-1', spec: spec('x') }, sim.clock);
    return countSteps(machines.environment, operation === 'create' ? { operation: 'create', region: 'eu-west-1', spec: spec('y') } : { operation: 'delete', region: 'eu-west-1', name: 'x', network: spec('x').networkConfiguration }, sim.clock);
  };
  return { 'environment:create': await count('create'), 'environment:delete': await count('delete') };
}

async function countSteps(logic: Parameters<typeof runStep>[0], input: unknown, clock: ReturnType<typeof createSimulatedAws>['clock']): Promise<number> {
  let snapshot: Snapshot<unknown> | null = null;
  for (let steps = 1; ; steps++) {
    const result: StepResult = await clock.run(runStep(logic, input, snapshot, { clock, pollPolicy: expectedDurationPolicy, parkAfterMs: 5_000, maxStepMs: 60_000, slackMs: 1_500 }));
    if (result.kind !== 'parked' || result.wakeAt === null) return steps;
    snapshot = result.snapshot;
    await clock.advanceTo(result.wakeAt);
  }
}

/** What a trial measured that a projection needs. */
export interface MeasuredCost {
  /** Steps one environment's create and delete take on the real clock. */
  stepsPerCreate: number;
  stepsPerDelete: number;
  /** Per step, from the trial with the most workers. */
  transactionsPerStep: number;
  rowsWrittenPerStep: number;
  snapshotBytes: number;
  /** Steps per second the trial's database took, and how much PostgreSQL CPU that cost (CPU seconds per minute). */
  stepsPerSecond: number;
  postgresCpuSecondsPerMinute: number;
}

/** The fleet's cost from measured per-step costs: `accounts` x `regions` x `perRegion` environments, each created and later deleted. */
export function projectFleet(cost: MeasuredCost, fleet = { accounts: 100, regions: 20, perRegion: 10 }) {
  const environments = fleet.accounts * fleet.regions * fleet.perRegion;
  const steps = environments * (cost.stepsPerCreate + cost.stepsPerDelete);
  // Every create started within the same hour: the steps the database must take per second meanwhile.
  const peakStepsPerSecond = (environments * cost.stepsPerCreate) / 3600;
  const cpuPerStep = cost.stepsPerSecond > 0 ? cost.postgresCpuSecondsPerMinute / 60 / cost.stepsPerSecond : 0;
  return {
    environments,
    lifecycles: environments * 2 + fleet.accounts * 2,
    steps,
    transactions: Math.round(steps * cost.transactionsPerStep),
    rowsWritten: Math.round(steps * cost.rowsWrittenPerStep),
    liveSnapshotMB: Math.round((environments * cost.snapshotBytes) / 1e5) / 10,
    peakStepsPerSecond: Math.round(peakStepsPerSecond * 10) / 10,
    peakPostgresCores: Math.round(peakStepsPerSecond * cpuPerStep * 100) / 100,
  };
}

async function main(): Promise<void> {
  if (!URL_ARG) throw new Error('give --database-url postgres://... (a server where this user may create databases)');
  const trials = [];
  for (const workers of [1, 2, 4]) {
    const result = await trial(workers);
    console.log(JSON.stringify(result));
    trials.push(result);
  }
  const real = await realTimeSteps();
  console.log(JSON.stringify({ realTimeStepsPerLifecycle: real }));
  const last = trials[trials.length - 1];
  if (!last) return;
  const projection = projectFleet({
    stepsPerCreate: real['environment:create'] ?? 0,
    stepsPerDelete: real['environment:delete'] ?? 0,
    transactionsPerStep: last.perStep.transactions,
    rowsWrittenPerStep: last.perStep.rowsWritten,
    snapshotBytes: last.snapshotBytes.avg,
    stepsPerSecond: last.stepsPerSecond,
    postgresCpuSecondsPerMinute: last.cpuSecondsPerMinute.postgres,
  });
  console.log(JSON.stringify({ fleet: projection }));
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
