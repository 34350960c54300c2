/**
 * Spawning the command line against a running `serve`, keeping pace with the endpoint's speed
 * through `--time-scale`, with dummy credentials and nothing of the host's AWS set-up.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

/** Starts `mwaa-lifecycle ...args --time-scale warp` as a child process. */
export function spawnWarpedCli(args: string[], options: { warp: number; env?: Record<string, string> }): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'cli', 'main.ts'), ...args, '--time-scale', String(options.warp)], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: mkdtempSync(join(tmpdir(), 'mwaa-lifecycle-serve-')),
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A child's output as it comes, and its end. */
export interface Watched {
  stdout(): string;
  stderr(): string;
  /** Resolves with the first stdout line containing `text`. */
  line(text: string): Promise<string>;
  /** Resolves with the exit code when the child ends. */
  exit: Promise<number>;
}

/** Follows a child's output. */
export function watch(child: ChildProcess): Watched {
  let out = '';
  let err = '';
  const waiters: Array<{ text: string; resolve: (line: string) => void }> = [];
  const check = (): void => {
    for (const w of [...waiters]) {
      const line = out.split('\n').find((l) => l.includes(w.text));
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  };
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    check();
  });
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number>((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal ? -1 : 0))));
  return {
    stdout: () => out,
    stderr: () => err,
    line: (text) =>
      new Promise((resolve, reject) => {
        waiters.push({ text, resolve });
        check();
        void exit.then(() => reject(new Error(`the process ended without printing "${text}":\n${out}\n${err}`)));
      }),
    exit,
  };
}
