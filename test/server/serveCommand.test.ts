/**
 * The `serve` command: its banner, its world file, its clock options, what it refuses before
 * listening, and a real process that serves until SIGTERM and then exits 0.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveCommand } from '../../cli/serveCommand';
import { memoryIo } from '../../cli/io';
import { startServer } from '../../server';
import { finished, run, spawnCli, tmp } from '../cli/helpers';
import { wireSpec } from '../wire/simulatorWire';

const SCENARIO = { seed: 5, roleExists: true, foreignEnvironments: [{ region: 'us-east-1', spec: wireSpec('cmd-foreign') }] };

/** Runs `serve` in this process until `during` is done, then stops it as SIGINT would. */
async function serveInProcess(flags: Parameters<typeof serveCommand>[0], during: (url: string) => Promise<void>): Promise<{ code: number; stdout: string[]; stderr: string[] }> {
  const stop = new AbortController();
  const io = memoryIo({ signal: stop.signal });
  const running = serveCommand(flags, io);
  for (let i = 0; i < 200 && !io.stdout.some((l) => l.includes('listening on')); i++) await new Promise((r) => setTimeout(r, 10));
  const url = /listening on (\S+)/.exec(io.stdout.join('\n'))?.[1] ?? '';
  try {
    await during(url);
  } finally {
    stop.abort();
  }
  return { code: await running, stdout: io.stdout, stderr: io.stderr };
}

it('prints a banner saying what it answers, that signatures are not verified, and how its clock moves', async () => {
  const file = join(tmp(), 'world.json');
  writeFileSync(file, JSON.stringify({ regions: ['us-east-1'], environments: [], simulator: SCENARIO }));
  const result = await serveInProcess({ port: 0, host: '127.0.0.1', world: file, speed: 60 }, async (url) => {
    const clock = (await (await fetch(`${url}/_mwaa-lifecycle/clock`)).json()) as { mode: string; speed: number };
    expect(clock).toMatchObject({ mode: 'speed', speed: 60 });
    const snapshot = (await (await fetch(`${url}/_mwaa-lifecycle/world/snapshot`)).json()) as { inventory: { environments: Array<{ name: string }> } };
    expect(snapshot.inventory.environments.map((e) => e.name)).toEqual(['cmd-foreign']);
  });
  expect(result.code).toBe(0);
  const banner = result.stdout.join('\n');
  expect(banner).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
  expect(banner).toContain('NOT verified');
  expect(banner).toContain('60 virtual ms per real ms');
  expect(banner).toContain(file);
  expect(result.stderr).toEqual(['serve: stopped']);
});

it('warns when it listens beyond loopback', async () => {
  const result = await serveInProcess({ port: 0, host: '0.0.0.0', manualClock: true }, async () => undefined);
  expect(result.stdout.join('\n')).toContain('manual: still until POST');
  expect(result.stderr[0]).toMatch(/^warning: listening on 0\.0\.0\.0/);
});

it('refuses a busy port, a world file that does not hold up, and --speed with --manual-clock, with exit code 2', async () => {
  const other = await startServer({ port: 0, clock: { kind: 'manual' } });
  try {
    const busy = await run('serve', '--port', String(other.port));
    expect(busy.code).toBe(2);
    expect(busy.stderr).toMatch(/cannot listen on 127\.0\.0\.1:\d+/);
  } finally {
    await other.close();
  }
  const bad = join(tmp(), 'bad.json');
  writeFileSync(bad, JSON.stringify({ seed: 'five' }));
  expect((await run('serve', '--port', '0', '--world', bad)).code).toBe(2);
  expect((await run('serve', '--port', '0', '--world', join(tmp(), 'absent.json'))).code).toBe(2);
  const both = await run('serve', '--speed', '60', '--manual-clock');
  expect(both.code).toBe(2);
  expect(both.stderr).toMatch(/cannot be used with/);
});

it('runs as a process until SIGTERM, answering AWS and control requests, then exits 0', async () => {
  const child = spawnCli(['serve', '--port', '0', '--manual-clock']);
  const output = finished(child);
  let banner = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      banner += d.toString();
      if (banner.includes('try:')) resolve();
    });
    child.on('close', () => reject(new Error(`serve ended early: ${banner}`)));
  });
  const url = /listening on (\S+)/.exec(banner)?.[1] ?? '';
  const list = await fetch(`${url}/environments`, { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=k/20260101/eu-west-1/airflow/aws4_request, SignedHeaders=host, Signature=0' } });
  expect(await list.json()).toEqual({ Environments: [] });
  expect(((await (await fetch(`${url}/_mwaa-lifecycle/clock`)).json()) as { mode: string }).mode).toBe('manual');
  child.kill('SIGTERM');
  const ended = await output;
  expect(ended.code).toBe(0);
  expect(ended.stderr).toContain('serve: stopped');
}, 30_000);
