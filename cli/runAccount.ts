/**
 * Runs the account orchestrator for one CLI command, persisting its snapshot to a state file after
 * every step so a killed run resumes where it stopped, on the simulator or on real AWS.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { InspectionEvent, Snapshot } from 'xstate';
import type { Clock } from '../adapters/clock';
import type { AwsPorts } from '../adapters/port';
import type { VirtualClock } from '../adapters/virtualClock';
import type { AccountInput, AccountOutcome, AccountContext } from '../machines/account.types';
import { SNAPSHOT_SCHEMA_VERSION, startMachine } from '../machines/run';
import type { RoleOwnership } from '../machines/serviceLinkedRole.types';
import { bindMachines } from '../machines/wiring';
import type { PlanFile } from './planFile';

/** The commands that drive the orchestrator. */
export type AccountCommand = 'apply' | 'teardown' | 'delete-role';

/** Options of {@link runAccount}. */
export interface AccountRunOptions {
  command: AccountCommand;
  plan: PlanFile;
  ports: AwsPorts;
  clock: Clock;
  /** Set for simulated runs: time is driven until the run ends. */
  virtualClock?: VirtualClock;
  /** Where the orchestrator's snapshot lives between steps and runs. */
  stateFile?: string;
  forceRole?: boolean;
  inspect?: (event: InspectionEvent) => void;
  signal?: AbortSignal;
}

/** What a run ended with: a final outcome, or (apply) the orchestrator ready with every environment settled. */
export type AccountRunResult = { kind: 'done'; outcome: AccountOutcome } | { kind: 'ready'; context: AccountContext };

interface StateFile {
  version: 1;
  /** {@link SNAPSHOT_SCHEMA_VERSION} of the machines that wrote the snapshot. */
  schema: number;
  command: AccountCommand;
  /** The whole actor tree of an unfinished run; `null` once a run ended without finishing the job (blocked, failed). */
  snapshot: Snapshot<unknown> | null;
  /** Who owns the role, carried over to the next run when one ended blocked or failed. */
  ownership?: RoleOwnership | null;
}

const PLAN_OF: Record<AccountCommand, AccountInput['plan']> = { apply: 'apply', teardown: 'teardown', 'delete-role': 'deleteRole' };

function loadState(path: string | undefined): StateFile | null {
  if (!path || !existsSync(path)) return null;
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<StateFile>;
  if (parsed.version !== 1 || parsed.snapshot === undefined || !parsed.command) throw new Error(`${path} is not a state file written by this tool`);
  if (parsed.schema !== SNAPSHOT_SCHEMA_VERSION) {
    throw new Error(
      `${path} was written by a version of this tool whose state machines differ (schema ${String(parsed.schema)}, now ${SNAPSHOT_SCHEMA_VERSION}): finish that run with the version that started it`,
    );
  }
  return parsed as StateFile;
}

function saveState(path: string, state: StateFile): void {
  // Write then rename, so a crash mid-write never leaves a torn state file.
  writeFileSync(`${path}.tmp`, JSON.stringify(state));
  renameSync(`${path}.tmp`, path);
}

/** Runs (or resumes) the orchestrator for `command` until it ends, or for `apply` until it is ready. */
export async function runAccount(options: AccountRunOptions): Promise<AccountRunResult> {
  const bound = bindMachines(options.ports, { clock: options.clock });
  const loaded = loadState(options.stateFile);
  // A run that ended blocked or failed left only the role's ownership: start afresh, knowing it.
  const carried = loaded !== null && loaded.snapshot === null ? (loaded.ownership ?? null) : null;
  const saved = loaded !== null && loaded.snapshot !== null ? (loaded as StateFile & { snapshot: Snapshot<unknown> }) : null;
  const resumingReady = saved !== null && (saved.snapshot as { value?: unknown }).value === 'ready';
  if (saved && !resumingReady && saved.command !== options.command) {
    throw new Error(`${options.stateFile} holds an unfinished ${saved.command} run: run ${saved.command} again to finish it, or delete the file`);
  }
  const input: AccountInput = {
    plan: PLAN_OF[options.command],
    regions: options.plan.regions,
    environments: options.plan.environments,
    ...(options.plan.roleDescription === undefined ? {} : { roleDescription: options.plan.roleDescription }),
    forceRoleDeletion: options.forceRole === true,
    ...(carried === null ? {} : { roleOwnership: carried }),
  };
  const stateFile = options.stateFile;
  const command = saved && !resumingReady ? saved.command : options.command;
  // The whole actor tree is saved after every transition of any machine in it, children included.
  const { actor, done } = startMachine(bound.account, input, {
    ...(saved ? { snapshot: saved.snapshot } : {}),
    ...(options.inspect ? { inspect: options.inspect } : {}),
    ...(stateFile ? { persist: (snapshot: Snapshot<unknown>) => saveState(stateFile, { version: 1, schema: SNAPSHOT_SCHEMA_VERSION, command, snapshot }) } : {}),
  });

  // Errors are reported through `finished`; this keeps the run's own promise from going unhandled.
  done.catch(() => undefined);
  const finished = new Promise<AccountRunResult>((resolve, reject) => {
    const check = (): void => {
      const snapshot = actor.getSnapshot();
      if (snapshot.status === 'done') resolve({ kind: 'done', outcome: snapshot.output });
      else if (snapshot.status === 'error') reject(snapshot.error instanceof Error ? snapshot.error : new Error(String(snapshot.error)));
      else if (options.command === 'apply' && snapshot.matches('ready')) resolve({ kind: 'ready', context: snapshot.context });
    };
    actor.subscribe({ next: check, error: reject, complete: check });
    check();
    options.signal?.addEventListener('abort', () => reject(new Error('interrupted; the state file keeps the run for a later resume')), { once: true });
  });
  // A run saved at `ready` by apply continues with the command asked for now.
  if (resumingReady && options.command === 'teardown') actor.send({ type: 'TEARDOWN' });
  if (resumingReady && options.command === 'delete-role') actor.send({ type: 'DELETE_ROLE' });
  try {
    const result = await (options.virtualClock ? options.virtualClock.run(finished) : finished);
    if (stateFile && result.kind === 'done') {
      const ended = result.outcome.result;
      if (ended === 'roleDeleted' || ended === 'roleKept' || ended === 'invalidInput') rmSync(stateFile, { force: true });
      // Blocked or failed: the job is not done, and the next run must still know whose role it is.
      else saveState(stateFile, { version: 1, schema: SNAPSHOT_SCHEMA_VERSION, command: options.command, snapshot: null, ownership: actor.getSnapshot().context.ownership });
    }
    return result;
  } finally {
    actor.stop();
  }
}
