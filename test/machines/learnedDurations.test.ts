import { distributionPolicy } from '../../machines/distributionPolicy';
import { learnedDistributions, mergeSamples, PhaseDurationRecorder, MAX_SAMPLES_PER_PHASE } from '../../machines/learnedDurations';
import type { EnvironmentOutcome } from '../../machines/environment.types';
import type { EnvironmentProgress, ProgressEvent } from '../../machines/progress';
import { runMachine } from '../../machines/run';
import { bindMachines } from '../../machines/wiring';
import { createSimulatedAws } from '../../adapters/simulator';
import { specFor } from '../support/world';

const MIN = 60_000;

function env(at: number, phase: EnvironmentProgress['phase'], since: number, outcome: EnvironmentOutcome | null = null): ProgressEvent {
  return { type: 'environment', at, key: 'eu-west-1/a', region: 'eu-west-1', name: 'a', operation: 'create', phase, status: null, since, outcome };
}

describe('learning phase durations from progress', () => {
  it('takes a phase from its start to the event that shows it over', () => {
    const recorder = new PhaseDurationRecorder();
    recorder.observe(env(0, 'create', 0));
    recorder.observe(env(5 * MIN, 'create', 0));
    recorder.observe(env(25 * MIN, 'create', 0, { region: 'eu-west-1', name: 'a', operation: 'create', result: 'available', arn: 'arn', adopted: false }));
    recorder.observe(env(30 * MIN, 'delete', 30 * MIN));
    recorder.observe(env(45 * MIN, 'cleanup', 45 * MIN));
    recorder.observe(env(49 * MIN, 'cleanup', 45 * MIN, { region: 'eu-west-1', name: 'a', operation: 'delete', result: 'deleted', cleanupVerified: true }));
    expect(recorder.samples()).toEqual({ create: [25 * MIN], delete: [15 * MIN], cleanup: [4 * MIN] });
  });

  it('learns nothing from a phase that timed out or failed on an error', () => {
    const recorder = new PhaseDurationRecorder();
    recorder.observe(env(0, 'create', 0));
    recorder.observe(env(90 * MIN, 'create', 0, { region: 'eu-west-1', name: 'a', operation: 'create', result: 'timedOut', phase: 'create', status: 'CREATING' }));
    recorder.observe(env(100 * MIN, 'delete', 100 * MIN));
    recorder.observe(env(101 * MIN, 'delete', 100 * MIN, { region: 'eu-west-1', name: 'a', operation: 'delete', result: 'failed', status: null, error: { code: 'AccessDenied', message: 'no', retryable: false } }));
    expect(recorder.samples()).toEqual({});
  });

  it('uses samples only once a phase has enough of them, and keeps the latest', () => {
    expect(learnedDistributions({ create: [1, 2, 3, 4] })).toEqual({});
    expect(learnedDistributions({ create: [1, 2, 3, 4, 5], delete: [9] })).toEqual({ create: { samplesMs: [1, 2, 3, 4, 5] } });
    const many = Array.from({ length: MAX_SAMPLES_PER_PHASE }, (_, i) => i + 1);
    const merged = mergeSamples({ create: many }, { create: [999], update: [7] });
    expect(merged.create).toHaveLength(MAX_SAMPLES_PER_PHASE);
    expect(merged.create?.[MAX_SAMPLES_PER_PHASE - 1]).toBe(999);
    expect(merged.create?.[0]).toBe(2);
    expect(merged.update).toEqual([7]);
  });

  it('learns a world whose creates take 50 minutes, and the next runs poll for that instead of 20-35', async () => {
    const world = () => createSimulatedAws({ seed: 5, timings: { create: { minMs: 50 * MIN, maxMs: 50 * MIN } } });
    const recorder = new PhaseDurationRecorder();
    for (let i = 0; i < 5; i++) {
      const sim = world();
      const bound = bindMachines(sim.ports(), { clock: sim.clock });
      const outcome = await sim.clock.run(
        runMachine(bound.environment, { operation: 'create', region: 'eu-west-1', spec: specFor(`learn${i}`) }, { onProgress: (e) => recorder.observe(e), clock: sim.clock }),
      );
      expect(outcome).toMatchObject({ result: 'available' });
    }
    const learnt = recorder.samples().create ?? [];
    expect(learnt).toHaveLength(5);
    // Each sample is the create's 50 minutes plus the lag of the poll that saw AVAILABLE (gaps are at most a minute).
    for (const ms of learnt) expect(ms).toBeGreaterThanOrEqual(50 * MIN - 5_000);
    for (const ms of learnt) expect(ms).toBeLessThanOrEqual(51 * MIN);

    const polls = async (policy?: ReturnType<typeof distributionPolicy>): Promise<{ calls: number; lagMs: number }> => {
      const sim = world();
      const bound = bindMachines(sim.ports(), { clock: sim.clock, ...(policy ? { pollPolicy: policy } : {}) });
      const start = sim.clock.now();
      await sim.clock.run(runMachine(bound.environment, { operation: 'create', region: 'eu-west-1', spec: specFor('next') }));
      const gets = sim.calls().filter((c) => c.operation === 'mwaa.getEnvironment');
      return { calls: gets.length, lagMs: sim.clock.now() - start - 50 * MIN };
    };
    const before = await polls();
    const after = await polls(distributionPolicy({ distributions: learnedDistributions(recorder.samples()) }));
    // Fewer polls (the default spends them on a 20-35 minute window that never ends), and AVAILABLE
    // still seen within the 60 s gap bound.
    expect(after.calls).toBeLessThan(before.calls);
    expect(after.lagMs).toBeLessThanOrEqual(60_000);
  });
});
