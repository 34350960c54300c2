import { runMachine } from '../../machines/run';
import { newWorld, specFor } from '../support/world';

const REGION = 'eu-west-1';
const MIN = 60_000;

describe('environment machine: create', () => {
  it('creates an environment through CREATING and reports it AVAILABLE', async () => {
    const { bound, run, sim, callsTo } = newWorld();
    const outcome = await run(bound.environment, { operation: 'create', region: REGION, spec: specFor('analytics') });
    expect(outcome).toMatchObject({ result: 'available', adopted: false, name: 'analytics' });
    expect(sim.inventory().environments).toEqual([expect.objectContaining({ name: 'analytics', status: 'AVAILABLE' })]);
    expect(callsTo('mwaa.createEnvironment')).toHaveLength(1);
    // The default cadence does not hammer GetEnvironment during a 20-35 minute create.
    expect(callsTo('mwaa.getEnvironment').length).toBeLessThan(40);
  });

  it('ends createFailed carrying LastUpdate.Error', async () => {
    const { bound, run, sim } = newWorld();
    sim.planEnvironment(REGION, 'broken', { createFails: { errorCode: 'INCORRECT_CONFIGURATION', errorMessage: 'check the execution role' } });
    const outcome = await run(bound.environment, { operation: 'create', region: REGION, spec: specFor('broken') });
    expect(outcome).toMatchObject({ result: 'createFailed', error: { errorCode: 'INCORRECT_CONFIGURATION', errorMessage: 'check the execution role' } });
  });

  it('adopts an existing environment with the same spec instead of creating it twice', async () => {
    const { bound, run, ports, callsTo } = newWorld();
    await ports.mwaa.createEnvironment(REGION, specFor('analytics'));
    const outcome = await run(bound.environment, { operation: 'create', region: REGION, spec: specFor('analytics') });
    expect(outcome).toMatchObject({ result: 'available', adopted: true });
    expect(callsTo('mwaa.createEnvironment')).toHaveLength(1);
  });

  it('refuses to adopt an existing environment whose spec differs', async () => {
    const { bound, run, ports } = newWorld();
    await ports.mwaa.createEnvironment(REGION, specFor('analytics', { environmentClass: 'mw1.large' }));
    const outcome = await run(bound.environment, { operation: 'create', region: REGION, spec: specFor('analytics') });
    expect(outcome).toMatchObject({ result: 'failed', error: { code: 'Conflict' } });
    expect(outcome.result === 'failed' && outcome.error.message).toContain('environmentClass');
  });

  it('rejects an invalid spec before any AWS call', async () => {
    const { bound, run, sim } = newWorld();
    const outcome = await run(bound.environment, {
      operation: 'create',
      region: REGION,
      spec: specFor('analytics', { networkConfiguration: { subnetIds: ['subnet-only-one'], securityGroupIds: ['sg-1'] } }),
    });
    expect(outcome.result).toBe('invalidInput');
    expect(sim.calls()).toHaveLength(0);
  });

  it('rejects a malformed region before any AWS call', async () => {
    const { bound, run, sim } = newWorld();
    const outcome = await run(bound.environment, { operation: 'create', region: 'Europe', spec: specFor('analytics') });
    expect(outcome.result).toBe('invalidInput');
    expect(outcome.result === 'invalidInput' && outcome.message).toContain('Europe');
    expect(sim.calls()).toHaveLength(0);
  });

  it('retries CreateEnvironment while IAM propagates a new execution role', async () => {
    const { bound, run, sim, callsTo } = newWorld();
    sim.failNext({
      operation: 'mwaa.createEnvironment',
      times: 3,
      awsName: 'ValidationException',
      message: "Failed to assume role. Please ensure your role is assumable by 'airflow-env.amazonaws.com' Service Principal",
    });
    const outcome = await run(bound.environment, { operation: 'create', region: REGION, spec: specFor('analytics') });
    expect(outcome.result).toBe('available');
    expect(callsTo('mwaa.createEnvironment')).toHaveLength(4);
  });

  it('keeps retrying a CreateEnvironment that fails transiently, and times out only when the create budget is spent', async () => {
    const { bound, run, sim } = newWorld();
    sim.failNext({ operation: 'mwaa.createEnvironment', times: 1000, awsName: 'InternalServerException', message: 'internal', httpStatus: 500 });
    const outcome = await run(bound.environment, {
      operation: 'create',
      region: REGION,
      spec: specFor('analytics'),
      timeouts: { createMs: 30 * MIN },
    });
    expect(outcome).toMatchObject({ result: 'timedOut', phase: 'create' });
    expect(sim.clock.now() - sim.calls()[0]!.at).toBeGreaterThanOrEqual(30 * MIN);
    expect(sim.inventory().environments).toHaveLength(0);
  });

  it('waits in PENDING for customer-made endpoints, or returns there when asked', async () => {
    const { bound, run, sim } = newWorld();
    const spec = specFor('custom', { endpointManagement: 'CUSTOMER' });
    const returned = await run(bound.environment, { operation: 'create', region: REGION, spec, returnWhenPending: true });
    expect(returned.result).toBe('pending');

    const again = run(bound.environment, { operation: 'create', region: REGION, spec });
    sim.clock.setTimeout(() => sim.releasePendingEnvironment(REGION, 'custom'), 3 * 3600_000);
    await expect(again).resolves.toMatchObject({ result: 'available', adopted: true });
  });

  it('times out a create that outlasts its budget', async () => {
    const { bound, run, sim } = newWorld();
    sim.planEnvironment(REGION, 'slow', { createDurationMs: 5 * 3600_000 });
    const outcome = await run(bound.environment, {
      operation: 'create',
      region: REGION,
      spec: specFor('slow'),
      timeouts: { createMs: 120 * MIN },
    });
    expect(outcome).toMatchObject({ result: 'timedOut', phase: 'create', status: 'CREATING' });
  });

  it('finishes under heavy throttling of every operation', async () => {
    const { bound, run, sim } = newWorld();
    sim.addFault({ operation: '*', kind: 'throttle', rate: 0.4 });
    const outcome = await run(bound.environment, { operation: 'create', region: REGION, spec: specFor('analytics') });
    expect(outcome.result).toBe('available');
    expect(sim.calls().some((c) => c.outcome === 'Throttled')).toBe(true);
  });
});

