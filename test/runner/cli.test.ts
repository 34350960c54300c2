/**
 * The runner's commands: usage mistakes exit 2 before anything is opened or called; submit,
 * lifecycles, cancel and history share the embedded database in --runner-dir, one process at a
 * time; and a worker against `serve` on its sped-up clock runs an apply to its end.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../cli/main';
import { memoryIo } from '../../cli/io';
import { startServer, type RunningServer } from '../../server';
import { scenarioFromJson } from '../../server/scenario';
import { tmp } from '../cli/helpers';
import { spec } from './support';

const PLAN = {
  regions: ['eu-west-1'],
  environments: [{ region: 'eu-west-1', spec: spec('alpha') }],
  simulator: { seed: 3, timings: { create: { minMs: 60_000, maxMs: 120_000 } } },
};

function planFile(): string {
  const file = join(tmp(), 'plan.json');
  writeFileSync(file, JSON.stringify(PLAN));
  return file;
}

async function run(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string[]; err: string[] }> {
  const io = memoryIo({ env });
  const code = await main(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

describe('usage mistakes', () => {
  test.each([
    [['worker', '--concurrency', '0']],
    [['worker', '--database-url', 'not a url']],
    [['worker', '--database-url', 'mysql://x/y']],
    [['worker', '--time-scale', '60', '--runner-dir', '/nonexistent/never']],
    [['submit', '--runner-dir', '/nonexistent/never']],
    [['submit', '--plan', '/nonexistent/plan.json']],
    [['submit', '--plan', 'PLAN', '--intent', 'explode']],
    [['submit', '--plan', 'PLAN', '--account', '12']],
    [['lifecycles', '--database-url', 'postgres://127.0.0.1:1/x', '--runner-dir', 'y']],
  ])('%j exits 2 with a message and creates nothing', async (argv) => {
    const dir = join(tmp(), 'runner');
    const args = argv.map((a) => (a === 'PLAN' ? planFile() : a));
    const result = await run([...args, ...(args.includes('--runner-dir') || args.includes('--database-url') ? [] : ['--runner-dir', dir])]);
    expect(result.code).toBe(2);
    expect(result.err.join('\n')).toMatch(/error/);
    expect(() => readdirSync(dir)).toThrow();
  });
});

describe('the embedded database', () => {
  test('submit adds a plan once; lifecycles, cancel and history read and change it', async () => {
    const dir = join(tmp(), 'runner');
    const plan = planFile();
    const first = await run(['submit', '--plan', plan, '--runner-dir', dir]);
    expect(first).toMatchObject({ code: 0, out: ['submitted: 123456789012/*/role/ensure#1', 'submitted: 123456789012/eu-west-1/alpha/create#1'] });
    const again = await run(['submit', '--plan', plan, '--runner-dir', dir]);
    expect(again.out).toEqual(['already running: 123456789012/*/role/ensure#1', 'already running: 123456789012/eu-west-1/alpha/create#1']);

    const listed = await run(['lifecycles', '--runner-dir', dir, '--output', 'json']);
    const lines = listed.out.map((l) => JSON.parse(l) as { type: string; id: string; phase: string; result: unknown });
    expect(lines.map((l) => [l.type, l.id, l.phase, l.result])).toEqual([
      ['lifecycle', '123456789012/*/role/ensure#1', 'queued', null],
      ['lifecycle', '123456789012/eu-west-1/alpha/create#1', 'queued', null],
    ]);

    expect((await run(['cancel', '123456789012/eu-west-1/alpha/create#1', '--runner-dir', dir])).code).toBe(0);
    const history = await run(['history', '123456789012/eu-west-1/alpha/create#1', '--runner-dir', dir]);
    expect(history.out).toEqual([expect.stringMatching(/^v0 .* submitted$/), expect.stringMatching(/^v1 .* cancel requested$/)]);
    expect((await run(['history', 'no/such/thing#1', '--runner-dir', dir])).code).toBe(2);
  });

  test('is refused, naming the process, while another live process has it open', async () => {
    const dir = join(tmp(), 'runner');
    expect((await run(['submit', '--plan', planFile(), '--runner-dir', dir])).code).toBe(0);
    writeFileSync(join(dir, 'mwaa-lifecycle.lock'), String(process.ppid));
    const refused = await run(['lifecycles', '--runner-dir', dir]);
    expect(refused.code).toBe(2);
    expect(refused.err.join('\n')).toContain(`is open in process ${process.ppid}`);
    // A lock left by a process that is gone is taken over.
    writeFileSync(join(dir, 'mwaa-lifecycle.lock'), '999999999');
    expect((await run(['lifecycles', '--runner-dir', dir])).code).toBe(0);
  });
});

describe('a worker against serve', () => {
  let server: RunningServer;
  beforeAll(async () => {
    // The SDK's credential chain reads this process's environment; serve checks no signature.
    process.env['AWS_ACCESS_KEY_ID'] ??= 'AKIDEXAMPLE';
    process.env['AWS_SECRET_ACCESS_KEY'] ??= 'secret';
    server = await startServer({ port: 0, scenario: scenarioFromJson(PLAN, 'plan'), clock: { kind: 'speed', speed: 300 } });
  });
  afterAll(async () => {
    await server.close();
  });

  test('runs an apply submitted to the embedded database to its end, following the endpoint clock', async () => {
    const dir = join(tmp(), 'runner');
    expect((await run(['submit', '--plan', planFile(), '--runner-dir', dir])).code).toBe(0);
    const worked = await run(['worker', '--runner-dir', dir, '--endpoint-url', server.url, '--time-scale', '300', '--until-idle', '--concurrency', '2']);
    expect(worked.code).toBe(0);
    expect(worked.out).toEqual(expect.arrayContaining([expect.stringMatching(/alpha\/create#1 v\d+: ended available/)]));
    const listed = await run(['lifecycles', '--runner-dir', dir]);
    expect(listed.out).toEqual([expect.stringMatching(/role\/ensure#1 +finished +ensured$/), expect.stringMatching(/alpha\/create#1 +finished +available$/)]);
    expect(server.world.sim.inventory().environments).toEqual([expect.objectContaining({ name: 'alpha', status: 'AVAILABLE' })]);
  }, 60_000);

  test('refuses --time-scale that is not the endpoint speed', async () => {
    const result = await run(['worker', '--runner-dir', join(tmp(), 'r'), '--endpoint-url', server.url, '--time-scale', '60']);
    expect(result.code).toBe(2);
    expect(result.err.join('\n')).toContain('does not match the endpoint');
  });
});
