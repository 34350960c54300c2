import { MAINTENANCE_SOURCE } from '../../adapters/simulator';
import { newWorld, specFor } from '../support/world';
import { HOUR, MINUTE, REGION, advanceUntil, rejection, simulator, spec, statusOf, statusPath } from './support';

const EVERY_2H = { everyMs: 2 * HOUR, durationMs: { minMs: 30 * MINUTE, maxMs: 30 * MINUTE } };
const BUSY = 'Environments with MAINTENANCE status must complete previous operation before initiating a new operation';

/** When the environment last entered `status`, from the world events. */
function enteredAt(sim: ReturnType<typeof simulator>, name: string, status: string): number[] {
  return sim
    .events()
    .filter((e) => e.kind === 'environment.status' && e.name === name && e.status === status)
    .map((e) => e.at);
}

describe('simulated MWAA maintenance windows', () => {
  it('goes through MAINTENANCE and back to AVAILABLE at its window, with LastUpdate.Source set', async () => {
    const sim = simulator({ maintenance: EVERY_2H });
    sim.planEnvironment(REGION, 'prod', { createDurationMs: 20 * MINUTE });
    await sim.ports().mwaa.createEnvironment(REGION, spec('prod'));
    await advanceUntil(sim, 'prod', ['AVAILABLE']);
    const availableAt = sim.clock.now();

    await advanceUntil(sim, 'prod', ['MAINTENANCE']);
    expect(sim.clock.now()).toBe(availableAt + 2 * HOUR);
    const during = await sim.ports().mwaa.getEnvironment(REGION, 'prod');
    expect(during?.lastUpdate).toEqual({
      status: 'PENDING',
      createdAt: availableAt + 2 * HOUR,
      source: MAINTENANCE_SOURCE,
      workerReplacementStrategy: 'GRACEFUL',
    });

    await advanceUntil(sim, 'prod', ['AVAILABLE']);
    expect(sim.clock.now()).toBe(availableAt + 2 * HOUR + 30 * MINUTE);
    const after = await sim.ports().mwaa.getEnvironment(REGION, 'prod');
    expect(after?.lastUpdate).toMatchObject({ status: 'SUCCESS', source: MAINTENANCE_SOURCE, workerReplacementStrategy: 'GRACEFUL' });
    expect(statusPath(sim, 'prod')).toEqual(['CREATING', 'AVAILABLE', 'MAINTENANCE', 'AVAILABLE']);
  });

  it('repeats maintenance every interval while the environment stays AVAILABLE', async () => {
    const sim = simulator({ maintenance: EVERY_2H });
    sim.planEnvironment(REGION, 'prod', { createDurationMs: 20 * MINUTE });
    await sim.ports().mwaa.createEnvironment(REGION, spec('prod'));
    await sim.clock.advance(20 * MINUTE + 3 * (2 * HOUR + 30 * MINUTE));
    expect(enteredAt(sim, 'prod', 'MAINTENANCE')).toHaveLength(3);
    await expect(statusOf(sim, 'prod')).resolves.toBe('AVAILABLE');
  });

  it('starts maintenance at the weekly window of the environment without an interval', async () => {
    // The virtual clock starts on Thursday 2026-01-01 00:00 UTC; the next Tuesday 05:30 is 2026-01-06.
    const sim = simulator({ maintenance: { durationMs: { minMs: HOUR, maxMs: HOUR } } });
    await sim.ports().mwaa.createEnvironment(REGION, spec('weekly', { weeklyMaintenanceWindowStart: 'TUE:05:30' }));
    await advanceUntil(sim, 'weekly', ['MAINTENANCE'], REGION, 8 * 24 * HOUR);
    expect(new Date(sim.clock.now()).toISOString()).toBe('2026-01-06T05:30:00.000Z');
    await advanceUntil(sim, 'weekly', ['AVAILABLE']);
    expect(new Date(sim.clock.now()).toISOString()).toBe('2026-01-06T06:30:00.000Z');
  });

  it("uses MWAA's default window SUN:03:00 when the environment names none", async () => {
    const sim = simulator({ maintenance: {} });
    await sim.ports().mwaa.createEnvironment(REGION, spec('plain'));
    await advanceUntil(sim, 'plain', ['MAINTENANCE'], REGION, 8 * 24 * HOUR);
    expect(new Date(sim.clock.now()).toISOString()).toBe('2026-01-04T03:00:00.000Z');
  });

  it('refuses an update while in MAINTENANCE', async () => {
    const sim = simulator({ maintenance: EVERY_2H });
    await sim.ports().mwaa.createEnvironment(REGION, spec('prod'));
    await advanceUntil(sim, 'prod', ['MAINTENANCE']);
    const error = await rejection(sim.ports().mwaa.updateEnvironment(REGION, { name: 'prod', maxWorkers: 5 }));
    expect(error).toMatchObject({ code: 'Conflict', awsName: 'ValidationException', message: BUSY });
    await expect(statusOf(sim, 'prod')).resolves.toBe('MAINTENANCE');
  });

  it('refuses a delete while in MAINTENANCE', async () => {
    const sim = simulator({ maintenance: EVERY_2H });
    await sim.ports().mwaa.createEnvironment(REGION, spec('prod'));
    await advanceUntil(sim, 'prod', ['MAINTENANCE']);
    const error = await rejection(sim.ports().mwaa.deleteEnvironment(REGION, 'prod'));
    expect(error).toMatchObject({ code: 'Conflict', awsName: 'ValidationException', message: BUSY });
    await advanceUntil(sim, 'prod', ['AVAILABLE']);
  });

  it("cancels the pending maintenance when the user's update starts first, and schedules the next one after it", async () => {
    const sim = simulator({ maintenance: EVERY_2H });
    sim.planEnvironment(REGION, 'prod', { createDurationMs: 20 * MINUTE, updateDurationMs: 3 * HOUR });
    await sim.ports().mwaa.createEnvironment(REGION, spec('prod'));
    await advanceUntil(sim, 'prod', ['AVAILABLE']);
    await sim.clock.advance(HOUR);
    await sim.ports().mwaa.updateEnvironment(REGION, { name: 'prod', maxWorkers: 5 });
    await advanceUntil(sim, 'prod', ['AVAILABLE']);
    const updatedAt = sim.clock.now();

    expect(enteredAt(sim, 'prod', 'MAINTENANCE')).toEqual([]);
    const env = await sim.ports().mwaa.getEnvironment(REGION, 'prod');
    expect(env?.lastUpdate?.source).toBeUndefined();
    await advanceUntil(sim, 'prod', ['MAINTENANCE']);
    expect(sim.clock.now()).toBe(updatedAt + 2 * HOUR);
    expect(statusPath(sim, 'prod')).toEqual(['CREATING', 'AVAILABLE', 'UPDATING', 'AVAILABLE', 'MAINTENANCE']);
  });

  it('cancels the pending maintenance of an environment being deleted', async () => {
    const sim = simulator({ maintenance: EVERY_2H });
    sim.planEnvironment(REGION, 'prod', { deleteDurationMs: 5 * HOUR });
    await sim.ports().mwaa.createEnvironment(REGION, spec('prod'));
    await advanceUntil(sim, 'prod', ['AVAILABLE']);
    await sim.ports().mwaa.deleteEnvironment(REGION, 'prod');
    await advanceUntil(sim, 'prod', [null]);
    expect(statusPath(sim, 'prod')).toEqual(['CREATING', 'AVAILABLE', 'DELETING', 'DELETED']);
  });

  it('has no maintenance unless the option turns it on', async () => {
    const sim = simulator();
    await sim.ports().mwaa.createEnvironment(REGION, spec('prod'));
    await advanceUntil(sim, 'prod', ['AVAILABLE']);
    expect(sim.clock.nextTimerAt()).toBeNull();
    await sim.clock.advance(30 * 24 * HOUR);
    expect(statusPath(sim, 'prod')).toEqual(['CREATING', 'AVAILABLE']);
  });

  it('rejects a maintenance interval that is not a positive duration', () => {
    expect(() => simulator({ maintenance: { everyMs: 0 } })).toThrow(RangeError);
    expect(() => simulator({ maintenance: { durationMs: { minMs: 5, maxMs: 1 } } })).toThrow(RangeError);
  });

  it('lets the environment machine delete an environment requested during MAINTENANCE once it is over', async () => {
    const { sim, bound, run, ports } = newWorld({ maintenance: EVERY_2H });
    sim.planEnvironment(REGION, 'analytics', { createDurationMs: 20 * MINUTE });
    await ports.mwaa.createEnvironment(REGION, specFor('analytics'));
    await sim.clock.advance(20 * MINUTE + 2 * HOUR + MINUTE);
    await expect(ports.mwaa.getEnvironment(REGION, 'analytics')).resolves.toMatchObject({ status: 'MAINTENANCE' });

    const outcome = await run(bound.environment, { operation: 'delete', region: REGION, name: 'analytics' });
    expect(outcome).toMatchObject({ result: 'deleted', cleanupVerified: true });
    const path = statusPath(sim, 'analytics');
    expect(path.slice(path.indexOf('MAINTENANCE'))).toEqual(['MAINTENANCE', 'AVAILABLE', 'DELETING', 'DELETED']);
    const refused = sim.calls().filter((c) => c.operation === 'mwaa.deleteEnvironment' && c.outcome === 'Conflict');
    const accepted = sim.calls().filter((c) => c.operation === 'mwaa.deleteEnvironment' && c.outcome === 'ok');
    expect(accepted).toHaveLength(1);
    // The delete went through only once the maintenance was over.
    const [, backAt = Infinity] = enteredAt(sim, 'analytics', 'AVAILABLE');
    expect(accepted[0]?.at).toBeGreaterThanOrEqual(backAt);
    expect(refused.length).toBeLessThanOrEqual(1);
    expect(sim.inventory().environments).toHaveLength(0);
  });
});
