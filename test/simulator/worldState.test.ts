/**
 * A saved simulated world, restored, goes on exactly as the original: same statuses at the same
 * virtual times, same ids, same cleanup, same role deletion, under every uncertainty variant.
 */
import { createSimulatedAws, SimulatedAws, type SimulatorOptions } from '../../adapters/simulator';
import { UNCERTAINTY_VARIANTS } from '../../adapters/simulator/uncertainty';
import type { AwsPorts } from '../../adapters/port';
import { specFor } from '../support/world';

const MINUTE = 60_000;

/** What the rest of a run does to a world, from the save point on: calls at fixed virtual times, and how each ended. */
async function secondHalf(sim: SimulatedAws): Promise<string[]> {
  const ports: AwsPorts = sim.ports();
  const outcomes: string[] = [];
  const attempt = async (call: () => Promise<unknown>): Promise<void> => {
    outcomes.push(await call().then(() => 'ok', (e: unknown) => (e instanceof Error ? e.message : String(e))));
  };
  await sim.clock.advance(12 * MINUTE);
  await attempt(() => ports.mwaa.createEnvironment('eu-west-1', specFor('gamma')));
  await sim.clock.advance(40 * MINUTE);
  await attempt(() => ports.mwaa.deleteEnvironment('eu-west-1', 'alpha'));
  await attempt(() => ports.mwaa.deleteEnvironment('us-east-1', 'beta'));
  await sim.clock.advance(40 * MINUTE);
  await attempt(() => ports.mwaa.deleteEnvironment('eu-west-1', 'gamma'));
  await sim.clock.advance(60 * MINUTE);
  await attempt(() => ports.serviceLinkedRole.deleteRole());
  await sim.clock.advance(10 * MINUTE);
  return outcomes;
}

/** The first half: two creates under way, one of them past its network provisioning. */
async function firstHalf(options: SimulatorOptions): Promise<SimulatedAws> {
  const sim = createSimulatedAws({ seed: 11, ...options });
  const ports = sim.ports();
  await ports.mwaa.createEnvironment('eu-west-1', specFor('alpha'));
  await sim.clock.advance(9 * MINUTE);
  await ports.mwaa.createEnvironment('us-east-1', specFor('beta'));
  await sim.clock.advance(2 * MINUTE);
  return sim;
}

const since = (sim: SimulatedAws, at: number) => sim.events().filter((e) => e.at >= at);

describe('a saved simulated world', () => {
  it.each(UNCERTAINTY_VARIANTS.map((v) => [v.name, v.uncertainty] as const))('goes on after a restore exactly as the original would (%s)', async (_name, uncertainty) => {
    const options: SimulatorOptions = { uncertainty, maintenance: { everyMs: 20 * MINUTE } };
    const original = await firstHalf(options);
    const savedAt = original.clock.now();
    const saved = JSON.parse(JSON.stringify(original.save())) as unknown;
    const restored = SimulatedAws.restore(saved);
    expect(restored.clock.now()).toBe(savedAt);
    expect(restored.inventory()).toEqual(original.inventory());

    const outcomes = await secondHalf(original);
    expect(await secondHalf(restored)).toEqual(outcomes);

    // The creates begun before the save end after it; the later calls act on the restored world.
    const kinds = since(original, savedAt).map((e) => `${e.kind}:${e.name ?? ''}:${e.status ?? ''}`);
    expect(kinds).toEqual(expect.arrayContaining(['environment.status:alpha:AVAILABLE', 'environment.status:beta:AVAILABLE', 'environment.status:gamma:CREATING']));
    expect(since(restored, savedAt)).toEqual(since(original, savedAt));
    expect(restored.inventory()).toEqual(original.inventory());
    expect(restored.logCounts()).toEqual(original.logCounts());
    expect(restored.calls()).toEqual(original.calls());
  });

  it('keeps its scheduled future: a PENDING environment still times out, a deletion task still ends', async () => {
    const sim = createSimulatedAws({ seed: 3, timings: { pendingTimeout: 30 * MINUTE } });
    await sim.ports().mwaa.createEnvironment('eu-west-1', specFor('custom', { endpointManagement: 'CUSTOMER' }));
    await sim.clock.advance(45 * MINUTE);
    expect(sim.inventory().environments[0]?.status).toBe('PENDING');
    const restored = SimulatedAws.restore(JSON.parse(JSON.stringify(sim.save())));
    await restored.clock.advance(30 * MINUTE);
    const env = await restored.ports().mwaa.getEnvironment('eu-west-1', 'custom');
    expect(env?.status).toBe('CREATE_FAILED');
  });

  it('keeps its faults: scripted failures, fault rules and the level of each rate-limit bucket', async () => {
    const sim = createSimulatedAws({ seed: 5, rateLimits: { 'mwaa.listEnvironments': { perSecond: 0.01, burst: 1 } } });
    await sim.ports().mwaa.listEnvironments('eu-west-1');
    sim.failNext({ operation: 'iam.getRole', awsName: 'ServiceFailure', message: 'boom', httpStatus: 500 });
    const restored = SimulatedAws.restore(JSON.parse(JSON.stringify(sim.save())));
    await expect(restored.ports().mwaa.listEnvironments('eu-west-1')).rejects.toMatchObject({ code: 'Throttled' });
    await expect(restored.ports().serviceLinkedRole.getRole()).rejects.toThrow('boom');
  });

  it('saves no Airflow configuration value, only its key, as MWAA shows it', async () => {
    const sim = createSimulatedAws({ seed: 2 });
    const secret = 'postgres://user:hunter2@db';
    await sim.ports().mwaa.createEnvironment('eu-west-1', specFor('alpha', { airflowConfigurationOptions: { 'secrets.backend_kwargs': secret } }));
    const text = JSON.stringify(sim.save());
    expect(text).not.toContain('hunter2');
    const restored = SimulatedAws.restore(JSON.parse(text));
    await restored.clock.advance(60 * MINUTE);
    expect((await restored.ports().mwaa.getEnvironment('eu-west-1', 'alpha'))?.airflowConfigurationOptions).toEqual({ 'secrets.backend_kwargs': '***' });
  });

  it('leaves out the kept log entries when asked, keeping their counts', async () => {
    const sim = await firstHalf({});
    const restored = SimulatedAws.restore(JSON.parse(JSON.stringify(sim.save({ logs: false }))));
    expect(restored.calls()).toEqual([]);
    expect(restored.logCounts()).toEqual({ ...sim.logCounts(), droppedCalls: sim.logCounts().calls, droppedEvents: sim.logCounts().events });
  });

  it.each([
    [null, 'it holds no simulated world'],
    [{ format: 'mwaa-lifecycle/simulated-world', version: 99 }, 'version 99'],
    [{ format: 'mwaa-lifecycle/simulated-world', version: 1, options: {}, now: 'soon' }, 'no virtual time'],
  ])('refuses what is not a saved world (%j), naming the problem', (json, problem) => {
    expect(() => SimulatedAws.restore(json)).toThrow(problem);
  });

  it('refuses a world whose accounts are malformed', async () => {
    const saved = (await firstHalf({})).save() as unknown as { accounts: unknown[] };
    saved.accounts = [{ id: '123456789012' }];
    expect(() => SimulatedAws.restore(saved)).toThrow('malformed accounts');
  });
});
