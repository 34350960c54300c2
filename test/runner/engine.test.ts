/**
 * The runner's engine on each database: lifecycles submitted once run to their end through
 * pg-boss steps, a save over a stale version is refused, the role is one operation per account at
 * a time, and a foreign environment keeps the role with its reason.
 */
import { LifecycleRunner } from '../../runner/runner';
import { lifecyclesOfPlan } from '../../runner/plan';
import { lockAccount } from '../../runner/accountLock';
import { saveStep, StaleVersionError } from '../../runner/store';
import type { RunnerDatabase } from '../../runner/database';
import { RUNNER_SCHEMA } from '../../runner/schema';
import { type drivenSimulator, eventually, leftovers, notePostgresSkipped, openTestRunner, spec, testDatabases } from './support';

const SPEED = 600;
const plan = { regions: ['eu-west-1', 'us-east-1'], environments: [{ region: 'eu-west-1', spec: spec('alpha') }, { region: 'us-east-1', spec: spec('beta') }] };
// At 600x the default 2-minute verdict age is 0.2 real seconds, less than a survey of every region
// can take on a loaded machine; a longer one keeps these tests about the runner, not the machine's speed.
const gateTimeouts = { settleMs: 10 * 60_000, blockedMs: 40 * 60_000, verdictMaxAgeMs: 20 * 60_000 };

notePostgresSkipped();

