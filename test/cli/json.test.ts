/**
 * `--output json` is a contract with pipelines: every line is one JSON object with the versioned
 * `schema` and a `type`, and each type has exactly the documented keys. A change here is a change
 * of the format, and must raise its version.
 */
import { OUTPUT_SCHEMA } from '../../cli/jsonEvents';
import { plan, run, tmp, writeJson } from './helpers';

const BASE = ['schema', 'type', 'at', 'elapsedMs'];
const KEYS: Record<string, string[]> = {
  account: [...BASE, 'state'],
  environment: [...BASE, 'region', 'name', 'operation', 'phase', 'status', 'result', 'detail'],
  blockers: [...BASE, 'reason', 'blockers', 'unreadable'],
  role: [...BASE, 'operation', 'state', 'taskStatus', 'result', 'detail'],
  heartbeat: [...BASE, 'waiting', 'role'],
  result: [...BASE, 'command', 'exitCode', 'result', 'environments', 'role', 'blockers', 'unreadable', 'message'],
  status: [...BASE, 'environments', 'role', 'blockers', 'unreadable'],
};
const WAITING = ['region', 'name', 'operation', 'phase', 'status', 'elapsedMs', 'expectedMinMs', 'expectedMaxMs'];

const lines = (stdout: string): Array<Record<string, unknown>> => stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('--output json', () => {
  it('keeps every event type of a whole lifecycle to its documented keys', async () => {
    const { code, stdout, stderr } = await run('demo', '--output', 'json');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const events = lines(stdout);
    expect(events.every((e) => e['schema'] === OUTPUT_SCHEMA && e['schema'] === 'mwaa-lifecycle/v1')).toBe(true);
    expect(new Set(events.map((e) => e['type']))).toEqual(new Set(['account', 'environment', 'blockers', 'role', 'heartbeat', 'result']));
    for (const event of events) expect(Object.keys(event).sort()).toEqual([...(KEYS[event['type'] as string] ?? ['unknown type'])].sort());
    const beat = events.find((e) => e['type'] === 'heartbeat' && (e['waiting'] as unknown[]).length > 0);
    expect(Object.keys((beat?.['waiting'] as Array<Record<string, unknown>>)[0] ?? {}).sort()).toEqual([...WAITING].sort());
    expect(events.at(-1)).toMatchObject({ type: 'result', command: 'demo', exitCode: 0, result: 'roleDeleted', message: null });
    const blocked = events.find((e) => e['type'] === 'blockers' && (e['blockers'] as unknown[]).length > 0);
    expect((blocked?.['blockers'] as Array<Record<string, unknown>>)[0]).toEqual({ region: 'ap-southeast-2', kind: 'environment', id: 'legacy', status: expect.any(String) as unknown });
  });

  it('stamps events with the run\'s clock and reports apply\'s environments in the result', async () => {
    const file = writeJson(tmp(), 'plan.json', plan);
    const { code, stdout } = await run('apply', '--plan', file, '--simulate', '--output', 'json', '--heartbeat', '600');
    expect(code).toBe(0);
    const events = lines(stdout);
    const elapsed = events.map((e) => e['elapsedMs'] as number);
    expect(elapsed).toEqual([...elapsed].sort((a, b) => a - b));
    expect(events.filter((e) => e['type'] === 'heartbeat').every((e) => (e['elapsedMs'] as number) % 600_000 === 0)).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'result', result: 'ready', exitCode: 0, environments: [{ result: 'available' }, { result: 'available' }] });
  });

  it('gives status as one object', async () => {
    const file = writeJson(tmp(), 'plan.json', { ...plan, simulator: { roleExists: true } });
    const { code, stdout } = await run('status', '--plan', file, '--simulate', '--output', 'json');
    expect(code).toBe(0);
    const [status, ...rest] = lines(stdout);
    expect(rest).toEqual([]);
    expect(Object.keys(status ?? {}).sort()).toEqual([...(KEYS['status'] ?? [])].sort());
    expect(status).toMatchObject({ environments: [{ name: 'alpha', status: null, error: null }, { name: 'beta', status: null, error: null }], role: { exists: true } });
  });
});
