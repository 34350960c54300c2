/**
 * The control endpoints under /_mwaa-lifecycle/: the clock (manual and sped up), faults, loading,
 * snapshotting and resetting the world, and what they answer to bodies that do not hold up.
 */
/* eslint-disable no-restricted-imports -- the wire is measured with the AWS SDK clients themselves, as any client of serve would use them */
import { ListEnvironmentsCommand, MWAAClient } from '@aws-sdk/client-mwaa';
import { startServer, type RunningServer } from '../../server';
import { wireSpec } from '../wire/simulatorWire';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
let server: RunningServer;

beforeAll(async () => {
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';
  server = await startServer({ port: 0, clock: { kind: 'manual' } });
});
afterAll(async () => {
  await server?.close();
});
beforeEach(async () => {
  await control('POST', 'world', {});
});

async function control(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${server.url}/_mwaa-lifecycle/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('the clock', () => {
  it('stands still on a manual clock, and moves forward by exactly the advance, firing what falls due', async () => {
    const before = (await control('GET', 'clock')).json;
    expect(before).toMatchObject({ mode: 'manual', speed: null, iso: new Date(before['now'] as number).toISOString() });
    await new Promise((r) => setTimeout(r, 50));
    expect((await control('GET', 'clock')).json['now']).toBe(before['now']);

    await server.world.sim.ports().mwaa.createEnvironment('eu-west-1', wireSpec('ctl-clock'));
    const moved = await control('POST', 'clock/advance', { ms: 60 * 60_000 });
    expect(moved.json['now']).toBe((before['now'] as number) + 60 * 60_000);
    expect(server.world.sim.inventory().environments).toEqual([expect.objectContaining({ name: 'ctl-clock', status: 'AVAILABLE' })]);
  });

  it('refuses an advance that is not a number of milliseconds from 0 to 30 days with 400', async () => {
    for (const body of [{}, { ms: '5' }, { ms: -1 }, { ms: 31 * 24 * 3600_000 }, 'not json']) {
      const answer = await control('POST', 'clock/advance', body);
      expect(answer.status).toBe(400);
      expect(typeof answer.json['error']).toBe('string');
    }
  });

  it('follows real time at the speed factor', async () => {
    const fast = await startServer({ port: 0, clock: { kind: 'speed', speed: 1000 } });
    try {
      const start = fast.clock.state().now;
      const realStart = performance.now();
      // At 1000x, 100 virtual seconds pass in about 100 real ms; a busy machine may take longer, never less.
      let moved = 0;
      while (moved < 100_000 && performance.now() - realStart < 10_000) {
        await new Promise((r) => setTimeout(r, 10));
        moved = fast.clock.state().now - start;
      }
      const realMs = performance.now() - realStart;
      expect(moved).toBeGreaterThanOrEqual(100_000);
      // Never ahead of real time at the speed factor (one coarse tick of slack).
      expect(moved).toBeLessThanOrEqual((realMs + 50) * 1000);
      expect(fast.clock.state()).toMatchObject({ mode: 'speed', speed: 1000 });
    } finally {
      await fast.close();
    }
  });
});

describe('faults', () => {
  it('adds a fault rule the next calls meet, and removes every rule', async () => {
    const mwaa = new MWAAClient({ region: 'eu-west-1', endpoint: server.url, disableHostPrefix: true, credentials, maxAttempts: 1 });
    try {
      expect(await control('POST', 'faults', { operation: 'mwaa.listEnvironments', kind: 'throttle', rate: 1 })).toEqual({ status: 200, json: { added: 1 } });
      await expect(mwaa.send(new ListEnvironmentsCommand({}))).rejects.toMatchObject({ name: 'ThrottlingException', $metadata: { httpStatusCode: 429 } });
      expect(await control('DELETE', 'faults')).toEqual({ status: 200, json: { cleared: true } });
      await expect(mwaa.send(new ListEnvironmentsCommand({}))).resolves.toMatchObject({ Environments: [] });
    } finally {
      mwaa.destroy();
    }
  });

  it('refuses a fault rule that does not hold up, naming the problem', async () => {
    const answer = await control('POST', 'faults', [{ operation: 'mwaa.listEnvironments', kind: 'throttle', rate: 2 }]);
    expect(answer.status).toBe(400);
    expect(answer.json['error']).toMatch(/faults\[0\]\.rate/);
  });
});

describe('the world', () => {
  const scenario = {
    seed: 3,
    roleExists: true,
    foreignEnvironments: [{ region: 'us-east-1', spec: wireSpec('ctl-foreign') }],
  };

  it('loads a scenario section, snapshots it, and resets to it after changes', async () => {
    const loaded = await control('POST', 'world', scenario);
    expect(loaded.status).toBe(200);
    const inventory = loaded.json['inventory'] as { serviceLinkedRole: unknown; environments: unknown[] };
    expect(inventory.serviceLinkedRole).not.toBeNull();
    expect(inventory.environments).toEqual([expect.objectContaining({ name: 'ctl-foreign', status: 'AVAILABLE' })]);

    await server.world.sim.ports().mwaa.createEnvironment('eu-west-1', wireSpec('ctl-extra'));
    const snapshot = (await control('GET', 'world/snapshot')).json as { inventory: { environments: unknown[] }; events: unknown[]; calls: Array<{ operation: string }>; now: number };
    expect(snapshot.inventory.environments).toHaveLength(2);
    expect(snapshot.events.length).toBeGreaterThan(0);
    expect(snapshot.calls.map((c) => c.operation)).toContain('mwaa.createEnvironment');

    const reset = await control('POST', 'world/reset');
    expect((reset.json['inventory'] as { environments: unknown[] }).environments).toEqual([expect.objectContaining({ name: 'ctl-foreign' })]);
  });

  it('loads a whole plan file by its simulator section', async () => {
    const plan = { regions: ['us-east-1'], environments: [], simulator: scenario };
    expect((await control('POST', 'world', plan)).json['inventory']).toMatchObject({ environments: [expect.objectContaining({ name: 'ctl-foreign' })] });
  });

  it('refuses a scenario that does not hold up with 400 and keeps the world it had', async () => {
    await control('POST', 'world', scenario);
    const answer = await control('POST', 'world', { seed: 'seven' });
    expect(answer.status).toBe(400);
    expect(answer.json['error']).toMatch(/seed/);
    expect(server.world.sim.inventory().environments).toHaveLength(1);
  });

  it('answers an unknown control path with 404', async () => {
    expect((await control('GET', 'nothing-here')).status).toBe(404);
  });
});
