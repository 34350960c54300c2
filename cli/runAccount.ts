/**
 * Runs the account orchestrator for one CLI command, persisting its whole actor tree to a state
 * file after every step of any machine in it, so a killed run resumes where it stopped, on the
 * simulator or on real AWS.
 */
import type { InspectionEvent, Snapshot } from 'xstate';
import type { Clock } from '../domain/clock';
import type { AwsPorts } from '../adapters/port';
import type { VirtualClock } from '../domain/virtualClock';
import type { AccountContext, AccountInput, AccountOutcome } from '../machines/account.types';
import { startMachine } from '../machines/run';
import type { PollPolicy } from '../machines/polling';
import type { ProgressEvent } from '../machines/progress';
import { bindMachines } from '../machines/wiring';
import type { PlanFile } from './planFile';
import { openState, planFingerprint, StateFileError, type AccountCommand, type SavedSimulation, type StateHandle } from './stateFile';

export type { AccountCommand } from './stateFile';

/** Options of {@link runAccount}. */
export interface AccountRunOptions {
  command: AccountCommand;
  plan: PlanFile;
  ports: AwsPorts;
  clock: Clock;
  /** Set for simulated runs: time is driven until the run ends. */
  virtualClock?: VirtualClock;
  /** Simulated runs with a state file: the world as it stands, saved beside every snapshot so a resume goes on in it. */
  simulation?: () => SavedSimulation;
  /** Where the orchestrator's snapshot lives between steps and runs (opened, locked and released here). */
  stateFile?: string;
  /** A state file already opened by the caller (who releases it). */
  state?: StateHandle;
  forceRole?: boolean;
  inspect?: (event: InspectionEvent) => void;
  /** Polling cadence of the machines (default: the built-in policy). */
  pollPolicy?: PollPolicy;
  /** Receives typed progress from every machine of the run, stamped on `clock`. */
  onProgress?: (event: ProgressEvent) => void;
  signal?: AbortSignal;
}

/** What a run ended with: a final outcome, or (apply) the orchestrator ready with every environment settled. */
export type AccountRunResult = { kind: 'done'; outcome: AccountOutcome } | { kind: 'ready'; context: AccountContext };

/** The run was interrupted (SIGINT, SIGTERM); the state file keeps it for a resume. */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
}

const PLAN_OF: Record<AccountCommand, AccountInput['plan']> = { apply: 'apply', teardown: 'teardown', 'delete-role': 'deleteRole' };

/** Opens the state file for a run of `plan` (on the simulator when `simulated`), before any AWS call. */
export function openRunState(path: string, plan: PlanFile, simulated: boolean): StateHandle {
  const target = simulated ? 'simulator' : 'aws';
  return openState(path, { plan: planFingerprint(plan, target), target });
}

/** Runs (or resumes) the orchestrator for `command` until it ends, or for `apply` until it is ready. */
export async function runAccount(options: AccountRunOptions): Promise<AccountRunResult> {
  const owned = options.state === undefined && options.stateFile !== undefined ? openRunState(options.stateFile, options.plan, options.virtualClock !== undefined) : undefined;
  try {
    return await run(options, options.state ?? owned);
  } finally {
    owned?.release();
  }
}

