import { runMachine, startMachine } from '../../machines/run';
import { bindMachines } from '../../machines/wiring';
import { watchRoleDeletion } from '../support/roleGuard';
import { newWorld, specFor } from '../support/world';

const MIN = 60_000;

describe('account orchestrator', () => {
  it('ensures the role before creating any environment, then creates them in parallel', async () => {
    const { sim, bound } = newWorld();
    const started = sim.clock.now();
    const { actor } = startMachine(bound.account, {
      plan: 'apply',
      regions: ['eu-west-1', 'us-east-1'],
      environments: [
        { region: 'eu-west-1', spec: specFor('alpha') },
        { region: 'us-east-1', spec: specFor('beta') },
      ],
    });
    await sim.clock.run(new Promise<void>((resolve) => actor.subscribe((s) => s.matches('ready') && resolve())));
    const calls = sim.calls();
    const firstCreate = calls.findIndex((c) => c.operation === 'mwaa.createEnvironment');
    const roleCreated = calls.findIndex((c) => c.operation === 'iam.createRole' && c.outcome === 'ok');
    expect(roleCreated).toBeGreaterThanOrEqual(0);
    expect(roleCreated).toBeLessThan(firstCreate);
    const ctx = actor.getSnapshot().context;
    // The role machine only ends `ensured` once GetRole shows the role, and creates are spawned after that.
    expect(ctx.role).toMatchObject({ result: 'ensured', ownership: 'created' });
    expect(ctx.results['eu-west-1/alpha']?.result).toBe('available');
    expect(ctx.results['us-east-1/beta']?.result).toBe('available');
    // Parallel: both creates took ~20-35 min each, together well under twice that.
    expect(sim.clock.now() - started).toBeLessThan(50 * MIN);
    actor.stop();
  });

  it('tears down every environment, then deletes the role it created, never while anything uses it', async () => {
    const { sim, clock } = newWorld();
    const violations: string[] = [];
    const bound = bindMachines(watchRoleDeletion(sim, sim.ports(), violations), { clock });
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
    await clock.run(runMachine(bound.serviceLinkedRole, { operation: 'ensure' }));
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
