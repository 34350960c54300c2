/**
 * What a worker does with one job: load the lifecycle, drop the job if the lifecycle has moved
 * past its version, admit the lifecycle or put it back to wait, run one step, and commit the new
 * snapshot, the history row, the next job (delayed to the wake time) and this job's completion
 * in one transaction. A save over a stale version, or by a worker whose claim on the job lapsed,
 * is rolled back whole.
 */
import type { AnyStateMachine } from 'xstate';
import type { Job, PgBoss } from 'pg-boss' with { 'resolution-mode': 'import' };
import { SNAPSHOT_SCHEMA_VERSION } from '../machines/run';
import type { BoundMachines } from '../machines/wiring';
import { admit, releaseRole } from './admission';
import type { RunnerDatabase, Sql } from './database';
import type { LifecycleKind } from './lifecycles';
import { runStep, stateValueOf, type StepResult } from './step';
import { loadLifecycle, saveStep, StaleVersionError, type LifecycleRow, type StepSave } from './store';
import { summaryOf } from './summary';
import { STEP_QUEUE } from './tuning';
import type { PollPolicy } from '../machines/polling';
import type { Clock } from '../domain/clock';

/** A step job's payload: which lifecycle, at which version. */
export interface StepJob {
  lifecycle: string;
  version: number;
}

/** What the job handler needs. */
export interface WorkerContext {
  database: RunnerDatabase;
  boss: PgBoss;
  workerId: string;
  clock: Clock;
  /** Machine ms per real ms. */
  timeScale: number;
  pollPolicy: PollPolicy;
  /** Real ms: waits at least this long end the step. */
  parkAfterMs: number;
  /** Real ms: a step ends at its first quiet moment after this long. */
  maxStepMs: number;
  /** Real ms: how late a parked step may be picked up and still count as on time (polling interval plus a margin). */
  slackMs: number;
  /** Real ms between admission checks of a lifecycle that must wait. */
  recheckMs: number;
  machinesFor(account: string): BoundMachines;
  /** Told about each finished step (for logs and measurements). */
  onStep?: (event: StepEvent) => void;
}

/** One step a worker finished (or gave up). */
export interface StepEvent {
  lifecycle: string;
  version: number;
  happened: string;
  /** Real ms the step took. */
  elapsedMs: number;
  /** Bytes of the saved snapshot. */
  snapshotBytes: number;
}

/** A worker's claim on the job lapsed (it expired and was handed to another worker): nothing it did is saved. */
export class ClaimLostError extends Error {
  override readonly name = 'ClaimLostError';
}

const logicOf = (machines: BoundMachines, kind: LifecycleKind): AnyStateMachine =>
  kind === 'environment' ? machines.environment : kind === 'role' ? machines.serviceLinkedRole : machines.account;

/** Handles one step job. Resolves when the job is settled (or stale); rejects to have pg-boss retry it. */
export async function handleStepJob(ctx: WorkerContext, job: Job<StepJob>): Promise<void> {
  const started = Date.now();
  const row = await loadLifecycle(ctx.database.sql, job.data.lifecycle);
  // A job for a version the lifecycle has left is a duplicate or superseded: completing it is all there is to do.
  if (!row || row.finishedAt !== null || row.version !== job.data.version) return;
  const report = (happened: string, snapshotBytes = 0): void =>
    ctx.onStep?.({ lifecycle: row.id, version: row.version + 1, happened, elapsedMs: Date.now() - started, snapshotBytes });
  try {
    if (row.cancelRequested) {
      await commit(ctx, job, row, { snapshot: null, phase: 'finished', stateValue: row.stateValue, wakeAt: null, summary: row.summary, result: 'cancelled', outcome: { result: 'cancelled' }, happened: 'cancelled', worker: ctx.workerId, step: false }, null);
      return report('cancelled');
    }
    // XState does not migrate a snapshot into changed machines: one saved by another version of them is not restored.
    if (row.snapshot !== null && row.snapshotSchema !== SNAPSHOT_SCHEMA_VERSION) {
      const reason = `its snapshot was saved under snapshot schema ${row.snapshotSchema}, and this worker runs ${SNAPSHOT_SCHEMA_VERSION}: finish it with a worker of the version that started it, or cancel it`;
      await commit(ctx, job, row, { snapshot: null, phase: 'finished', stateValue: row.stateValue, wakeAt: null, summary: row.summary, result: 'incompatible', outcome: { result: 'incompatible', reason }, happened: `not resumed: ${reason}`, worker: ctx.workerId, step: false }, null);
      return report('incompatible');
    }
    let input = row.input;
    if (!row.admitted) {
      const decided = await ctx.database.transaction(async (tx) => {
        const admission = await admit(tx, row);
        if (admission.kind === 'admit') return admission;
        // Waiting or refused: settled in this same transaction, under the account's lock.
        const again = row.summary?.['waitingFor'] === (admission.kind === 'wait' ? admission.reason : undefined);
        const save: StepSave =
          admission.kind === 'wait'
            ? { snapshot: null, phase: 'waiting', stateValue: null, wakeAt: null, summary: { waitingFor: admission.reason }, happened: again ? null : `waiting: ${admission.reason}`, worker: ctx.workerId, step: false }
            : { snapshot: null, phase: 'finished', stateValue: null, wakeAt: null, summary: { waitingFor: admission.reason }, result: 'notStarted', outcome: { result: 'notStarted', reason: admission.reason }, happened: `not started: ${admission.reason}`, worker: ctx.workerId, step: false };
        await settle(ctx, tx, job, row, save, admission.kind === 'wait' ? new Date(Date.now() + ctx.recheckMs) : null);
        return admission;
      });
      if (decided.kind !== 'admit') return report(decided.kind === 'wait' ? 'waiting' : 'notStarted');
      if (decided.input !== undefined) input = decided.input;
    }
    const machines = ctx.machinesFor(row.account);
    const result = await runStep(logicOf(machines, row.kind), input, row.snapshot, {
      clock: ctx.clock,
      pollPolicy: ctx.pollPolicy,
      parkAfterMs: ctx.parkAfterMs * ctx.timeScale,
      maxStepMs: ctx.maxStepMs * ctx.timeScale,
      slackMs: ctx.slackMs * ctx.timeScale,
      signal: job.signal,
    });
    const save = saveOf(ctx, row, result, input);
    await commit(ctx, job, row, save, result.kind === 'parked' ? realWake(ctx, result.wakeAt) : null);
    report(save.happened ?? 'step', JSON.stringify(result.snapshot).length);
  } catch (error) {
    // Another worker saved this version first: this job has nothing left to do.
    if (error instanceof StaleVersionError) return report('stale');
    throw error;
  }
}

