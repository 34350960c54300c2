import type { AnyStateMachine, InputFrom } from 'xstate';
import { drive } from '../support/driver';
import { newWorld, specFor } from '../support/world';

const REGION = 'eu-west-1';

/** Runs once without restarts to count steps, then once per step with a kill-and-restore after it. */
async function everyRestorePoint(
  latencyMs: number,
  scenario: (world: ReturnType<typeof newWorld>) => {
    logic: AnyStateMachine;
    /** The input, or a function giving it once `prepare` has run. */
    input: InputFrom<AnyStateMachine>;
    prepare?: () => Promise<void>;
  },
  check: (world: ReturnType<typeof newWorld>, output: unknown) => void,
): Promise<number> {
  const fresh = (): ReturnType<typeof newWorld> => {
    const w = newWorld();
    // With latency, restore points also fall while a port call is in flight, so restore re-runs it.
    if (latencyMs > 0) w.sim.setLatency('*', { minMs: latencyMs / 2, maxMs: latencyMs });
    return w;
  };
  const baseline = fresh();
  const base = scenario(baseline);
  await base.prepare?.();
  const inputOf = (x: typeof base): InputFrom<AnyStateMachine> => (typeof x.input === 'function' ? (x.input as () => InputFrom<AnyStateMachine>)() : x.input);
  const reference = await drive(baseline.clock, base.logic, inputOf(base));
  check(baseline, reference.snapshot.output);
  for (let step = 1; step < reference.steps; step++) {
    const world = fresh();
    const s = scenario(world);
    await s.prepare?.();
    const result = await drive(world.clock, s.logic, inputOf(s), { restartAfter: new Set([step]) });
    expect(result.restarts).toBe(1);
    // Persisted snapshots are plain JSON: no client, credential or function survives the round trip.
    for (const json of result.persisted) expect(json).not.toMatch(/secret|credential|function/i);
    check(world, result.snapshot.output);
  }
  return reference.steps;
}

describe.each([0, 4_000])('persistence and resume (port latency up to %i ms)', (latency) => {
  it('resumes an environment create restored after any step, creating it exactly once', async () => {
    const steps = await everyRestorePoint(
      latency,
      (w) => ({ logic: w.bound.environment, input: { operation: 'create', region: REGION, spec: specFor('analytics') } }),
      (w, output) => {
        expect(output).toMatchObject({ result: 'available' });
        expect(w.callsTo('mwaa.createEnvironment').filter((c) => c.outcome === 'ok')).toHaveLength(1);
      },
    );
    expect(steps).toBeGreaterThan(5);
  });

  it('resumes an environment delete restored after any step, ending with nothing left', async () => {
    await everyRestorePoint(
      latency,
      (w) => ({
        logic: w.bound.environment,
        input: { operation: 'delete', region: REGION, name: 'analytics' },
        prepare: async () => {
          await w.run(w.bound.environment, { operation: 'create', region: REGION, spec: specFor('analytics') });
        },
      }),
      (w, output) => {
        expect(output).toMatchObject({ result: 'deleted', cleanupVerified: true });
        expect(w.sim.inventory()).toMatchObject({ environments: [], vpcEndpoints: [], networkInterfaces: [] });
      },
    );
  });

  it('resumes a role deletion restored after any step, keeping its deletion task', async () => {
    await everyRestorePoint(
      latency,
      (w) => ({
        logic: w.bound.serviceLinkedRole,
        // Rests on a survey made just now; the resume must neither lose the task nor send a second request on an old verdict.
        input: () => ({ operation: 'delete', ownership: 'created', verdict: { surveyedAt: w.clock.now() } }),
        prepare: async () => {
          await w.run(w.bound.serviceLinkedRole, { operation: 'ensure' });
        },
      }),
      (w, output) => {
        expect(output).toMatchObject({ result: 'deleted' });
        expect(w.sim.inventory().serviceLinkedRole).toBeNull();
        expect(w.callsTo('iam.deleteRole').filter((c) => c.outcome === 'ok')).toHaveLength(1);
      },
    );
  });

  it('resumes a whole account teardown restored after any step, never deleting the role early', async () => {
    await everyRestorePoint(
      latency,
      (w) => ({
        logic: w.bound.account,
        input: {
          plan: 'teardown',
          regions: [REGION, 'us-east-1'],
          environments: [{ region: REGION, spec: specFor('alpha') }, { region: 'us-east-1', spec: specFor('beta') }],
          roleOwnership: 'created',
          // A short settle window and the listed regions only keep the number of restore points (one per step) small.
          discoverRegions: false,
          timeouts: { settleMs: 5 * 60_000 },
        },
        prepare: async () => {
          await w.run(w.bound.serviceLinkedRole, { operation: 'ensure' });
          await w.run(w.bound.environment, { operation: 'create', region: REGION, spec: specFor('alpha') });
          await w.run(w.bound.environment, { operation: 'create', region: 'us-east-1', spec: specFor('beta') });
        },
      }),
      (w, output) => {
        expect(output).toMatchObject({ result: 'roleDeleted' });
        expect(w.sim.inventory()).toMatchObject({ serviceLinkedRole: null, environments: [], vpcEndpoints: [], networkInterfaces: [] });
        expect(w.sim.events().filter((e) => e.kind === 'cleanup.skipped')).toEqual([]);
      },
    );
    // One restore per step of a whole teardown: several hundred runs.
  }, 240_000);
});
