/**
 * State files: the orchestrator's whole actor tree between steps and runs, tied to the plan and
 * flags that started it, guarded by a lock so one run at a time uses a file, and checked in full
 * before any AWS call. Every problem is a {@link StateFileError} (exit code 2) naming the file.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync, rmSync } from 'node:fs';
import type { Snapshot } from 'xstate';
import { savedWorldProblem, type SavedWorld } from '../adapters/simulator/worldState';
import { SNAPSHOT_SCHEMA_VERSION } from '../machines/run';
import type { RoleOwnership } from '../machines/serviceLinkedRole.types';
import { UsageError } from './args';
import { fileProblem } from './preflight';
import { createFileExclusively, UnsafePathError, writeFileSafely } from './safeWrite';
import { snapshotProblem } from './stateCheck';

/** The commands that drive the orchestrator. */
export type AccountCommand = 'apply' | 'teardown' | 'delete-role';

/** Where a run's calls go: a state file from one is never resumed against the other. */
export type RunTarget = 'aws' | 'simulator';

/** What a state file holds. */
export interface StateFile {
  version: 2;
  /** {@link SNAPSHOT_SCHEMA_VERSION} of the machines that wrote the snapshot. */
  schema: number;
  command: AccountCommand;
  /** {@link planFingerprint} of the plan and target that started the run. */
  plan: string;
  target: RunTarget;
  /** The whole actor tree of an unfinished run; `null` once a run ended without finishing the job (blocked, failed). */
  snapshot: Snapshot<unknown> | null;
  /** Who owns the role, carried over to the next run when one ended blocked or failed. */
  ownership?: RoleOwnership | null;
  /** A `--simulate` run's world as it stood at this save, restored with the run. */
  simulation?: SavedSimulation;
}

/** The simulated world of a `--simulate` run, saved with its actors. */
export interface SavedSimulation {
  world: SavedWorld;
  /** Virtual time the scenario's run began: its timed foreign deletions count from here. */
  scenarioStartedAt: number;
}

/** A state file that cannot be used: unreadable, unwritable, locked, foreign or malformed. */
export class StateFileError extends UsageError {}

const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value !== null && typeof value === 'object'
      ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]))
      : value;

/** The plan with every Airflow configuration value left out (its key kept), so no digest of a secret is stored. */
function withoutSecrets(plan: Record<string, unknown>): Record<string, unknown> {
  const environments = plan['environments'];
  if (!Array.isArray(environments)) return plan;
  return {
    ...plan,
    environments: environments.map((e: unknown) => {
      const spec = isRecord(e) ? e['spec'] : undefined;
      const options = isRecord(spec) ? spec['airflowConfigurationOptions'] : undefined;
      if (!isRecord(e) || !isRecord(spec) || !isRecord(options)) return e;
      return { ...e, spec: { ...spec, airflowConfigurationOptions: Object.keys(options).sort() } };
    }),
  };
}

/**
 * A digest of what a run was started with: the plan (every field but `$schema`, and the keys but
 * not the values of Airflow configuration options) and the target.
 */
export function planFingerprint(plan: object, target: RunTarget): string {
  const { $schema: _ignored, ...rest } = plan as Record<string, unknown>;
  return createHash('sha256').update(JSON.stringify(canonical({ plan: withoutSecrets(rest), target }))).digest('hex').slice(0, 32);
}

const COMMANDS: readonly string[] = ['apply', 'teardown', 'delete-role'];
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks parsed JSON as a state file; returns the reason it is not one, or `null`. */
export function stateFileProblem(json: unknown): string | null {
  if (!isRecord(json)) return 'it does not hold a JSON object';
  if (json['version'] === 1) return 'it was written by an earlier version of this tool, before state files named their plan';
  if (json['version'] !== 2 || !COMMANDS.includes(json['command'] as string) || typeof json['plan'] !== 'string') return 'it is not a state file written by this tool';
  if (json['target'] !== 'aws' && json['target'] !== 'simulator') return 'its target is neither "aws" nor "simulator"';
  const ownership = json['ownership'];
  if (ownership !== undefined && ownership !== null && ownership !== 'created' && ownership !== 'adopted') return 'its role ownership is neither "created" nor "adopted"';
  const simulation = json['simulation'];
  if (simulation !== undefined) {
    if (!isRecord(simulation) || typeof simulation['scenarioStartedAt'] !== 'number') return 'its simulated world is malformed';
    const problem = savedWorldProblem(simulation['world']);
    if (problem !== null) return problem;
  }
  if (json['snapshot'] === null) return null;
  return snapshotProblem(json['snapshot']);
}