describe('environment machine: update', () => {
  it('waits for a CREATING environment to become AVAILABLE before updating it', async () => {
    const { bound, run, ports, sim } = newWorld();
    await ports.mwaa.createEnvironment(REGION, specFor('analytics'));
    const outcome = await run(bound.environment, { operation: 'update', region: REGION, update: { name: 'analytics', maxWorkers: 8 } });
    expect(outcome).toMatchObject({ result: 'updated' });
    const statuses = sim.events().filter((e) => e.kind === 'environment.status').map((e) => (e as { status?: string }).status);
    expect(statuses).toEqual(expect.arrayContaining(['CREATING', 'AVAILABLE', 'UPDATING']));
  });

  it('reports a rollback to UPDATE_FAILED apart from success', async () => {
    const world = newWorld();
    await world.run(world.bound.environment, { operation: 'create', region: REGION, spec: specFor('analytics') });
    world.sim.planEnvironment(REGION, 'analytics', { updateFails: 'rollback' });
    const outcome = await world.run(world.bound.environment, { operation: 'update', region: REGION, update: { name: 'analytics', airflowVersion: '2.11.0' } });
    expect(outcome).toMatchObject({ result: 'rolledBack', status: 'UPDATE_FAILED' });
  });

  it('reports AVAILABLE with a FAILED last update as a rollback', async () => {
    const world = newWorld();
    await world.run(world.bound.environment, { operation: 'create', region: REGION, spec: specFor('analytics') });
    world.sim.planEnvironment(REGION, 'analytics', { updateFails: 'available-with-failed-update' });
    const outcome = await world.run(world.bound.environment, { operation: 'update', region: REGION, update: { name: 'analytics', maxWorkers: 4 } });
    expect(outcome).toMatchObject({ result: 'rolledBack', status: 'AVAILABLE', lastUpdate: { status: 'FAILED' } });
  });

  it('refuses to update a CREATE_FAILED environment', async () => {
    const world = newWorld();
    world.sim.planEnvironment(REGION, 'broken', { createFails: { errorCode: 'INCORRECT_CONFIGURATION', errorMessage: 'x' } });
    await world.run(world.bound.environment, { operation: 'create', region: REGION, spec: specFor('broken') });
    const outcome = await world.run(world.bound.environment, { operation: 'update', region: REGION, update: { name: 'broken', maxWorkers: 4 } });
    expect(outcome).toMatchObject({ result: 'failed', status: 'CREATE_FAILED', error: { code: 'Conflict' } });
    expect(world.callsTo('mwaa.updateEnvironment')).toHaveLength(0);
  });
});