describe.each(testDatabases())('the runner on $name', (db) => {
  let database: RunnerDatabase;
  let runner: LifecycleRunner;
  let world: ReturnType<typeof drivenSimulator>;
  let close = async (): Promise<void> => undefined;

  beforeEach(async () => {
    ({ database, world, runner, close } = await openTestRunner(db, SPEED));
  });
  afterEach(() => close());

  const finished = async (): Promise<boolean> => (await runner.list({ running: true })).length === 0;

  test('runs an apply and a teardown to their ends, each lifecycle once, and deletes the role only after both environments are gone', async () => {
    const applied = await runner.submit(lifecyclesOfPlan(plan, { intent: 'apply' }));
    expect(applied.map((s) => s.id)).toEqual(['123456789012/*/role/ensure#1', '123456789012/eu-west-1/alpha/create#1', '123456789012/us-east-1/beta/create#1']);
    await runner.work({ concurrency: 3 });
    await eventually(finished, 'the apply to finish');
    const created = await runner.list();
    expect(created.map((l) => [l.id, l.result])).toEqual([
      ['123456789012/*/role/ensure#1', 'ensured'],
      ['123456789012/eu-west-1/alpha/create#1', 'available'],
      ['123456789012/us-east-1/beta/create#1', 'available'],
    ]);
    // Parked between polls: more than one step each, every one recorded.
    const history = await runner.history('123456789012/eu-west-1/alpha/create#1');
    expect(history.length).toBeGreaterThan(2);
    expect(history.map((h) => h.version)).toEqual(history.map((_, i) => i));
    expect(history.some((h) => h.happened === 'parked' && h.wakeAt !== null)).toBe(true);

    await runner.submit(lifecyclesOfPlan(plan, { intent: 'teardown', gateTimeouts }));
    await eventually(finished, 'the teardown to finish');
    const all = await runner.list();
    expect(Object.fromEntries(all.map((l) => [l.id, l.result]))).toMatchObject({
      '123456789012/eu-west-1/alpha/delete#1': 'deleted',
      '123456789012/us-east-1/beta/delete#1': 'deleted',
      '123456789012/*/role/deleteRole#1': 'roleDeleted',
    });
    expect(world.sim.calls().filter((c) => c.operation === 'mwaa.createEnvironment')).toHaveLength(2);
    const deletions = world.sim.calls().filter((c) => c.operation === 'iam.deleteRole');
    expect(deletions).toHaveLength(1);
    const lastGone = Math.max(...world.sim.events().filter((e) => e.kind === 'environment.gone' || e.kind === 'cleanup.done').map((e) => e.at));
    expect(deletions[0]!.startedAt).toBeGreaterThan(lastGone);
    expect(leftovers(world.sim)).toEqual([]);
  }, 90_000);

  test('submitting the same plan twice adds nothing while its lifecycles run', async () => {
    const first = await runner.submit(lifecyclesOfPlan(plan, { intent: 'apply' }));
    const second = await runner.submit(lifecyclesOfPlan(plan, { intent: 'apply' }));
    expect(first.every((s) => s.created)).toBe(true);
    expect(second).toEqual(first.map((s) => ({ id: s.id, created: false })));
    const concurrent = await Promise.all([runner.submit(lifecyclesOfPlan(plan, { intent: 'teardown' })), runner.submit(lifecyclesOfPlan(plan, { intent: 'teardown' }))]);
    expect(concurrent[0].map((s) => s.id)).toEqual(concurrent[1].map((s) => s.id));
    expect(concurrent.flat().filter((s) => s.created)).toHaveLength(3);
    expect(await runner.list()).toHaveLength(6);
  });

  test('a snapshot saved under another snapshot schema is not restored: the lifecycle ends incompatible, saying why', async () => {
    const [role] = await runner.submit(lifecyclesOfPlan(plan, { intent: 'apply' }).slice(0, 1));
    await database.sql.query(`UPDATE ${RUNNER_SCHEMA}.lifecycle SET snapshot = '{"status":"active"}', snapshot_schema = 999 WHERE id = $1`, [role!.id]);
    await runner.work({ concurrency: 1 });
    await eventually(finished, 'the lifecycle to end');
    const row = await runner.get(role!.id);
    expect(row?.result).toBe('incompatible');
    expect(row?.outcome).toMatchObject({ reason: expect.stringContaining('snapshot schema 999') as unknown });
    expect(world.sim.calls()).toEqual([]);
  });

  test('a lifecycle whose next job was lost is queued again by reconcile, and then finishes', async () => {
    const [role] = await runner.submit(lifecyclesOfPlan(plan, { intent: 'apply' }).slice(0, 1));
    await database.sql.query("DELETE FROM pgboss.job WHERE name = 'mwaa-lifecycle-steps'");
    expect(await runner.reconcile({ olderThanMs: 60_000 })).toEqual([]);
    await database.sql.query(`UPDATE ${RUNNER_SCHEMA}.lifecycle SET updated_at = now() - interval '2 minutes' WHERE id = $1`, [role!.id]);
    expect(await runner.reconcile({ olderThanMs: 60_000 })).toEqual([role!.id]);
    await runner.work({ concurrency: 1 });
    await eventually(finished, 'the lifecycle to end');
    expect((await runner.get(role!.id))?.result).toBe('ensured');
  });

  test('a save over a version another worker has already saved is refused', async () => {
    const [role] = await runner.submit(lifecyclesOfPlan(plan, { intent: 'apply' }));
    const save = { snapshot: null, phase: 'waiting' as const, stateValue: null, wakeAt: null, summary: null, happened: 'test', worker: 'a', step: false };
    await database.transaction((tx) => saveStep(tx, role!.id, 0, save));
    await expect(database.transaction((tx) => saveStep(tx, role!.id, 0, { ...save, worker: 'b' }))).rejects.toBeInstanceOf(StaleVersionError);
    const lifecycle = await runner.get(role!.id);
    expect(lifecycle?.version).toBe(1);
    expect((await runner.history(role!.id)).map((h) => h.worker)).toEqual([null, 'a']);
  });

  // PGlite serves one connection at a time, so only a server can show two transactions overlapping.
  if (db.name === 'PostgreSQL') test("a lifecycle's ending waits for an admission decision in progress on its account", async () => {
    const [role] = await runner.submit(lifecyclesOfPlan(plan, { intent: 'apply' }));
    const account = (await runner.get(role!.id))!.account;
    let release = (): void => undefined;
    let deciding = (): void => undefined;
    const decisionStarted = new Promise<void>((resolve) => (deciding = resolve));
    const decision = database.transaction(async (tx) => {
      await lockAccount(tx, account);
      deciding();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await decisionStarted;
    const ending = { snapshot: null, phase: 'finished' as const, stateValue: null, wakeAt: null, summary: null, result: 'ensured', outcome: { result: 'ensured' }, happened: 'ended ensured', worker: 'a', step: false };
    let ended = false;
    const end = database.transaction((tx) => saveStep(tx, role!.id, 0, ending)).then(() => (ended = true));
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(ended).toBe(false);
      expect((await runner.get(role!.id))?.finishedAt).toBeNull();
    } finally {
      release();
      await Promise.all([decision, end]);
    }
    expect((await runner.get(role!.id))?.result).toBe('ensured');
  });
});
