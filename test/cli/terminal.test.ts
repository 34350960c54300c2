/**
 * On a terminal the progress block redraws in place (cursor up, erase) under the timeline; in a
 * pipe the same run prints plain lines with no control sequences. The terminal is a real
 * pseudo-terminal made by util-linux `script`; the test is skipped, saying why, where it is absent.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const CLI = join(ROOT, 'cli', 'main.ts');
const hasScript = spawnSync('script', ['--version']).status === 0;
const ESCAPE = '\x1b[';

const maybe = hasScript ? it : it.skip;
if (!hasScript) console.warn('terminal test skipped: util-linux `script` is not installed');

describe('live progress', () => {
  maybe('redraws the status block in place on a terminal', () => {
    const run = spawnSync('script', ['-q', '-e', '-c', `stty cols 200; ${TSX} ${CLI} demo --seed 3`, '/dev/null'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(0);
    const screen = run.stdout;
    // The block is drawn, then erased (cursor up N lines, clear to end) and drawn again, many times.
    const redraws = screen.split(`${ESCAPE}`).length - 1;
    expect(redraws).toBeGreaterThan(5);
    expect(new RegExp(`${ESCAPE.replace('[', '\\[')}\\d+A${ESCAPE.replace('[', '\\[')}J`).test(screen)).toBe(true);
    expect(screen).toMatch(/still creating eu-west-1\/analytics \(CREATING\) \[\d+m\d+s elapsed, expected 20–35 min\]/);
    expect(screen).toContain('result: roleDeleted');
  }, 90_000);

  it('prints plain lines in a pipe', () => {
    const run = spawnSync(TSX, [CLI, 'demo', '--seed', '3'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain(ESCAPE);
    expect(run.stdout).toMatch(/still creating eu-west-1\/analytics/);
  }, 90_000);
});