/** The real time at which a tree waiting until `wakeAt` (machine ms) is due again; `null` when it waits for no deadline. */
function realWake(ctx: WorkerContext, wakeAt: number | null): Date | null {
  if (wakeAt === null) return null;
  return new Date(Date.now() + Math.max(0, (wakeAt - ctx.clock.now()) / ctx.timeScale));
}

function saveOf(ctx: WorkerContext, row: LifecycleRow, result: StepResult, input: unknown): StepSave {
  const base = {
    snapshot: result.snapshot,
    stateValue: stateValueOf(result.snapshot),
    summary: summaryOf(result.snapshot) as Record<string, unknown>,
    worker: ctx.workerId,
    admitted: true,
    step: true,
    ...(input === row.input ? {} : { input }),
  };
  if (result.kind === 'done') {
    const output = result.output as { result?: unknown };
    const ended = typeof output.result === 'string' ? output.result : 'done';
    return { ...base, phase: 'finished', wakeAt: null, result: ended, outcome: result.output, happened: `ended ${ended}` };
  }
  if (result.kind === 'error') return { ...base, phase: 'finished', wakeAt: null, result: 'error', outcome: { result: 'error', message: result.message }, happened: `error: ${result.message}` };
  const wake = result.wakeAt === null ? null : new Date(result.wakeAt);
  return { ...base, phase: result.wakeAt === null ? 'idle' : 'parked', wakeAt: wake, happened: result.wakeAt === null ? 'idle: waits for an event' : 'parked' };
}

/** Saves `save` and settles the job in one transaction. */
async function commit(ctx: WorkerContext, job: Job<StepJob>, row: LifecycleRow, save: StepSave, next: Date | null): Promise<void> {
  await ctx.database.transaction((tx) => settle(ctx, tx, job, row, save, next));
}

/** Inside `tx`: saves over the job's version, queues the next step at `next` (unless finished or idle), releases the role when finished, completes the job. */
async function settle(ctx: WorkerContext, tx: Sql, job: Job<StepJob>, row: LifecycleRow, save: StepSave, next: Date | null): Promise<void> {
  const version = await saveStep(tx, row.id, row.version, save);
  const db = ctx.database.bossDb(tx);
  if (save.result !== undefined) await releaseRole(tx, row.id);
  else if (next !== null || save.phase === 'waiting') {
    await ctx.boss.send(STEP_QUEUE, { lifecycle: row.id, version } satisfies StepJob, { startAfter: (next ?? new Date()).toISOString(), db });
  }
  const completed = await ctx.boss.complete(STEP_QUEUE, { id: job.id, retryCount: job.retryCount }, null, { db });
  if ((completed as { affected?: number }).affected !== 1) throw new ClaimLostError(`the claim on step ${job.id} of ${row.id} lapsed before it was saved`);
}
