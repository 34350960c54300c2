/**
 * Running the command line as its users do: in-process through `main` with a memory terminal (fast),
 * or as a child process of `node --import tsx cli/main.ts` (signals, pipes, exit codes for real).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryIo } from '../../cli/io';
import { main } from '../../cli/main';
import { parsePlan, PlanFileError, type PlanFile } from '../../cli/planFile';
import { specFor } from '../support/world';

/** A fresh temporary folder. */
export const tmp = (): string => mkdtempSync(join(tmpdir(), 'mwaa-lifecycle-'));

/** What a run printed and how it ended. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in this process. */
export async function run(...argv: string[]): Promise<CliRun> {
  const io = memoryIo();
  const code = await main(argv, io);
  return { code, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n') };
}

const ROOT = join(__dirname, '..', '..');

/** Starts the CLI as a child process; `env` is added to a minimal environment (no AWS credentials of the host). */
export function spawnCli(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'cli', 'main.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: tmp(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs the CLI as a child process to its end. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const child = spawnCli(args, env);
  return finished(child);
}

/** Collects a child's output until it exits. */
export function finished(child: ChildProcess): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code: code ?? (signal ? -1 : 0), stdout, stderr })));
}

/** A two-environment plan. */
export const plan: PlanFile = {
  regions: ['eu-west-1', 'us-east-1'],
  environments: [
    { region: 'eu-west-1', spec: specFor('alpha') },
    { region: 'us-east-1', spec: specFor('beta') },
  ],
};

/** Writes `content` (JSON unless a string) to a file in `dir` and returns its path. */
export function writeJson(dir: string, name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

/** Every problem `parsePlan` finds in `json` (each with its JSON path), or none. */
export function planProblems(json: unknown): string[] {
  try {
    parsePlan(json);
  } catch (e) {
    if (e instanceof PlanFileError) return e.problems;
    throw e;
  }
  return [];
}
