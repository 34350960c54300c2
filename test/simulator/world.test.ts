import type { AwsPorts } from '../../adapters/port';
import { createSimulatedAws, type SimulatedAws } from '../../adapters/simulator';
import { VirtualClock } from '../../domain/virtualClock';
import { HOUR, OTHER_REGION, REGION, advanceUntil, simulator, spec } from './support';

const EMPTY = { serviceLinkedRole: null, environments: [], vpcEndpoints: [], networkInterfaces: [], deletionTasks: [] };

/** Creates, waits, deletes and waits for every name, then waits for the cleanups and deletes the SLR. */
async function fullLifecycle(sim: SimulatedAws, names: string[]): Promise<void> {
  const { mwaa, serviceLinkedRole } = sim.ports();
  for (const [i, name] of names.entries()) await mwaa.createEnvironment(i % 2 ? OTHER_REGION : REGION, spec(name));
  for (const [i, name] of names.entries()) await advanceUntil(sim, name, ['AVAILABLE'], i % 2 ? OTHER_REGION : REGION);
  for (const [i, name] of names.entries()) await mwaa.deleteEnvironment(i % 2 ? OTHER_REGION : REGION, name);
  for (const [i, name] of names.entries()) await advanceUntil(sim, name, [null], i % 2 ? OTHER_REGION : REGION);
  // Only once MWAA has cleaned up after every environment is the role safe to delete.
  await sim.clock.advance(sim.timings.cleanupAfterDelete.maxMs);
  const { deletionTaskId } = await serviceLinkedRole.deleteRole();
  const done = sim.clock.now() + sim.timings.slrDeletionStart.maxMs + sim.timings.slrDeletionRun.maxMs;
  await sim.clock.advanceTo(done);
  expect(await serviceLinkedRole.getDeletionStatus(deletionTaskId)).toHaveProperty('status', 'SUCCEEDED');
  await sim.clock.advance(sim.timings.deletionTaskRetention.maxMs);
}

describe('the simulated world', () => {
  it('advances 24 idle virtual hours instantly', async () => {
    const sim = simulator();
    await sim.ports().mwaa.createEnvironment(REGION, spec('idle'));
    const real = Date.now();
    await sim.clock.advance(24 * HOUR);
    expect(Date.now() - real).toBeLessThan(200);
    await expect(sim.ports().mwaa.getEnvironment(REGION, 'idle')).resolves.toHaveProperty('status', 'AVAILABLE');
  });

  it('ends empty after a full create → delete lifecycle and the SLR deletion', async () => {
    const sim = simulator();
    await fullLifecycle(sim, ['solo']);
    expect(sim.inventory()).toEqual(EMPTY);
    expect(sim.clock.pendingTimers()).toBe(0);
    expect(sim.events().filter((e) => e.kind === 'cleanup.done')).toHaveLength(1);
  });

  it('runs a whole lifecycle of 10 environments in well under a second of real time', async () => {
    const sim = simulator();
    const names = Array.from({ length: 10 }, (_, i) => `env${i}`);
    const real = Date.now();
    await fullLifecycle(sim, names);
    expect(Date.now() - real).toBeLessThan(1000);
    expect(sim.inventory()).toEqual(EMPTY);
  });

  it('is reproducible from its seed', async () => {
    const run = async (seed: number): Promise<string> => {
      const sim = createSimulatedAws({ seed });
      await fullLifecycle(sim, ['a', 'b']);
      return JSON.stringify(sim.events());
    };
    const first = await run(3);
    expect(await run(3)).toBe(first);
    expect(await run(4)).not.toBe(first);
  });

  it('runs on the clock it is given', async () => {
    const clock = new VirtualClock({ start: 0 });
    const sim = createSimulatedAws({ clock });
    expect(sim.clock).toBe(clock);
    await sim.ports().mwaa.createEnvironment(REGION, spec('t0'));
    await expect(sim.ports().mwaa.getEnvironment(REGION, 't0')).resolves.toHaveProperty('createdAt', 0);
    expect(sim.events()[0]?.at).toBe(0);
  });

  it('hands out deep copies, so callers cannot change the world', async () => {
    const sim = simulator();
    const ports: AwsPorts = sim.ports();
    const request = spec('copy', { tags: { a: 'b' } });
    await ports.mwaa.createEnvironment(REGION, request);
    request.networkConfiguration.subnetIds.push('subnet-mutated');
    const env = await ports.mwaa.getEnvironment(REGION, 'copy');
    env!.networkConfiguration.securityGroupIds.push('sg-mutated');
    env!.tags!['a'] = 'changed';
    await advanceUntil(sim, 'copy', ['AVAILABLE']);
    await sim.clock.advance(20_000);
    const role = await ports.serviceLinkedRole.getRole();
    role!.trustPolicy.Statement.length = 0;
    sim.inventory().environments.length = 0;
    sim.events().length = 0;

    const again = await ports.mwaa.getEnvironment(REGION, 'copy');
    expect(again?.networkConfiguration).toEqual({ subnetIds: ['subnet-0aaa111', 'subnet-0bbb222'], securityGroupIds: ['sg-0ccc333'] });
    expect(again?.tags).toEqual({ a: 'b' });
    expect((await ports.serviceLinkedRole.getRole())?.trustPolicy.Statement).toHaveLength(1);
    expect(sim.inventory().environments).toHaveLength(1);
    expect(sim.events().length).toBeGreaterThan(0);
  });

  it('logs world events in time order with their account', async () => {
    const sim = simulator();
    await sim.ports('111111111111').mwaa.createEnvironment(REGION, spec('logged'));
    await sim.clock.advance(HOUR);
    const events = sim.events();
    expect(events.map((e) => e.at)).toEqual([...events.map((e) => e.at)].sort((a, b) => a - b));
    expect(new Set(events.map((e) => e.accountId))).toEqual(new Set(['111111111111']));
    expect(events.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['role.created', 'environment.status', 'endpoint.created', 'eni.created']),
    );
    const available = events.find((e) => e.kind === 'environment.status' && e.status === 'AVAILABLE');
    expect(available).toMatchObject({ region: REGION, name: 'logged', detail: { status: 'AVAILABLE' } });
  });

  it('creates accounts lazily and rejects ids that are not 12 digits', () => {
    const sim = simulator({ accountId: '000000000001' });
    expect(sim.accountId).toBe('000000000001');
    expect(sim.ports('000000000002')).toBe(sim.ports('000000000002'));
    expect(() => sim.ports('42')).toThrow(RangeError);
    expect(() => createSimulatedAws({ accountId: 'abc' })).toThrow(RangeError);
  });
});