describe('environment machine: delete', () => {
  it('waits out a busy environment, deletes it and confirms MWAA removed its endpoints and interfaces', async () => {
    const { bound, run, ports, sim } = newWorld();
    await ports.mwaa.createEnvironment(REGION, specFor('analytics'));
    const outcome = await run(bound.environment, { operation: 'delete', region: REGION, name: 'analytics' });
    expect(outcome).toMatchObject({ result: 'deleted', cleanupVerified: true });
    const inventory = sim.inventory();
    expect(inventory.environments).toHaveLength(0);
    expect(inventory.vpcEndpoints).toHaveLength(0);
    expect(inventory.networkInterfaces).toHaveLength(0);
  });

  it('treats an environment that is already gone as deleted', async () => {
    const { bound, run, callsTo } = newWorld();
    const outcome = await run(bound.environment, { operation: 'delete', region: REGION, name: 'ghost' });
    expect(outcome).toMatchObject({ result: 'deleted', cleanupVerified: false });
    expect(callsTo('mwaa.deleteEnvironment')).toHaveLength(0);
  });

  it('deletes a CREATE_FAILED environment', async () => {
    const world = newWorld();
    world.sim.planEnvironment(REGION, 'broken', { createFails: { errorCode: 'INCORRECT_CONFIGURATION', errorMessage: 'x' } });
    await world.run(world.bound.environment, { operation: 'create', region: REGION, spec: specFor('broken') });
    const outcome = await world.run(world.bound.environment, { operation: 'delete', region: REGION, name: 'broken' });
    expect(outcome.result).toBe('deleted');
  });

  it('reports the endpoints and interfaces left behind when the role vanished before cleanup', async () => {
    const world = newWorld({ timings: { cleanupAfterDelete: { minMs: 20 * MIN, maxMs: 20 * MIN } } });
    await world.run(world.bound.environment, { operation: 'create', region: REGION, spec: specFor('analytics') });
    const deletion = runMachine(world.bound.environment, { operation: 'delete', region: REGION, name: 'analytics' });
    // Someone else deletes the role in the window between the environment disappearing and MWAA's cleanup.
    const gone = (async () => {
      while ((await world.ports.mwaa.getEnvironment(REGION, 'analytics')) !== null) {
        await new Promise<void>((r) => world.clock.setTimeout(r, MIN));
      }
      await world.ports.serviceLinkedRole.deleteRole();
    })();
    const [outcome] = await world.clock.run(Promise.all([deletion, gone]));
    expect(outcome.result).toBe('leftovers');
    expect(outcome.result === 'leftovers' && outcome.leftovers.map((l) => l.kind)).toEqual(expect.arrayContaining(['vpcEndpoint', 'networkInterface']));
    expect(world.sim.inventory().vpcEndpoints.every((e) => e.orphaned)).toBe(true);
  });
});