/** An open state file: what it held, and how to write it while this run holds the lock. */
export interface StateHandle {
  readonly path: string;
  readonly loaded: StateFile | null;
  save(state: Pick<StateFile, 'command' | 'snapshot' | 'ownership' | 'simulation'>): void;
  remove(): void;
  /** Lets the next run use the file. */
  release(): void;
}

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Throws a {@link StateFileError} when `path` is a symbolic link (whose target the tool would otherwise read or write) or no regular file. */
function refuseLink(path: string, what: string): void {
  const stats = lstatSync(path, { throwIfNoEntry: false });
  if (stats?.isSymbolicLink()) throw new StateFileError(`refusing ${what} ${path}: it is a symbolic link; the tool neither follows nor replaces links it did not make`);
  if (stats !== undefined && !stats.isFile()) throw new StateFileError(`refusing ${what} ${path}: it is not a regular file`);
}

/** Takes `PATH.lock` (created exclusively, 0600, never through a link); a lock left by a process that no longer runs is taken over. */
function lock(path: string): () => void {
  const lockPath = `${path}.lock`;
  const mine = JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    refuseLink(lockPath, 'the lock file');
    try {
      createFileExclusively(lockPath, mine);
      const release = (): void => {
        process.removeListener('exit', release);
        try {
          if (!lstatSync(lockPath).isSymbolicLink() && readFileSync(lockPath, 'utf8') === mine) rmSync(lockPath, { force: true });
        } catch {
          // Already gone.
        }
      };
      process.once('exit', release);
      return release;
    } catch (e) {
      if (e instanceof UnsafePathError) throw new StateFileError(e.message);
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new StateFileError(`cannot write the state file ${path}: ${fileProblem(e)}`);
      // Planted between the check above and the exclusive create: still refused, still untouched.
      refuseLink(lockPath, 'the lock file');
    }
    let holder: number | null = null;
    try {
      const parsed = JSON.parse(readFileSync(lockPath, 'utf8')) as { pid?: unknown };
      holder = typeof parsed.pid === 'number' ? parsed.pid : null;
    } catch {
      holder = null;
    }
    if (holder !== null && holder !== process.pid && processAlive(holder)) {
      throw new StateFileError(`the state file ${path} is in use by another run (pid ${holder}); if that run is gone, delete ${lockPath}`);
    }
    rmSync(lockPath, { force: true });
  }
  throw new StateFileError(`cannot lock the state file ${path}: ${lockPath} keeps coming back`);
}

function read(path: string, expected: { plan: string; target: RunTarget }): StateFile | null {
  const stats = lstatSync(path, { throwIfNoEntry: false });
  if (stats === undefined) return null;
  if (stats.isDirectory()) throw new StateFileError(`the state file ${path} is a directory`);
  refuseLink(path, 'the state file');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new StateFileError(`the state file ${path} cannot be read: ${describe(e)}`);
  }
  const problem = stateFileProblem(json);
  if (problem !== null) throw new StateFileError(`the state file ${path} cannot be used: ${problem}; delete it to start afresh`);
  const state = json as StateFile;
  if (state.schema !== SNAPSHOT_SCHEMA_VERSION) {
    throw new StateFileError(`the state file ${path} was written by a version of this tool whose state machines differ (schema ${String(state.schema)}, now ${SNAPSHOT_SCHEMA_VERSION}): finish that run with the version that started it`);
  }
  if (state.target !== expected.target) {
    throw new StateFileError(`the state file ${path} belongs to a run ${state.target === 'simulator' ? 'with' : 'without'} --simulate: it cannot be resumed ${expected.target === 'simulator' ? 'on the simulator' : 'against AWS'}`);
  }
  if (state.plan !== expected.plan) {
    throw new StateFileError(`the state file ${path} belongs to another plan (the plan file changed since "${state.command}" wrote it): run with the plan that started it, or delete the file to start afresh`);
  }
  return state;
}

/**
 * Locks and reads the state file at `path` (absent is fine), refusing one written for another
 * plan or target, by other machines, or malformed. Nothing is sent to AWS before this succeeds.
 */
export function openState(path: string, expected: { plan: string; target: RunTarget }): StateHandle {
  if (lstatSync(path, { throwIfNoEntry: false })?.isDirectory()) throw new StateFileError(`the state file ${path} is a directory`);
  refuseLink(path, 'the state file');
  const release = lock(path);
  let loaded: StateFile | null;
  try {
    loaded = read(path, expected);
  } catch (e) {
    release();
    throw e;
  }
  return {
    path,
    loaded,
    save: (state) => {
      // Atomic, owner-only, and never through a link: a crash mid-write leaves the previous file whole.
      const file: StateFile = { version: 2, schema: SNAPSHOT_SCHEMA_VERSION, plan: expected.plan, target: expected.target, ...state };
      try {
        writeFileSafely(path, JSON.stringify(file));
      } catch (e) {
        if (e instanceof UnsafePathError) throw new StateFileError(e.message);
        throw e;
      }
    },
    remove: () => rmSync(path, { force: true }),
    release,
  };
}
