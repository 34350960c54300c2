/**
 * Every answer a simulated port gives is the caller's own: changing anything in it, however deep,
 * changes neither the world nor any later answer. Some answers are built afresh for each call and
 * handed over without a further copy, so this holds each of them to it.
 */
import type { AwsPorts } from '../../adapters/port';
import { deepCopy } from '../../adapters/simulator/freeze';
import { advanceUntil, MINUTE, REGION, simulator, spec } from './support';

/** Changes every member of `value`, at every depth: strings and numbers replaced, arrays grown, objects given a new key. */
function scramble(value: unknown): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      scramble(value[i]);
      if (typeof value[i] !== 'object') value[i] = 'scrambled';
    }
    value.push('scrambled');
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    scramble(record[key]);
    if (typeof record[key] !== 'object' || record[key] === null) record[key] = 'scrambled';
  }
  record['scrambled'] = true;
}

/** Asks twice, keeping a copy of the second answer; scrambles the first; a third answer must equal the kept copy. */
async function expectIsolated(ask: () => Promise<unknown>): Promise<void> {
  const first = await ask();
  const kept = structuredClone(await ask());
  scramble(first);
  expect(await ask()).toEqual(kept);
}

describe('answers of the simulated ports', () => {
  it('share nothing with the world or with each other', async () => {
    const sim = simulator();
    const ports: AwsPorts = sim.ports();
    const request = spec('isolated', {
      tags: { team: 'data' },
      airflowConfigurationOptions: { 'core.parallelism': '32' },
      loggingConfiguration: { taskLogs: { enabled: true, logLevel: 'INFO' } },
    });
    await ports.mwaa.createEnvironment(REGION, request);
    await advanceUntil(sim, 'isolated', ['AVAILABLE']);
    await sim.clock.advance(MINUTE);

    const env = await ports.mwaa.getEnvironment(REGION, 'isolated');
    await expectIsolated(() => ports.mwaa.getEnvironment(REGION, 'isolated'));
    await expectIsolated(() => ports.mwaa.listEnvironments(REGION));
    await expectIsolated(() => ports.mwaa.listTagsForResource(REGION, env?.arn ?? ''));
    await expectIsolated(() => ports.network.listRegions());
    await expectIsolated(() => ports.network.listManagedVpcEndpoints(REGION));
    const subnetIds = request.networkConfiguration.subnetIds;
    await expectIsolated(() => ports.network.listNetworkInterfaces(REGION, { subnetIds }));
    const ids = (await ports.network.listNetworkInterfaces(REGION, { subnetIds })).map((n) => n.networkInterfaceId);
    expect(ids.length).toBeGreaterThan(0);
    await expectIsolated(() => ports.network.listNetworkInterfaces(REGION, { ids }));
    await expectIsolated(() => ports.serviceLinkedRole.getRole());
    const other = sim.ports('111111111111').serviceLinkedRole;
    const created = await other.createRole({ description: 'made here' });
    const kept = structuredClone(created);
    scramble(created);
    await sim.clock.advance(MINUTE);
    expect(await other.getRole()).toEqual(kept);
    await expectIsolated(() => ports.serviceLinkedRole.updateDescription('kept apart'));
    const { deletionTaskId } = await ports.serviceLinkedRole.deleteRole();
    await expectIsolated(() => ports.serviceLinkedRole.deleteRole());
    await expectIsolated(() => ports.serviceLinkedRole.getDeletionStatus(deletionTaskId));
  });
});

describe('deepCopy', () => {
  it('copies what a structured clone copies, and nothing is shared', () => {
    const source = {
      text: 'a',
      n: -0,
      missing: undefined,
      nothing: null,
      list: [1, { deep: ['x'] }, [2, 3]],
      when: new Date(0),
      map: new Map([['k', { v: 1 }]]),
      bare: Object.assign(Object.create(null) as Record<string, unknown>, { inner: { z: 1 } }),
    };
    Object.defineProperty(source, '__proto__', { value: { own: true }, enumerable: true, writable: true, configurable: true });
    const copy = deepCopy(source);
    const clone = structuredClone(source);
    expect(copy).toEqual(clone);
    expect(Object.is(copy.n, -0)).toBe(true);
    expect(Object.keys(copy)).toEqual(Object.keys(clone));
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).toEqual({ own: true });
    expect(copy.list[1]).not.toBe(source.list[1]);
    expect(copy.when).not.toBe(source.when);
    expect(copy.map.get('k')).not.toBe(source.map.get('k'));
    expect(copy.bare['inner']).not.toBe(source.bare['inner']);
  });

  it('copies an object of many members, in their order, sharing none of them', () => {
    const source: Record<string, unknown> = {};
    for (let i = 0; i < 30; i++) source[`member${i}`] = i % 3 === 0 ? { inner: [i] } : `value${i}`;
    const copy = deepCopy(source);
    expect(copy).toEqual(structuredClone(source));
    expect(Object.keys(copy)).toEqual(Object.keys(source));
    expect(copy['member3']).not.toBe(source['member3']);
  });

  it('refuses what a structured clone refuses', () => {
    expect(() => deepCopy({ f: () => 1 })).toThrow();
    expect(() => deepCopy([Symbol('s')])).toThrow();
  });
});
