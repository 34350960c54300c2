/**
 * Files the tool writes are owner-only, replaced atomically, and never written through a link
 * someone planted: the state file, its lock and logs refuse a symbolic link (exit code 2 from the
 * CLI) and leave its target exactly as it was.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSimulatedAws } from '../../adapters/simulator';
import { openRunState, runAccount } from '../../cli/runAccount';
import { openLogSafely, UnsafePathError, writeFileSafely } from '../../cli/safeWrite';
import { StateFileError } from '../../cli/stateFile';
import { plan, run, tmp, writeJson } from '../cli/helpers';

const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8);

/** A file outside the run's folder that a planted link points at, and its content. */
function victim(): { path: string; content: string } {
  const path = join(tmp(), 'victim.txt');
  const content = 'precious content that must survive\n';
  writeFileSync(path, content, { mode: 0o644 });
  return { path, content };
}

describe('writeFileSafely', () => {
  it('creates the file 0600 and replaces it whole, leaving no temporary file', () => {
    const dir = tmp();
    const path = join(dir, 'state.json');
    writeFileSafely(path, 'one');
    writeFileSafely(path, 'two');
    expect(readFileSync(path, 'utf8')).toBe('two');
    expect(mode(path)).toBe('600');
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('makes a file that was 0644 owner-only when it replaces it', () => {
    const dir = tmp();
    const path = join(dir, 'state.json');
    writeFileSync(path, 'old', { mode: 0o644 });
    writeFileSafely(path, 'new');
    expect(mode(path)).toBe('600');
  });

  it.each([
    ['a link to a file', true],
    ['a dangling link', false],
  ])('refuses %s, naming the path, and changes nothing', (_name, targetExists) => {
    const dir = tmp();
    const target = victim();
    const link = join(dir, 'state.json');
    const pointsAt = targetExists ? target.path : join(dir, 'not-there');
    symlinkSync(pointsAt, link);
    expect(() => writeFileSafely(link, 'attack')).toThrow(UnsafePathError);
    expect(() => writeFileSafely(link, 'attack')).toThrow(link);
    expect(readFileSync(target.path, 'utf8')).toBe(target.content);
    expect(existsSync(join(dir, 'not-there'))).toBe(false);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readdirSync(dir)).toEqual(['state.json']);
  });
});

describe('openLogSafely', () => {
  it('truncates a regular file and makes it 0600', async () => {
    const path = join(tmp(), 'inspect.jsonl');
    writeFileSync(path, 'old lines\n', { mode: 0o644 });
    const stream = openLogSafely(path);
    await new Promise<void>((resolve) => stream.end('new\n', resolve));
    expect(readFileSync(path, 'utf8')).toBe('new\n');
    expect(mode(path)).toBe('600');
  });

  it('refuses a planted link, leaving its target (the plan file, say) unchanged', () => {
    const dir = tmp();
    const planFile = writeJson(dir, 'plan.json', plan);
    const before = readFileSync(planFile, 'utf8');
    const link = join(dir, 'inspect.jsonl');
    symlinkSync(planFile, link);
    expect(() => openLogSafely(link)).toThrow(UnsafePathError);
    expect(readFileSync(planFile, 'utf8')).toBe(before);
  });
});

describe('state and lock files of the CLI', () => {
  it.each([
    ['the state file', 'state.json'],
    ['the lock file', 'state.json.lock'],
  ])('refuses a symbolic link at %s with exit code 2 and leaves its target unchanged', async (_what, name) => {
    const dir = tmp();
    const target = victim();
    const state = join(dir, 'state.json');
    symlinkSync(target.path, join(dir, name));
    const planPath = writeJson(dir, 'plan.json', plan);
    const result = await run('apply', '--plan', planPath, '--simulate', '--state', state, '--heartbeat', '0');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(join(dir, name));
    expect(result.stderr).toContain('symbolic link');
    expect(result.stdout).toBe('');
    expect(readFileSync(target.path, 'utf8')).toBe(target.content);
    expect(mode(target.path)).toBe('644');
    expect(lstatSync(join(dir, name)).isSymbolicLink()).toBe(true);
  });

  it('refuses to save over a link planted while the run holds the file', () => {
    const dir = tmp();
    const target = victim();
    const path = join(dir, 'state.json');
    const handle = openRunState(path, plan, true);
    try {
      handle.save({ command: 'apply', snapshot: null });
      expect(mode(path)).toBe('600');
      expect(mode(`${path}.lock`)).toBe('600');
      handle.remove();
      symlinkSync(target.path, path);
      expect(() => handle.save({ command: 'apply', snapshot: null })).toThrow(StateFileError);
      expect(readFileSync(target.path, 'utf8')).toBe(target.content);
    } finally {
      handle.release();
    }
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('stops a run whose state file is replaced by a link mid-run, with the state file error', async () => {
    const dir = tmp();
    const target = victim();
    const path = join(dir, 'state.json');
    const sim = createSimulatedAws({ seed: 1 });
    const opened = openRunState(path, plan, true);
    let saves = 0;
    const state = {
      ...opened,
      path,
      loaded: opened.loaded,
      save: (s: Parameters<typeof opened.save>[0]) => {
        saves += 1;
        if (saves === 3) {
          rmSync(path);
          symlinkSync(target.path, path);
        }
        opened.save(s);
      },
    };
    try {
      await expect(runAccount({ command: 'apply', plan, ports: sim.ports(), clock: sim.clock, virtualClock: sim.clock, state })).rejects.toThrow(StateFileError);
    } finally {
      opened.release();
    }
    expect(saves).toBe(3);
    expect(readFileSync(target.path, 'utf8')).toBe(target.content);
  });
});
