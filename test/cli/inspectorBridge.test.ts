import { request } from 'node:http';
import type { InspectionEvent } from 'xstate';
import { createSimulatedAws } from '../../adapters/simulator';
import { statelyInspection, type StatelyInspection } from '../../cli/inspection';
import { runAccount } from '../../cli/runAccount';
import { freePort } from '../support/freePort';
import { plan, run } from './helpers';
import { connect, disconnect, quiet, refusalStatus, STATELY, type BridgeClient } from './inspectorClient';

const open: StatelyInspection[] = [];
const clients: BridgeClient[] = [];

async function bridge(options: Parameters<typeof statelyInspection>[2] = {}): Promise<{ inspection: StatelyInspection; lines: string[] }> {
  const lines: string[] = [];
  const inspection = await statelyInspection(0, (line) => lines.push(line), options);
  open.push(inspection);
  return { inspection, lines };
}

async function client(url: string, origin: string | null = STATELY): Promise<BridgeClient> {
  const connected = await connect(url, origin);
  clients.push(connected);
  return connected;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map(disconnect));
  await Promise.all(open.splice(0).map((inspection) => inspection.close()));
});

/** An HTTP GET to the bridge with the given Host header. */
function get(port: number, path: string, host = `127.0.0.1:${port}`): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Runs apply then teardown of the two-environment plan on a fresh simulator, inspected by `inspect`. */
async function simulatedRun(inspect: (event: InspectionEvent) => void): Promise<void> {
  const sim = createSimulatedAws({ seed: 5 });
  const common = { plan, ports: sim.ports(), clock: sim.clock, virtualClock: sim.clock, inspect };
  await runAccount({ ...common, command: 'apply' });
  await runAccount({ ...common, command: 'teardown' });
}

