/**
 * Chaos on real PostgreSQL: lifecycles (an apply, then a teardown whose role deletion someone
 * else's environment blocks for a while) run by three worker processes against `serve` on a
 * sped-up clock, while a random worker is SIGKILLed every few seconds and restarted, and
 * PostgreSQL itself is stopped and restarted on the same data. Every lifecycle finishes exactly
 * once, no environment is created twice, the role's deletion is requested only once nothing uses
 * it, nothing is left behind, and no due step waits longer than the tuned heartbeat expiry.
 *
 * MWAA_LIFECYCLE_CHAOS_ENVIRONMENTS sets how many environments (default 24: 50 lifecycles).
 * The test runs on the server named by MWAA_LIFECYCLE_CHAOS_DATABASE_URL, else the shared
 * MWAA_LIFECYCLE_TEST_DATABASE_URL. It restarts that server only when MWAA_LIFECYCLE_TEST_PGDATA
 * names its data folder (and MWAA_LIFECYCLE_TEST_PGCTL its pg_ctl, default the one on PATH): .ci/run
 * gives it a server of its own for that, so no other test file sees its server go away.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { openPostgres } from '../../runner/database';
import { lifecyclesOfPlan } from '../../runner/plan';
import { LifecycleRunner } from '../../runner/runner';
import { DEFAULT_TUNING } from '../../runner/tuning';
import { startServer, type RunningServer } from '../../server';
import { scenarioFromJson } from '../../server/scenario';
import { spawnWarpedCli } from '../server/support/cli';
import { DATABASE_URL_VARIABLE, eventually, freshPostgresDatabase, leftovers, spec } from './support';

const SPEED = 120;
const WORKERS = 3;
const ENVIRONMENTS = Number(process.env['MWAA_LIFECYCLE_CHAOS_ENVIRONMENTS'] ?? 24);
const REGIONS = ['eu-west-1', 'us-east-1', 'ap-southeast-2'];
const url = process.env['MWAA_LIFECYCLE_CHAOS_DATABASE_URL'] ?? process.env[DATABASE_URL_VARIABLE];
const pgdata = process.env['MWAA_LIFECYCLE_TEST_PGDATA'];
const minutes = (min: number, max: number) => ({ minMs: min * 60_000, maxMs: max * 60_000 });

const foreign = { region: 'us-east-1', spec: { ...spec('someone-elses'), networkConfiguration: { subnetIds: ['subnet-0ddd', 'subnet-0eee'], securityGroupIds: ['sg-0fff'] } } };
const plan = {
  regions: REGIONS,
  environments: Array.from({ length: ENVIRONMENTS }, (_, i) => ({ region: REGIONS[i % REGIONS.length] as string, spec: spec(`chaos-${String(i).padStart(2, '0')}`) })),
};
const world = {
  seed: 11,
  timings: { create: minutes(2, 4), delete: minutes(1, 2), cleanupAfterDelete: minutes(0.2, 0.5), deletedVisibility: minutes(0.2, 0.3) },
  environmentQuota: 100,
  foreignEnvironments: [foreign],
};

const describeChaos = url ? describe : describe.skip;
if (!url) test.skip(`chaos on PostgreSQL (skipped: set ${DATABASE_URL_VARIABLE} to a server's URL, as .ci/run does)`, () => undefined);

describeChaos('chaos: workers SIGKILLed and PostgreSQL restarted', () => {
  let server: RunningServer;
  let databaseUrl: string;
  let observer: LifecycleRunner;
  const workers: Array<ChildProcess | null> = [];
  const log: string[] = [];
  let chaos = true;

  const startWorker = (slot: number): void => {
    const child = spawnWarpedCli(['worker', '--database-url', databaseUrl, '--endpoint-url', server.url, '--concurrency', '4', '--park-after', '0.5'], { warp: SPEED });
    // One line per step: drained, so a full pipe never stalls a worker.
    child.stdout?.resume();
    child.stderr?.on('data', (d: Buffer) => log.push(`[worker ${slot}] ${d.toString().trim()}`));
    workers[slot] = child;
  };

  beforeAll(async () => {
    databaseUrl = await freshPostgresDatabase(url as string);
    server = await startServer({ port: 0, scenario: scenarioFromJson({ simulator: world, regions: REGIONS }, 'chaos'), clock: { kind: 'speed', speed: SPEED } });
    observer = await LifecycleRunner.open({ database: openPostgres(databaseUrl), supervise: false });
  });
  afterAll(async () => {
    chaos = false;
    for (const child of workers) child?.kill('SIGKILL');
    await observer?.stop({ timeoutMs: 1_000 });
    await server?.close();
  });

  test(`${2 * ENVIRONMENTS + 2} lifecycles each finish exactly once, and the role goes only once nothing uses it`, async () => {
    const applied = await observer.submit(lifecyclesOfPlan(plan, { intent: 'apply' }));
    for (let slot = 0; slot < WORKERS; slot++) startWorker(slot);
    let kills = 0;
    const killer = (async () => {
      while (chaos) {
        await new Promise((resolve) => setTimeout(resolve, 2_000 + Math.random() * 2_000));
        if (!chaos) break;
        const slot = Math.floor(Math.random() * WORKERS);
        workers[slot]?.kill('SIGKILL');
        kills++;
        await new Promise((resolve) => setTimeout(resolve, 500));
        if (chaos) startWorker(slot);
      }
    })();
    // While PostgreSQL restarts, reading fails: that is "not yet", not a failure.
    const finished = async (ids: Array<{ id: string }>): Promise<boolean> => {
      const rows = await observer.list().catch(() => null);
      return rows !== null && ids.every(({ id }) => rows.find((r) => r.id === id)?.finishedAt !== null);
    };
    await eventually(() => finished(applied), 'the apply to finish', 240_000);

    const tornDown = await observer.submit(lifecyclesOfPlan(plan, { intent: 'teardown', forceRole: true, gateTimeouts: { settleMs: 5 * 60_000 } }));
    const gate = tornDown[tornDown.length - 1] as { id: string };
    // Someone else's environment keeps the role: the gate says so, and its owner then deletes it.
    await eventually(async () => JSON.stringify((await observer.get(gate.id))?.summary ?? {}).includes('someone-elses'), 'the gate to name the foreign environment', 240_000);
    expect((await observer.get(gate.id))?.summary).toMatchObject({ waitReason: 'inUse' });
    let restarted = false;
    if (pgdata) {
      const binary = process.env['MWAA_LIFECYCLE_TEST_PGCTL'] ?? 'pg_ctl';
      const pgctl = (...args: string[]): void => void execFileSync('runuser', ['-u', 'postgres', '--', binary, '-D', pgdata, ...args], { stdio: 'ignore' });
      pgctl('stop', '-m', 'immediate');
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      pgctl('start', '-w', '-l', join(pgdata, '..', 'restart.log'));
      restarted = true;
    }
    await server.world.sim.ports().mwaa.deleteEnvironment(foreign.region, foreign.spec.name);
    await eventually(() => finished(tornDown), 'the teardown to finish', 300_000);
    chaos = false;
    await killer;
    for (const child of workers) child?.kill('SIGTERM');

    // Every lifecycle ended once, as it should.
    const rows = await observer.list();
    expect(rows).toHaveLength(2 * ENVIRONMENTS + 2);
    for (const r of rows) {
      const expected = r.kind === 'role' ? 'ensured' : r.kind === 'gate' ? 'roleDeleted' : r.operation === 'create' ? 'available' : 'deleted';
      // A wrong ending shows why it ended so, and every lifecycle's ending, for the diagnosis.
      if (r.result !== expected) console.log(JSON.stringify({ wrong: r.id, outcome: r.outcome, history: await observer.history(r.id), all: rows.map((o) => [o.id, o.result, o.createdAt, o.finishedAt]) }, null, 1));
      expect([r.id, r.result]).toEqual([r.id, expected]);
      const ended = (await observer.history(r.id)).filter((h) => h.happened.startsWith('ended'));
      expect(ended).toHaveLength(1);
    }
    // No environment was created twice, and the role's deletion came after everything that used it was gone.
    const calls = server.world.sim.calls();
    const creates = calls.filter((c) => c.operation === 'mwaa.createEnvironment' && c.outcome === 'ok' && String(c.target).startsWith('chaos-')).map((c) => `${String(c.region)}/${String(c.target)}`);
    expect(new Set(creates).size).toBe(creates.length);
    expect(creates).toHaveLength(ENVIRONMENTS);
    const deletions = calls.filter((c) => c.operation === 'iam.deleteRole');
    expect(deletions.length).toBeGreaterThanOrEqual(1);
    const lastUse = Math.max(...server.world.sim.events().filter((e) => ['environment.gone', 'cleanup.done', 'endpoint.deleted', 'eni.deleted'].includes(e.kind)).map((e) => e.at));
    for (const d of deletions) expect(d.startedAt).toBeGreaterThan(lastUse);
    expect(leftovers(server.world.sim)).toEqual([]);
    // No due step waited much past a dead worker's heartbeat expiry: the measure runs from the wake
    // time to the end of the next saved step, which may itself follow a killed attempt, so the bound
    // allows two expiries with their monitor passes, and 10 s for a restarted worker and the database
    // outage. pg-boss's default expiry alone would be 15 minutes.
    const bound = (2 * (DEFAULT_TUNING.heartbeatSeconds + DEFAULT_TUNING.monitorIntervalSeconds) + 10) * 1000;
    let longest = 0;
    for (const r of rows) {
      const history = await observer.history(r.id);
      history.forEach((h, i) => {
        const next = history[i + 1];
        if (h.wakeAt && next) longest = Math.max(longest, next.at.getTime() - Math.max(h.wakeAt.getTime(), h.at.getTime()));
      });
    }
    if (longest >= bound) console.log(log.join('\n'));
    expect(longest).toBeLessThan(bound);
    console.log(`chaos: ${rows.length} lifecycles, ${kills} workers killed, PostgreSQL restarted: ${restarted}, longest wait past a wake: ${longest} ms`);
  }, 600_000);
});
