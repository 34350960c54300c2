/**
 * Two workers handed the same step (a job retried while its first worker was only slow) both run
 * it, but only one saves: the other's save, its next job and its completion are rolled back.
 */
import { bindMachines } from '../../machines/wiring';
import { expectedDurationPolicy } from '../../machines/polling';
import { loadPgBoss } from '../../runner/esm';
import { lifecyclesOfPlan } from '../../runner/plan';
import { LifecycleRunner } from '../../runner/runner';
import { STEP_QUEUE } from '../../runner/tuning';
import { handleStepJob, type StepEvent, type StepJob, type WorkerContext } from '../../runner/worker';
import { drivenSimulator, notePostgresSkipped, spec, testDatabases } from './support';

const SPEED = 600;

notePostgresSkipped();

describe.each(testDatabases())('a step handed to two workers on $name', (db) => {
  test('is saved once: one worker advances the lifecycle, the other finds its save refused', async () => {
    const database = await db.open();
    const world = drivenSimulator(SPEED);
    const submitter = await LifecycleRunner.open({ database: { ...database, close: async () => undefined }, supervise: false });
    const { PgBoss } = loadPgBoss();
    const boss = new PgBoss({ ...database.boss, supervise: false, schedule: false, registerInstance: false });
    try {
      const [role] = await submitter.submit(lifecyclesOfPlan({ regions: ['eu-west-1'], environments: [{ region: 'eu-west-1', spec: spec('alpha') }] }, { intent: 'apply' }).slice(0, 1));
      await boss.start();
      const [job] = await boss.fetch<StepJob>(STEP_QUEUE);
      expect(job?.data).toEqual({ lifecycle: role!.id, version: 0 });
      const steps: StepEvent[] = [];
      const machines = bindMachines(world.sim.ports(), { clock: world.sim.clock });
      const context = (workerId: string): WorkerContext => ({
        database,
        boss,
        workerId,
        clock: world.sim.clock,
        timeScale: SPEED,
        pollPolicy: expectedDurationPolicy,
        parkAfterMs: 50,
        maxStepMs: 60_000,
        slackMs: 1_500,
        recheckMs: 100,
        machinesFor: () => machines,
        onStep: (event) => steps.push(event),
      });
      const outcomes = await Promise.allSettled([handleStepJob(context('first'), job!), handleStepJob(context('second'), job!)]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled']);
      expect(steps.map((s) => s.happened).sort()).toEqual(['ended ensured', 'stale']);
      const history = await submitter.history(role!.id);
      expect(history.map((h) => [h.version, h.happened])).toEqual([
        [0, 'submitted'],
        [1, 'ended ensured'],
      ]);
      expect((await submitter.get(role!.id))?.version).toBe(1);
    } finally {
      await boss.stop({ graceful: false, close: true, timeout: 1_000 });
      await submitter.stop();
      await database.close();
      world.stop();
    }
  }, 60_000);
});
