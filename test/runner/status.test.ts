/**
 * `status --runner` (or `--runner-dir` / `--database-url`) reads the runner's lifecycles from its
 * database instead of AWS; without them `status` still reads AWS.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../cli/main';
import { memoryIo } from '../../cli/io';
import { tmp } from '../cli/helpers';
import { spec } from './support';

const plan = { regions: ['eu-west-1'], environments: [{ region: 'eu-west-1', spec: spec('alpha') }] };

async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const io = memoryIo();
  const code = await main(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

describe('status of the runner', () => {
  it("lists the plan's submitted lifecycles from the embedded database, as JSON too", async () => {
    const dir = join(tmp(), 'runner');
    const file = join(tmp(), 'plan.json');
    writeFileSync(file, JSON.stringify(plan));
    expect((await run(['submit', '--plan', file, '--runner-dir', dir])).code).toBe(0);
    const text = await run(['status', '--plan', file, '--runner-dir', dir]);
    expect(text.code).toBe(0);
    expect(text.out.join('\n')).toContain('123456789012/eu-west-1/alpha/create#1');
    const json = await run(['status', '--runner-dir', dir, '--output', 'json']);
    const rows = json.out.map((line) => JSON.parse(line) as { id: string; operation: string });
    expect(rows.map((r) => r.id).sort()).toEqual(['123456789012/*/role/ensure#1', '123456789012/eu-west-1/alpha/create#1']);
  });

  it('refuses the options that only read AWS, with the usage exit code', async () => {
    const result = await run(['status', '--runner', '--simulate', '--runner-dir', join(tmp(), 'runner')]);
    expect(result.code).toBe(2);
    expect(result.err.join('\n')).toContain('--simulate and --regions are for reading AWS');
  });
});
