import type { AwsPorts } from '../../adapters/port';
import type { SimulatedAws } from '../../adapters/simulator';
import { runMachine, startMachine } from '../../machines/run';
import { bindMachines } from '../../machines/wiring';
import { newWorld, specFor } from '../support/world';

const MIN = 60_000;

/**
 * Wraps ports so every role deletion request checks the world at that instant: nothing may use
 * the role when its deletion is requested.
 */
function guardRoleDeletion(sim: SimulatedAws, ports: AwsPorts, violations: string[]): AwsPorts {
  return {
    ...ports,
    serviceLinkedRole: {
      ...ports.serviceLinkedRole,
      getRole: (s) => ports.serviceLinkedRole.getRole(s),
      createRole: (o, s) => ports.serviceLinkedRole.createRole(o, s),
      updateDescription: (d, s) => ports.serviceLinkedRole.updateDescription(d, s),
      getDeletionStatus: (id, s) => ports.serviceLinkedRole.getDeletionStatus(id, s),
      deleteRole: (s) => {
        const inv = sim.inventory();
        const users = [...inv.environments.map((e) => e.name), ...inv.vpcEndpoints.map((e) => e.vpcEndpointId), ...inv.networkInterfaces.map((e) => e.networkInterfaceId)];
        if (users.length > 0) violations.push(`role deletion requested while ${users.join(', ')} exist`);
        return ports.serviceLinkedRole.deleteRole(s);
      },
    },
  };
}

describe('account orchestrator', () => {
  it('ensures the role before creating any environment, then creates them in parallel', async () => {
    const { sim, bound, run } = newWorld();
    const started = sim.clock.now();
    const { actor, done } = startMachine(bound.account, {
      plan: 'apply',
      regions: ['eu-west-1', 'us-east-1'],
      environments: [
        { region: 'eu-west-1', spec: specFor('alpha') },
        { region: 'us-east-1', spec: specFor('beta') },
      ],
    });
    void done;
    await sim.clock.run(new Promise<void>((resolve) => actor.subscribe((s) => s.matches('ready') && resolve())));
    const calls = sim.calls();
    const firstCreate = calls.findIndex((c) => c.operation === 'mwaa.createEnvironment');
    const roleReady = calls.findIndex((c) => c.operation === 'iam.getRole' && c.outcome === 'ok');
    expect(roleReady).toBeGreaterThanOrEqual(0);
    expect(roleReady).toBeLessThan(firstCreate);
    const ctx = actor.getSnapshot().context;
    expect(ctx.results['eu-west-1/alpha']?.result).toBe('available');
    expect(ctx.results['us-east-1/beta']?.result).toBe('available');
    // Parallel: both creates took ~20-35 min each, together well under twice that.
    expect(sim.clock.now() - started).toBeLessThan(50 * MIN);
    void run;
    actor.stop();
  });

  it('tears down every environment, then deletes the role it created, never while anything uses it', async () => {
    const { sim, clock } = newWorld();
    const violations: string[] = [];
    const bound = bindMachines(guardRoleDeletion(sim, sim.ports(), violations), { clock });
    const environments = [
      { region: 'eu-west-1', spec: specFor('alpha') },
      { region: 'us-east-1', spec: specFor('beta') },
    ];
    const { actor } = startMachine(bound.account, { plan: 'apply', regions: ['eu-west-1', 'us-east-1'], environments });
    await clock.run(new Promise<void>((resolve) => actor.subscribe((s) => s.matches('ready') && resolve())));
    const finished = new Promise((resolve) => actor.subscribe({ complete: () => resolve(actor.getSnapshot().output) }));
    actor.send({ type: 'TEARDOWN' });
    const outcome = await clock.run(finished);
    expect(outcome).toMatchObject({ result: 'roleDeleted' });
    expect(violations).toEqual([]);
    const inventory = sim.inventory();
    expect(inventory).toMatchObject({ serviceLinkedRole: null, environments: [], vpcEndpoints: [], networkInterfaces: [] });
    expect(sim.events().filter((e) => e.kind === 'cleanup.skipped')).toEqual([]);
  });

  it('stays blocked by an environment created elsewhere in another region, naming it, until it is deleted', async () => {
    const { sim, bound, clock } = newWorld();
    await runMachineOn(clock, bound.serviceLinkedRole, { operation: 'ensure' });
    await clock.run(runMachine(bound.environment, { operation: 'create', region: 'ap-southeast-2', spec: specFor('foreign') }));
    const { actor, done } = startMachine(bound.account, {
      plan: 'deleteRole',
      regions: ['eu-west-1', 'ap-southeast-2'],
      roleOwnership: 'created',
    });
    await clock.run(new Promise<void>((resolve) => actor.subscribe((s) => s.matches({ roleGate: 'blocked' }) && resolve())));
    expect(actor.getSnapshot().context.blockers).toEqual(
      expect.arrayContaining([
        { region: 'ap-southeast-2', kind: 'environment', id: 'foreign', status: 'AVAILABLE' },
        expect.objectContaining({ region: 'ap-southeast-2', kind: 'vpcEndpoint' }),
      ]),
    );
    expect(sim.calls().filter((c) => c.operation === 'iam.deleteRole')).toHaveLength(0);

    // Its owner deletes it; the orchestrator notices on a later check and deletes the role.
    await clock.run(runMachine(bound.environment, { operation: 'delete', region: 'ap-southeast-2', name: 'foreign' }));
    const outcome = await clock.run(done);
    expect(outcome.result).toBe('roleDeleted');
    expect(sim.inventory()).toMatchObject({ serviceLinkedRole: null, vpcEndpoints: [], networkInterfaces: [] });
  });

  it('keeps a role it did not create unless told to force', async () => {
    const { bound, run, ports } = newWorld();
    await ports.serviceLinkedRole.createRole({});
    const outcome = await run(bound.account, { plan: 'deleteRole', regions: ['eu-west-1'] });
    expect(outcome.result).toBe('roleKept');
    const forced = await run(bound.account, { plan: 'deleteRole', regions: ['eu-west-1'], forceRoleDeletion: true });
    expect(forced.result).toBe('roleDeleted');
  });

  it('rejects an environment outside the watched regions before any call', async () => {
    const { bound, run, sim } = newWorld();
    const outcome = await run(bound.account, { plan: 'apply', regions: ['eu-west-1'], environments: [{ region: 'us-east-1', spec: specFor('alpha') }] });
    expect(outcome.result).toBe('invalidInput');
    expect(sim.calls()).toHaveLength(0);
  });
});

async function runMachineOn<T extends Parameters<typeof runMachine>[0]>(clock: { run<R>(p: Promise<R>): Promise<R> }, logic: T, input: Parameters<typeof runMachine<T>>[1]) {
  return clock.run(runMachine(logic, input));
}
