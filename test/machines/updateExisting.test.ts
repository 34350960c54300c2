/**
 * Converging an existing environment: a create asked to update what differs brings an
 * environment of the same name to the requested spec through UpdateEnvironment, refuses what
 * AWS cannot change after creation, and leaves someone else's alone unless asked.
 */
import { runMachine, startMachine } from '../../machines/run';
import { newWorld, specFor } from '../support/world';

const REGION = 'eu-west-1';

async function worldWithExisting() {
  const w = newWorld();
  const created = await w.clock.run(runMachine(w.bound.environment, { operation: 'create', region: REGION, spec: specFor('analytics') }));
  expect(created.result).toBe('available');
  return w;
}

describe('updating an existing environment to the plan', () => {
  it('updates the fields that differ and ends updated, naming them', async () => {
    const w = await worldWithExisting();
    const wanted = specFor('analytics', { maxWorkers: 8, environmentClass: 'mw1.medium' });
    const outcome = await w.clock.run(runMachine(w.bound.environment, { operation: 'create', region: REGION, spec: wanted, updateIfDifferent: true }));
    expect(outcome).toMatchObject({ result: 'updated', operation: 'create' });
    expect(outcome.result === 'updated' ? [...(outcome.changed ?? [])].sort() : []).toEqual(['environmentClass', 'maxWorkers']);
    expect(w.callsTo('mwaa.createEnvironment')).toHaveLength(1);
    expect(w.callsTo('mwaa.updateEnvironment')).toHaveLength(1);
    const env = await w.ports.mwaa.getEnvironment(REGION, 'analytics');
    expect(env).toMatchObject({ status: 'AVAILABLE', maxWorkers: 8, environmentClass: 'mw1.medium' });
  });

  it('refuses a difference AWS cannot update (the subnets), with no request', async () => {
    const w = await worldWithExisting();
    const wanted = specFor('analytics', { networkConfiguration: { subnetIds: ['subnet-x-a', 'subnet-x-b'], securityGroupIds: ['sg-analytics'] } });
    const outcome = await w.clock.run(runMachine(w.bound.environment, { operation: 'create', region: REGION, spec: wanted, updateIfDifferent: true }));
    expect(outcome).toMatchObject({ result: 'failed', foreign: true, error: { code: 'Conflict', message: expect.stringMatching(/subnetIds, which cannot change after creation/) as unknown } });
    expect(w.callsTo('mwaa.updateEnvironment')).toHaveLength(0);
  });

  it('leaves an existing environment with another spec alone unless asked', async () => {
    const w = await worldWithExisting();
    const outcome = await w.clock.run(runMachine(w.bound.environment, { operation: 'create', region: REGION, spec: specFor('analytics', { maxWorkers: 8 }) }));
    expect(outcome).toMatchObject({ result: 'failed', foreign: true });
    expect(w.callsTo('mwaa.updateEnvironment')).toHaveLength(0);
  });

  it('lets the account apply converge its plan, and teardown then deletes the converged environment but keeps the adopted role', async () => {
    const v = await worldWithExisting();
    const environments = [{ region: REGION, spec: specFor('analytics', { schedulers: 3 }) }, { region: REGION, spec: specFor('fresh') }];
    const { actor } = startMachine(v.bound.account, { plan: 'apply', regions: [REGION], environments, updateExisting: true, discoverRegions: false });
    await v.clock.run(new Promise<void>((resolve) => actor.subscribe((s) => s.matches('ready') && resolve())));
    const results = actor.getSnapshot().context.results;
    expect(results[`${REGION}/analytics`]).toMatchObject({ result: 'updated', changed: ['schedulers'] });
    expect(results[`${REGION}/fresh`]).toMatchObject({ result: 'available', adopted: false });
    const done = new Promise((resolve) => actor.subscribe({ complete: () => resolve(actor.getSnapshot().output) }));
    actor.send({ type: 'TEARDOWN' });
    // The role was there before this apply (the earlier create made it): adopted, so it is kept.
    await expect(v.clock.run(done)).resolves.toMatchObject({ result: 'roleKept' });
    expect(v.sim.inventory().environments).toEqual([]);
  });
});