async function run(options: AccountRunOptions, state: StateHandle | undefined): Promise<AccountRunResult> {
  const loaded = state?.loaded ?? null;
  const savedReady = loaded?.snapshot ? (loaded.snapshot as { value?: unknown }).value === 'ready' : false;
  // apply again after a finished apply: read AWS afresh (create what is missing, update what
  // differs), keeping whose role it is.
  const reapply = savedReady && options.command === 'apply';
  const readyOwnership = reapply ? ((loaded?.snapshot as { context?: { ownership?: AccountContext['ownership'] } }).context?.ownership ?? null) : null;
  // A run that ended blocked or failed left only the role's ownership: start afresh, knowing it.
  const carried = reapply ? readyOwnership : loaded !== null && loaded.snapshot === null ? (loaded.ownership ?? null) : null;
  const saved = loaded?.snapshot && !reapply ? { command: loaded.command, snapshot: structuredClone(loaded.snapshot) } : null;
  const resumingReady = saved !== null && savedReady;
  if (saved && !resumingReady && saved.command !== options.command) {
    throw new StateFileError(`the state file ${state?.path ?? ''} holds an unfinished ${saved.command} run: run ${saved.command} again to finish it, or delete the file`);
  }
  // A simulated run goes on only in the world it ran in: resuming its actors against a new, empty
  // world would report deletions of environments that never existed there.
  if (loaded !== null && loaded.target === 'simulator' && loaded.simulation === undefined && options.simulation !== undefined && state !== undefined) {
    throw new StateFileError(
      `the state file ${state.path} holds a ${loaded.command} run on a simulated world that was not saved with it ` +
        '(written by an earlier version of this tool): delete the file to start afresh',
    );
  }
  // The flag given now wins: the role's deletion reads it only when it is due.
  if (saved) (saved.snapshot as unknown as { context: { forceRoleDeletion: boolean } }).context.forceRoleDeletion = options.forceRole === true;
  const input: AccountInput = {
    plan: PLAN_OF[options.command],
    regions: options.plan.regions,
    environments: options.plan.environments,
    ...(options.plan.roleDescription === undefined ? {} : { roleDescription: options.plan.roleDescription }),
    forceRoleDeletion: options.forceRole === true,
    // apply converges the plan: an environment that exists with another spec is updated to it.
    updateExisting: options.command === 'apply',
    ...(carried === null ? {} : { roleOwnership: carried }),
  };
  const command = saved && !resumingReady ? saved.command : options.command;
  const world = (): { simulation?: SavedSimulation } => (options.simulation ? { simulation: options.simulation() } : {});
  let lastSaved: Snapshot<unknown> | null = null;
  const bound = bindMachines(options.ports, { clock: options.clock, ...(options.pollPolicy ? { pollPolicy: options.pollPolicy } : {}) });
  const { actor, done } = startMachine(bound.account, input, {
    ...(saved ? { snapshot: saved.snapshot } : {}),
    ...(options.inspect ? { inspect: options.inspect } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress, clock: options.clock } : {}),
    ...(state
      ? {
          persist: (snapshot: Snapshot<unknown>) => {
            lastSaved = snapshot;
            state.save({ command, snapshot, ...world() });
          },
        }
      : {}),
  });

  // Errors are reported through `finished`; this keeps the run's own promise from going unhandled.
  done.catch(() => undefined);
  let onAbort = (): void => undefined;
  const finished = new Promise<AccountRunResult>((resolve, reject) => {
    // A run that could not be saved (the state file became a link, the disk filled) ends with that error.
    done.catch(reject);
    const check = (): void => {
      const snapshot = actor.getSnapshot();
      if (snapshot.status === 'done') resolve({ kind: 'done', outcome: snapshot.output });
      else if (snapshot.status === 'error') reject(snapshot.error instanceof Error ? snapshot.error : new Error(String(snapshot.error)));
      else if (options.command === 'apply' && snapshot.matches('ready')) resolve({ kind: 'ready', context: snapshot.context });
    };
    actor.subscribe({ next: check, error: reject, complete: check });
    check();
    onAbort = () => {
      // Virtual time went on since the last step: the world is saved once more as it stands now.
      if (state && options.simulation && lastSaved !== null) state.save({ command, snapshot: lastSaved, ...world() });
      reject(new InterruptedError(state ? `interrupted; ${state.path} keeps the run for a later resume` : 'interrupted'));
    };
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
  // A run saved at `ready` by apply continues with the command asked for now.
  if (resumingReady && options.command === 'teardown') actor.send({ type: 'TEARDOWN' });
  if (resumingReady && options.command === 'delete-role') actor.send({ type: 'DELETE_ROLE' });
  try {
    const result = await (options.virtualClock ? options.virtualClock.run(finished) : finished);
    if (state && result.kind === 'done') {
      const ended = result.outcome.result;
      if (ended === 'roleDeleted' || ended === 'roleKept' || ended === 'invalidInput') state.remove();
      // Blocked or failed: the job is not done, and the next run must still know whose role it is.
      else state.save({ command: options.command, snapshot: null, ownership: actor.getSnapshot().context.ownership, ...world() });
    }
    return result;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    actor.stop();
  }
}
