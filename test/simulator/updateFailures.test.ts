/** The two paths of a failed update that EnvironmentPlan.updateFails offers, step by step. */
import { MINUTE, REGION, advanceUntil, simulator, spec, statusPath } from './support';

async function available(name: string) {
  const sim = simulator();
  sim.planEnvironment(REGION, name, { createDurationMs: 30 * MINUTE, updateDurationMs: 20 * MINUTE });
  await sim.ports().mwaa.createEnvironment(REGION, spec(name));
  await advanceUntil(sim, name, ['AVAILABLE']);
  return sim;
}

describe('failed updates', () => {
  it('goes UPDATING → AVAILABLE with LastUpdate FAILED and no ROLLING_BACK (available-with-failed-update)', async () => {
    const sim = await available('quiet');
    sim.planEnvironment(REGION, 'quiet', { updateFails: 'available-with-failed-update' });
    await sim.ports().mwaa.updateEnvironment(REGION, { name: 'quiet', maxWorkers: 2 });
    await advanceUntil(sim, 'quiet', ['AVAILABLE']);

    expect(statusPath(sim, 'quiet')).toEqual(['CREATING', 'AVAILABLE', 'UPDATING', 'AVAILABLE']);
    const env = await sim.ports().mwaa.getEnvironment(REGION, 'quiet');
    expect(env).toMatchObject({ maxWorkers: 10, lastUpdate: { status: 'FAILED', error: { errorCode: 'UPDATE_FAILED' } } });
  });

  it('goes UPDATING → ROLLING_BACK → UPDATE_FAILED, keeping the old configuration (rollback)', async () => {
    const sim = await available('rb');
    sim.planEnvironment(REGION, 'rb', { updateFails: 'rollback' });
    await sim.ports().mwaa.updateEnvironment(REGION, { name: 'rb', maxWorkers: 2 });
    await advanceUntil(sim, 'rb', ['UPDATE_FAILED', 'AVAILABLE']);

    expect(statusPath(sim, 'rb')).toEqual(['CREATING', 'AVAILABLE', 'UPDATING', 'ROLLING_BACK', 'UPDATE_FAILED']);
    const env = await sim.ports().mwaa.getEnvironment(REGION, 'rb');
    expect(env).toMatchObject({ maxWorkers: 10, lastUpdate: { status: 'FAILED', error: { errorCode: 'UPDATE_FAILED' } } });
  });
});
