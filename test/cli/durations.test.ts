import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { plan, run, tmp, writeJson } from './helpers';

const readSamples = (file: string): Record<string, number[]> =>
  (JSON.parse(readFileSync(file, 'utf8')) as { version: number; samplesMs: Record<string, number[]> }).samplesMs;

describe('--durations: polling learnt from past runs', () => {
  it('keeps the create durations of an apply and adds the delete and cleanup durations of the teardown', async () => {
    const dir = tmp();
    const planFile = writeJson(dir, 'plan.json', plan);
    const durations = join(dir, 'durations.json');
    const state = join(dir, 'state.json');

    expect((await run('apply', '--plan', planFile, '--simulate', '--state', state, '--durations', durations)).code).toBe(0);
    const afterApply = readSamples(durations);
    expect(afterApply['create']).toHaveLength(2);
    // The simulator's creates take 20-35 minutes; a sample adds at most the last poll's lag.
    for (const ms of afterApply['create'] ?? []) expect(ms).toBeGreaterThan(19 * 60_000);
    for (const ms of afterApply['create'] ?? []) expect(ms).toBeLessThan(37 * 60_000);

    expect((await run('teardown', '--plan', planFile, '--simulate', '--state', state, '--durations', durations)).code).toBe(0);
    const afterTeardown = readSamples(durations);
    expect(afterTeardown['create']).toEqual(afterApply['create']);
    expect(afterTeardown['delete']).toHaveLength(2);
    expect(afterTeardown['cleanup']).toHaveLength(2);
    expect(readFileSync(durations, 'utf8')).toContain('"version": 1');
  });

  it('refuses a durations file it did not write, or a link, with exit 2 before the run', async () => {
    const dir = tmp();
    const planFile = writeJson(dir, 'plan.json', plan);
    const bad = writeJson(dir, 'bad.json', { version: 1, samplesMs: { create: [-5] } });
    const refused = await run('apply', '--plan', planFile, '--simulate', '--durations', bad);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('samplesMs.create.0');

    const target = join(dir, 'elsewhere.json');
    writeFileSync(target, '{}');
    const link = join(dir, 'link.json');
    symlinkSync(target, link);
    const linked = await run('apply', '--plan', planFile, '--simulate', '--durations', link);
    expect(linked.code).toBe(2);
    expect(linked.stderr).toContain('symbolic link');
    expect(readFileSync(target, 'utf8')).toBe('{}');
  });
});
