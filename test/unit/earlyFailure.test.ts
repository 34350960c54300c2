/**
 * A create that fails early is reported within a minute, wherever in the create it fails: the
 * default policy never leaves more than a minute between two polls of a create.
 */
import { runMachine } from '../../machines/run';
import { newWorld, specFor } from '../support/world';

describe('an early CREATE_FAILED', () => {
  it.each([0.5, 2.5, 12.3, 19.9, 31.7])('is reported createFailed within 60 s when the create fails at minute %p', async (minute) => {
    const w = newWorld();
    w.sim.planEnvironment('eu-west-1', 'broken', {
      createFails: { errorCode: 'INCORRECT_CONFIGURATION', errorMessage: 'check the execution role' },
      createDurationMs: minute * 60_000,
    });
    const outcome = await w.clock.run(runMachine(w.bound.environment, { operation: 'create', region: 'eu-west-1', spec: specFor('broken') }));
    expect(outcome.result).toBe('createFailed');
    const failedAt = w.sim.events().find((e) => e.kind === 'environment.status' && e.status === 'CREATE_FAILED')?.at;
    expect(failedAt).toBeDefined();
    expect(w.clock.now() - failedAt!).toBeLessThanOrEqual(60_000);
  });
});
