import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultViewerPath } from '../../cli/viewCommand';
import { recordDemo, type DemoLog } from '../viewer/demoLog';
import { run, tmp } from './helpers';

let demo: DemoLog;

beforeAll(async () => {
  demo = await recordDemo(2);
});

describe('mwaa-lifecycle view', () => {
  it('writes one self-contained page next to the log: the three diagrams, the replay, nothing to fetch', async () => {
    const { code, stdout } = await run('view', demo.path);
    expect(code).toBe(0);
    const page = join(demo.dir, 'run.html');
    expect(stdout).toMatch(/^wrote .*run\.html: \d+ steps of \d+ events/);
    const html = readFileSync(page, 'utf8');
    for (const machine of ['account', 'serviceLinkedRole', 'environment']) expect(html).toContain(`<g id="machine:${machine}" class="graph"`);
    expect(html).toContain('<input id="slider" type="range"');
    expect(html).toContain(`content="default-src 'none'; script-src 'nonce-`);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|<img[^>]+src="http|@import|url\(http/);
    expect(html).not.toContain('<?xml');
  });

  it('writes where --out says, and never over the log itself nor through a planted link', async () => {
    const dir = tmp();
    const out = join(dir, 'replay.html');
    expect((await run('view', demo.path, '--out', out)).code).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect((await run('view', demo.path, '--out', demo.path)).stderr).toContain('would overwrite the run log');
    const target = join(dir, 'target.txt');
    writeFileSync(target, 'keep me');
    symlinkSync(target, join(dir, 'link.html'));
    const planted = await run('view', demo.path, '--out', join(dir, 'link.html'));
    expect(planted.code).toBe(2);
    expect(planted.stderr).toContain('symbolic link');
    expect(readFileSync(target, 'utf8')).toBe('keep me');
  });

  it('refuses a missing file and a file that is not a run log, naming the line', async () => {
    const dir = tmp();
    const missing = await run('view', join(dir, 'none.jsonl'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read the run log');
    const other = join(dir, 'plan.jsonl');
    writeFileSync(other, '{"regions":[]}\n');
    const wrong = await run('view', other);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('line 1 is not the header of a run log');
  });

  it('names the page after the log', () => {
    expect(defaultViewerPath('runs/today.jsonl')).toBe('runs/today.html');
    expect(defaultViewerPath('log.json')).toBe('log.html');
    expect(defaultViewerPath('events')).toBe('events.html');
  });
});