describe('the inspector bridge: who may connect', () => {
  it('listens on loopback by default and prints an address with a random token', async () => {
    const { inspection, lines } = await bridge();
    const { bridge: server } = inspection;
    expect(server.host).toBe('127.0.0.1');
    expect(server.token.length).toBeGreaterThanOrEqual(32);
    expect(lines.join('\n')).toContain(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(lines.join('\n')).not.toMatch(/warning/);
    const other = await bridge();
    expect(other.inspection.bridge.token).not.toBe(server.token);
  });

  it('listens on another address only when asked, with a warning', async () => {
    const { inspection, lines } = await bridge({ host: '0.0.0.0' });
    expect(inspection.bridge.host).toBe('0.0.0.0');
    expect(lines[0]).toMatch(/^warning: the inspector bridge listens on 0\.0\.0\.0, reachable from other machines/);
  });

  it('refuses a WebSocket from a foreign origin, or from no origin at all', async () => {
    const { inspection } = await bridge();
    expect(await refusalStatus(inspection.bridge.socketUrl, 'https://evil.example')).toBe(403);
    expect(await refusalStatus(inspection.bridge.socketUrl, 'http://stately.ai')).toBe(403);
    expect(await refusalStatus(inspection.bridge.socketUrl, null)).toBe(403);
    expect(await refusalStatus(inspection.bridge.socketUrl, STATELY)).toBe(101);
    // The bridge's own page, as the browser reaches it.
    expect(await refusalStatus(inspection.bridge.socketUrl, `http://127.0.0.1:${inspection.bridge.port}`)).toBe(101);
  });

  it('refuses a WebSocket without the token, or with another', async () => {
    const { inspection } = await bridge();
    const base = `ws://127.0.0.1:${inspection.bridge.port}/`;
    expect(await refusalStatus(base, STATELY)).toBe(401);
    expect(await refusalStatus(`${base}?token=`, STATELY)).toBe(401);
    expect(await refusalStatus(`${base}?token=${'x'.repeat(32)}`, STATELY)).toBe(401);
  });

  it('serves its page only with the token and to a host named by address, with a strict policy', async () => {
    const { inspection } = await bridge();
    const { port, token } = inspection.bridge;
    expect((await get(port, '/')).status).toBe(401);
    expect((await get(port, `/?token=${token}`, `evil.example:${port}`)).status).toBe(403);
    const page = await get(port, `/?token=${token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<iframe id="inspector" src="https://stately.ai/inspect"');
    expect(page.body).not.toContain(token);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(String(page.headers['content-security-policy'])).toContain("frame-src https://stately.ai");
  });
});

describe('the inspector bridge: what clients receive', () => {
  it('never passes a client message on to another client', async () => {
    const { inspection } = await bridge();
    const speaker = await client(inspection.bridge.socketUrl);
    const listener = await client(inspection.bridge.socketUrl);
    const spoof = JSON.stringify({ type: '@xstate.snapshot', _version: '0.7.2', sessionId: 'x:1', snapshot: { value: 'spoofed' } });
    speaker.socket.send(spoof);
    speaker.socket.send('not even JSON');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await simulatedRun(inspection.inspect);
    await quiet(listener);
    expect(listener.raw.length).toBeGreaterThan(100);
    expect(listener.raw).not.toContain(spoof);
    expect(listener.raw.join('\n')).not.toContain('spoofed');
    expect(speaker.raw.join('\n')).not.toContain('spoofed');
  });

  it('answers pings, and drops a client that sends more than a control message can hold', async () => {
    const { inspection } = await bridge();
    const pinger = await client(inspection.bridge.socketUrl);
    const ponged = new Promise<string>((resolve) => pinger.socket.once('pong', (data: Buffer) => resolve(data.toString())));
    pinger.socket.ping('are you there');
    expect(await ponged).toBe('are you there');
    const flooder = await client(inspection.bridge.socketUrl);
    const dropped = new Promise<void>((resolve) => flooder.socket.once('close', () => resolve()));
    flooder.socket.send('x'.repeat(1024 * 1024));
    await dropped;
    expect(inspection.bridge.clients).toBe(1);
  });

  it('gives a client that connects after the run every actor registration, each machine with its definition', async () => {
    const { inspection } = await bridge();
    const machines = new Map<string, string>();
    let events = 0;
    await simulatedRun((event) => {
      events++;
      const ref = event.actorRef as unknown as { sessionId: string; logic?: { config?: { id?: string } } };
      if (event.type === '@xstate.actor' && ref.logic?.config?.id) machines.set(ref.sessionId, ref.logic.config.id);
      inspection.inspect(event);
    });
    expect(events).toBeGreaterThan(200);
    expect(new Set(machines.values())).toEqual(new Set(['account', 'serviceLinkedRole', 'environment']));

    const late = await client(inspection.bridge.socketUrl);
    await quiet(late);
    const registrations = late.messages.filter((m) => m['type'] === '@xstate.actor');
    for (const [session, id] of machines) {
      const registration = registrations.find((m) => m['sessionId'] === session);
      expect(registration).toBeDefined();
      const definition = JSON.parse(String(registration?.['definition'])) as { id?: string; states?: object };
      expect(definition.id).toBe(id);
      expect(Object.keys(definition.states ?? {}).length).toBeGreaterThan(2);
    }
    // Each machine's latest snapshot follows its registration.
    for (const session of machines.keys()) {
      const at = late.messages.findIndex((m) => m['type'] === '@xstate.actor' && m['sessionId'] === session);
      const snapshot = late.messages.findIndex((m) => m['type'] === '@xstate.snapshot' && m['sessionId'] === session);
      expect(snapshot).toBeGreaterThan(at);
    }
  });

  it('with --inspect-wait, holds the run until a client connects (or the run is interrupted)', async () => {
    const lines: string[] = [];
    let started = false;
    const starting = statelyInspection(0, (line) => lines.push(line), { wait: true }).then((inspection) => {
      started = true;
      open.push(inspection);
      return inspection;
    });
    // The address is printed once the bridge listens; a loaded machine may take a while to get there.
    for (let waited = 0; waited < 10_000 && !/open http/.test(lines.join('\n')); waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(started).toBe(false);
    const url = /open (http:\/\/\S+)/.exec(lines.join('\n'))?.[1]?.replace('http://', 'ws://');
    expect(url).toBeDefined();
    await client(String(url));
    await starting;
    expect(started).toBe(true);

    const controller = new AbortController();
    const waiting = statelyInspection(0, () => undefined, { wait: true, signal: controller.signal });
    controller.abort();
    open.push(await waiting);
  });

  it('stays up until the run ends, then closes its clients', async () => {
    const { inspection } = await bridge();
    const watcher = await client(inspection.bridge.socketUrl);
    const closed = new Promise<void>((resolve) => watcher.socket.once('close', () => resolve()));
    await simulatedRun(inspection.inspect);
    expect(await refusalStatus(inspection.bridge.socketUrl, STATELY)).toBe(101);
    await inspection.close();
    await closed;
    expect(await refusalStatus(inspection.bridge.socketUrl, STATELY)).toBe(null);
  });
});

describe('the inspector flags', () => {
  it('demo streams to the bridge; --inspect-host warns; --inspect-wait needs --inspect-port', async () => {
    const port = await freePort('0.0.0.0');
    const shown = await run('demo', '--inspect-port', String(port), '--inspect-host', '0.0.0.0', '--heartbeat', '0');
    expect({ code: shown.code, stderr: shown.code === 0 ? '' : shown.stderr }).toEqual({ code: 0, stderr: '' });
    expect(shown.stderr).toMatch(/warning: the inspector bridge listens on 0\.0\.0\.0/);
    expect(shown.stderr).toContain(`open http://127.0.0.1:${port}/?token=`);
    const refused = await run('demo', '--inspect-wait');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--inspect-wait and --inspect-host need --inspect-port');
  });
});
