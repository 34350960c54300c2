import { lstatSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machineGraph, renderDiagram } from '../../diagram';
import { DIAGRAM_MACHINES } from '../../cli/diagramCommand';
import { embedDiagrams, embeddedDiagrams } from '../../cli/markdownDiagrams';
import { run, tmp } from './helpers';

describe('mwaa-lifecycle diagram', () => {
  it('prints the three machines in Mermaid by default, each under its name', async () => {
    const { code, stdout } = await run('diagram');
    expect(code).toBe(0);
    for (const [name, machine] of Object.entries(DIAGRAM_MACHINES)) {
      expect(stdout).toContain(`%% ${name}\n${await renderDiagram(machine, 'mermaid')}`.trimEnd());
    }
    expect(stdout.match(/^stateDiagram-v2$/gm)).toHaveLength(3);
  });

  it('prints one machine in the format asked for', async () => {
    const dot = await run('diagram', 'serviceLinkedRole', '--format', 'dot');
    expect(dot.code).toBe(0);
    expect(`${dot.stdout}\n`).toBe(await renderDiagram(DIAGRAM_MACHINES.serviceLinkedRole, 'dot'));
    const json = await run('diagram', 'account', '--format', 'json');
    expect(JSON.parse(json.stdout)).toEqual(machineGraph(DIAGRAM_MACHINES.account));
    const all = await run('diagram', '--format', 'json');
    expect(Object.keys(JSON.parse(all.stdout) as object)).toEqual(['environment', 'serviceLinkedRole', 'account']);
  });

  it('writes an SVG of one machine to a file, offline', async () => {
    const out = join(tmp(), 'account.svg');
    const { code, stdout } = await run('diagram', 'account', '--format', 'svg', '--out', out);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    const svg = readFileSync(out, 'utf8');
    expect(svg).toContain('<svg');
    for (const state of machineGraph(DIAGRAM_MACHINES.account).states) expect(svg).toContain(`id="state:${state.id}"`);
  });

  it('refuses an SVG of several machines, an unknown machine or format, and a planted link', async () => {
    expect((await run('diagram', '--format', 'svg')).stderr).toContain('an SVG holds one machine');
    expect((await run('diagram', 'dag')).code).toBe(2);
    expect((await run('diagram', '--format', 'png')).code).toBe(2);
    const dir = tmp();
    const target = join(dir, 'target.txt');
    writeFileSync(target, 'keep me');
    symlinkSync(target, join(dir, 'link.mmd'));
    const planted = await run('diagram', '--out', join(dir, 'link.mmd'));
    expect(planted.code).toBe(2);
    expect(readFileSync(target, 'utf8')).toBe('keep me');
  });

  it('rewrites the diagrams embedded in a Markdown file, keeping the rest and its permissions', async () => {
    const file = join(tmp(), 'doc.md');
    const stale = '# Doc\n\n<!-- diagram: account -->\n```mermaid\nstateDiagram-v2\n  old\n```\n<!-- /diagram: account -->\n\nText after.\n';
    writeFileSync(file, stale, { mode: 0o644 });
    const first = await run('diagram', '--markdown', file);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(`updated: ${file} (account)`);
    const text = readFileSync(file, 'utf8');
    expect(embeddedDiagrams(text)).toEqual({ account: await renderDiagram(DIAGRAM_MACHINES.account, 'mermaid') });
    expect(text.startsWith('# Doc\n\n')).toBe(true);
    expect(text.endsWith('\n\nText after.\n')).toBe(true);
    expect(lstatSync(file).mode & 0o777).toBe(0o644);
    expect((await run('diagram', '--markdown', file)).stdout).toBe(`already up to date: ${file} (account)`);
    expect((await run('diagram', 'environment', '--markdown', file)).code).toBe(2);
  });

  it('leaves markers of machines it was not asked for alone', () => {
    const text = '<!-- diagram: other -->\n```mermaid\nx\n```\n<!-- /diagram: other -->\n';
    expect(embedDiagrams(text, { account: 'y\n' })).toEqual({ text, replaced: [] });
  });
});
