/**
 * Every file and port problem, and every state file that cannot be trusted, ends with exit code 2
 * and a message naming the file, before a single AWS call: a listening endpoint counts the
 * connections and must see none.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { planFingerprint } from '../../cli/stateFile';
import { SNAPSHOT_SCHEMA_VERSION } from '../../machines/run';
import { specFor } from '../support/world';
import { plan, run, tmp, writeJson } from './helpers';

let endpoint: Server;
let connections = 0;
let url = '';

beforeAll(async () => {
  endpoint = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(endpoint.address() as { port: number }).port}`;
});
afterAll(() => new Promise((resolve) => endpoint.close(resolve)));
beforeEach(() => {
  connections = 0;
});

const aws = ['--endpoint-url', () => url] as const;
const applyWith = async (dir: string, ...extra: string[]): Promise<Awaited<ReturnType<typeof run>>> =>
  run('apply', '--plan', writeJson(dir, 'plan.json', plan), aws[0], aws[1](), ...extra);

const stateOf = (snapshot: unknown, over: Record<string, unknown> = {}): Record<string, unknown> => ({
  version: 2,
  schema: SNAPSHOT_SCHEMA_VERSION,
  command: 'apply',
  plan: planFingerprint(plan, 'aws'),
  target: 'aws',
  snapshot,
  ...over,
});

const account = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  status: 'active',
  value: 'provisioning',
  context: { regions: ['eu-west-1'], environments: [], running: ['create:eu-west-1/alpha'], blockers: [], results: {}, watchSince: {}, readAt: {}, plan: 'apply', forceRoleDeletion: false },
  children: {},
  ...over,
});

describe('state files that cannot be trusted', () => {
  it.each([
    ['null', 'null', 'does not hold a JSON object'],
    ['garbage', '{"version": 2, "sch', 'cannot be read'],
    ['an older format', JSON.stringify({ version: 1, schema: SNAPSHOT_SCHEMA_VERSION, command: 'apply', snapshot: null }), 'earlier version'],
    ['a snapshot with a null context', JSON.stringify(stateOf(account({ context: null }))), 'has no context'],
    ['a snapshot whose children are lost', JSON.stringify(stateOf(account())), 'waits for create:eu-west-1/alpha but does not hold it'],
    ['a child that is not a machine', JSON.stringify(stateOf(account({ children: { 'create:eu-west-1/alpha': { src: 'environment', snapshot: { status: 'active', value: 'x', context: null } } } }))), 'has no context'],
    ['another plan', JSON.stringify(stateOf(null, { plan: planFingerprint({ ...plan, regions: ['eu-west-1'] }, 'aws') })), 'belongs to another plan'],
    ['a simulated run', JSON.stringify(stateOf(null, { target: 'simulator' })), 'with --simulate'],
    ['other machines', JSON.stringify(stateOf(null, { schema: SNAPSHOT_SCHEMA_VERSION + 1 })), 'whose state machines differ'],
  ])('refuses %s', async (_name, content, message) => {
    const dir = tmp();
    const state = writeJson(dir, 'state.json', content);
    const { code, stdout, stderr } = await applyWith(dir, '--state', state);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(state);
    expect(stderr).toContain(message);
    expect(connections).toBe(0);
    // Refusing a file never changes it, and leaves no lock behind.
    expect(readFileSync(state, 'utf8')).toBe(content);
    expect(existsSync(`${state}.lock`)).toBe(false);
  });

  it('refuses a teardown with another plan over a finished apply', async () => {
    const dir = tmp();
    const state = join(dir, 'state.json');
    const first = writeJson(dir, 'a.json', plan);
    expect((await run('apply', '--plan', first, '--simulate', '--state', state)).code).toBe(0);
    const other = writeJson(dir, 'b.json', { ...plan, environments: [{ region: 'eu-west-1', spec: specFor('gamma') }] });
    const refused = await run('teardown', '--plan', other, '--simulate', '--state', state, '--force-role');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('belongs to another plan');
  });
});

describe('one run per state file', () => {
  it('refuses a state file another live run holds', async () => {
    const dir = tmp();
    const state = join(dir, 'state.json');
    writeFileSync(`${state}.lock`, JSON.stringify({ pid: process.pid === 1 ? 2 : 1 }));
    const { code, stderr } = await applyWith(dir, '--state', state);
    expect(code).toBe(2);
    expect(stderr).toContain('is in use by another run');
    expect(connections).toBe(0);
  });

  it('takes over the lock of a run that is gone', async () => {
    const dir = tmp();
    const state = join(dir, 'state.json');
    writeFileSync(`${state}.lock`, JSON.stringify({ pid: 2 ** 22 + 17 }));
    const { code } = await run('apply', '--plan', writeJson(dir, 'plan.json', plan), '--simulate', '--state', state);
    expect(code).toBe(0);
    expect(existsSync(`${state}.lock`)).toBe(false);
  });
});

describe('paths and ports are checked first', () => {
  it('refuses a state file in a missing folder', async () => {
    const dir = tmp();
    const state = join(dir, 'missing', 'state.json');
    const { code, stderr } = await applyWith(dir, '--state', state);
    expect(code).toBe(2);
    expect(stderr).toContain(`cannot write the state file ${state}: its folder does not exist`);
    expect(connections).toBe(0);
  });

  it('refuses a state path that is a folder', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'state.json'));
    const { code, stderr } = await applyWith(dir, '--state', join(dir, 'state.json'));
    expect(code).toBe(2);
    expect(stderr).toContain('is a directory');
  });

  it('refuses an inspection log in a missing folder', async () => {
    const dir = tmp();
    const log = join(dir, 'nowhere', 'events.jsonl');
    const { code, stderr } = await applyWith(dir, '--inspect-log', log);
    expect(code).toBe(2);
    expect(stderr).toContain(`cannot write the inspection log ${log}: its folder does not exist`);
    expect(connections).toBe(0);
  });

  it('refuses an inspector port that is taken', async () => {
    const port = (endpoint.address() as { port: number }).port;
    const { code, stderr } = await applyWith(tmp(), '--inspect-port', String(port));
    expect(code).toBe(2);
    expect(stderr).toContain(`cannot use port ${port} for the inspector bridge: it is already in use`);
    expect(connections).toBe(0);
  });
});
