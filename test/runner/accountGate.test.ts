/**
 * The account-wide rules on each database: one role operation per account at a time, a foreign
 * environment keeps the role (the gate ends blocked, naming it), and cancel stops a lifecycle.
 */
import { bindMachines, runMachine } from '../../machines';
import { lifecyclesOfPlan } from '../../runner/plan';
import type { LifecycleRunner } from '../../runner/runner';
import { type drivenSimulator, eventually, notePostgresSkipped, openTestRunner, spec, testDatabases } from './support';

const SPEED = 600;
// At 600x the default 2-minute verdict age is 0.2 real seconds, less than a survey of every region
// can take on a loaded machine; these tests are about admission and blockers, not verdict freshness.
const VERDICT_MAX_AGE_MS = 20 * 60_000;
const plan = { regions: ['eu-west-1', 'us-east-1'], environments: [{ region: 'eu-west-1', spec: spec('alpha') }] };

notePostgresSkipped();

describe.each(testDatabases())('account rules on $name', (db) => {
  let runner: LifecycleRunner;
  let world: ReturnType<typeof drivenSimulator>;
  let close = async (): Promise<void> => undefined;

  beforeEach(async () => {
    ({ world, runner, close } = await openTestRunner(db, SPEED));
  });
  afterEach(() => close());

  const settled = async (): Promise<boolean> => (await runner.list({ running: true })).length === 0;

  test('runs one role operation per account at a time: the ensure and the deletion gate never overlap', async () => {
    const submitted = await runner.submit([...lifecyclesOfPlan(plan, { intent: 'apply' }).slice(0, 1), ...lifecyclesOfPlan(plan, { intent: 'delete-role', gateTimeouts: { settleMs: 5 * 60_000, verdictMaxAgeMs: VERDICT_MAX_AGE_MS } })]);
    expect(submitted.map((s) => s.id)).toEqual(['123456789012/*/role/ensure#1', '123456789012/*/role/deleteRole#1']);
    // Slow IAM answers keep the first role operation running while the second one is taken.
    world.sim.setLatency('iam.getRole', { minMs: 45_000, maxMs: 45_000 });
    await runner.work({ concurrency: 4 });
    await eventually(settled, 'both role operations to finish');
    const spans = await Promise.all(
      submitted.map(async ({ id }) => {
        const steps = (await runner.history(id)).filter((h) => h.worker !== null && !h.happened.startsWith('waiting'));
        const row = await runner.get(id);
        return { id, from: steps[0]!.at.getTime(), to: row!.finishedAt!.getTime(), waited: (await runner.history(id)).some((h) => h.happened.startsWith('waiting: the role is held by')) };
      }),
    );
    const [first, second] = [...spans].sort((a, b) => a.from - b.from);
    // The first step of the later one came after the earlier one had finished, and it had been told why it waited.
    expect(second!.from).toBeGreaterThanOrEqual(first!.to);
    expect(second!.waited).toBe(true);
  }, 60_000);

  test("keeps the role while someone else's environment uses it, and ends the gate blocked, naming that environment", async () => {
    await runner.submit(lifecyclesOfPlan(plan, { intent: 'apply' }));
    await runner.work({ concurrency: 3 });
    await eventually(settled, 'the apply to finish');
    const someoneElse = bindMachines(world.sim.ports(), { clock: world.sim.clock });
    const made = await runMachine(someoneElse.environment, { operation: 'create', region: 'us-east-1', spec: spec('gamma') });
    expect(made.result).toBe('available');
    const [gate] = (await runner.submit(lifecyclesOfPlan(plan, { intent: 'teardown', gateTimeouts: { settleMs: 5 * 60_000, blockedMs: 30 * 60_000, verdictMaxAgeMs: VERDICT_MAX_AGE_MS } }))).slice(-1);
    const usedByGamma: unknown = expect.arrayContaining([expect.objectContaining({ region: 'us-east-1', kind: 'environment', id: 'gamma' })]);
    await eventually(async () => (await runner.get(gate!.id))?.summary?.['waitReason'] === 'inUse', 'the gate to report what blocks it', 30_000);
    expect((await runner.get(gate!.id))?.summary).toMatchObject({ waitReason: 'inUse', blockers: usedByGamma });
    await eventually(settled, 'the gate to give up');
    const ended = await runner.get(gate!.id);
    expect(ended?.result).toBe('blocked');
    expect(ended?.outcome).toMatchObject({ result: 'blocked', reason: 'inUse', blockers: usedByGamma });
    expect(world.sim.calls().filter((c) => c.operation === 'iam.deleteRole')).toEqual([]);
    expect(world.sim.inventory().serviceLinkedRole).not.toBeNull();
  }, 60_000);

  test('cancel stops a running lifecycle at its next step, and is refused for a finished one', async () => {
    const [role, create] = await runner.submit(lifecyclesOfPlan(plan, { intent: 'apply' }));
    await runner.work({ concurrency: 2 });
    await eventually(async () => (await runner.get(create!.id))?.phase === 'parked', 'the create to park');
    expect(await runner.cancel(create!.id)).toBe(true);
    await eventually(async () => (await runner.get(create!.id))?.result === 'cancelled', 'the create to be cancelled');
    expect((await runner.history(create!.id)).map((h) => h.happened)).toEqual(expect.arrayContaining(['cancel requested', 'cancelled']));
    expect(await runner.cancel(role!.id)).toBe(false);
    expect(await runner.cancel('nothing/like/this#1')).toBe(false);
  }, 60_000);
});
