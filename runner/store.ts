/**
 * The lifecycle table: insert a submitted lifecycle (a no-op when its key is still running), load
 * it, and save a step only over the version it was read at, so of two workers that ran the same
 * step, one saves and the other is refused.
 */
import type { Snapshot } from 'xstate';
import { lockAccount } from './accountLock';
import type { Sql } from './database';
import { keyOf, keyText, lifecycleId, type LifecycleKind, type LifecycleRequest } from './lifecycles';
import { RUNNER_SCHEMA } from './schema';

const T = `${RUNNER_SCHEMA}.lifecycle`;
const H = `${RUNNER_SCHEMA}.history`;

/** Where a lifecycle stands: waiting to be admitted, parked until its wake time, or finished. */
export const LifecyclePhase = { queued: 'queued', waiting: 'waiting', parked: 'parked', idle: 'idle', finished: 'finished' } as const;
/** One of {@link LifecyclePhase}'s values. */
export type LifecyclePhase = (typeof LifecyclePhase)[keyof typeof LifecyclePhase];

/** A lifecycle as the database holds it. */
export interface LifecycleRow {
  id: string;
  key: string;
  account: string;
  region: string;
  name: string;
  operation: string;
  kind: LifecycleKind;
  input: unknown;
  snapshot: Snapshot<unknown> | null;
  snapshotSchema: number;
  version: number;
  phase: LifecyclePhase;
  admitted: boolean;
  stateValue: unknown;
  wakeAt: Date | null;
  summary: Record<string, unknown> | null;
  result: string | null;
  outcome: unknown;
  cancelRequested: boolean;
  steps: number;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

/** One step in a lifecycle's history. */
export interface HistoryRow {
  version: number;
  at: Date;
  worker: string | null;
  stateValue: unknown;
  wakeAt: Date | null;
  happened: string;
  detail: unknown;
}

/** A save over a version some other worker has already moved past. */
export class StaleVersionError extends Error {
  override readonly name = 'StaleVersionError';
  constructor(
    readonly lifecycle: string,
    readonly version: number,
  ) {
    super(`lifecycle ${lifecycle} is no longer at version ${version}: another worker saved it first`);
  }
}

/**
 * A timestamp as the text PostgreSQL reads. Dates go as text because a Date made in another
 * JavaScript realm (a test sandbox, a worker thread) is not recognised as one by the drivers.
 */
export function timestampText(date: Date | null): string | null {
  return date === null ? null : new Date(date.getTime()).toISOString();
}

const COLUMNS = `id, key, account, region, name, operation, kind, input, snapshot, snapshot_schema AS "snapshotSchema", version, phase, admitted,
  state_value AS "stateValue", wake_at AS "wakeAt", summary, result, outcome, cancel_requested AS "cancelRequested", steps,
  created_at AS "createdAt", updated_at AS "updatedAt", finished_at AS "finishedAt"`;

/** Inserts `request` unless a lifecycle with its key is still running; returns the id and whether it was created. */
export async function insertLifecycle(tx: Sql, request: LifecycleRequest, snapshotSchema: number): Promise<{ id: string; created: boolean }> {
  const key = keyOf(request);
  const text = keyText(key);
  const live = await tx.query<{ id: string }>(`SELECT id FROM ${T} WHERE key = $1 AND finished_at IS NULL`, [text]);
  if (live.rows[0]) return { id: live.rows[0].id, created: false };
  const last = await tx.query<{ generation: number | null }>(`SELECT max(generation) AS generation FROM ${T} WHERE key = $1`, [text]);
  const generation = (last.rows[0]?.generation ?? 0) + 1;
  const id = lifecycleId(key, generation);
  // A concurrent submission of the same key loses here, on the unique index of running keys, and reads the winner.
  const inserted = await tx.query(
    `INSERT INTO ${T} (id, key, generation, account, region, name, operation, kind, input, snapshot_schema)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
    [id, text, generation, key.account, key.region, key.name, key.operation, request.kind, JSON.stringify(request.input), snapshotSchema],
  );
  if (inserted.rowCount === 1) {
    await tx.query(`INSERT INTO ${H} (lifecycle_id, version, happened) VALUES ($1, 0, 'submitted')`, [id]);
    return { id, created: true };
  }
  const winner = await tx.query<{ id: string }>(`SELECT id FROM ${T} WHERE key = $1 AND finished_at IS NULL`, [text]);
  return { id: winner.rows[0]?.id ?? id, created: false };
}

/** The lifecycle `id`, or `null`. */
export async function loadLifecycle(sql: Sql, id: string): Promise<LifecycleRow | null> {
  const { rows } = await sql.query<LifecycleRow>(`SELECT ${COLUMNS} FROM ${T} WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

/** Lifecycles, newest first; only the running ones when `running` is set, only an account's when `account` is. */
export async function listLifecycles(sql: Sql, filter: { account?: string; running?: boolean } = {}): Promise<LifecycleRow[]> {
  const where: string[] = [];
  const values: unknown[] = [];
  if (filter.account !== undefined) where.push(`account = $${values.push(filter.account)}`);
  if (filter.running === true) where.push('finished_at IS NULL');
  const { rows } = await sql.query<LifecycleRow>(`SELECT ${COLUMNS} FROM ${T} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, id`, values);
  return rows;
}

/** A lifecycle's steps, oldest first. */
export async function loadHistory(sql: Sql, id: string): Promise<HistoryRow[]> {
  const { rows } = await sql.query<HistoryRow>(
    `SELECT version, at, worker, state_value AS "stateValue", wake_at AS "wakeAt", happened, detail FROM ${H} WHERE lifecycle_id = $1 ORDER BY version`,
    [id],
  );
  return rows;
}

/** What a step changes in a lifecycle. */
export interface StepSave {
  snapshot: Snapshot<unknown> | null;
  phase: LifecyclePhase;
  stateValue: unknown;
  wakeAt: Date | null;
  summary: Record<string, unknown> | null;
  /** Set when the lifecycle ends. */
  result?: string;
  outcome?: unknown;
  /** Admits the lifecycle (its first step ran). */
  admitted?: boolean;
  /** A replacement input (the gate learns whose role it is when admitted). */
  input?: unknown;
  /** What happened, for the history; `null` adds no history row (a repeated wait for the same reason). */
  happened: string | null;
  detail?: unknown;
  worker: string;
  /** Counts as a step of the machine (not a wait for admission). */
  step: boolean;
}

/**
 * Saves `save` over `version`, raising it by one; throws {@link StaleVersionError} when the lifecycle
 * has moved on. An ending first takes its account's lock, so it waits for an admission decision in
 * progress and the next decision sees it whole.
 */
export async function saveStep(tx: Sql, id: string, version: number, save: StepSave): Promise<number> {
  const finished = save.result !== undefined;
  if (finished) {
    const account = (await tx.query<{ account: string }>(`SELECT account FROM ${T} WHERE id = $1`, [id])).rows[0]?.account;
    if (account !== undefined) await lockAccount(tx, account);
  }
  const updated = await tx.query(
    `UPDATE ${T} SET version = version + 1, snapshot = coalesce($3::jsonb, snapshot), phase = $4, state_value = $5, wake_at = $6, summary = $7,
       result = $8, outcome = $9, admitted = admitted OR $10, input = coalesce($11::jsonb, input), steps = steps + $12, updated_at = now(),
       finished_at = CASE WHEN $13 THEN now() ELSE NULL END
     WHERE id = $1 AND version = $2 AND finished_at IS NULL`,
    [
      id,
      version,
      save.snapshot === null ? null : JSON.stringify(save.snapshot),
      save.phase,
      JSON.stringify(save.stateValue ?? null),
      timestampText(save.wakeAt),
      save.summary === null ? null : JSON.stringify(save.summary),
      save.result ?? null,
      save.outcome === undefined ? null : JSON.stringify(save.outcome),
      save.admitted === true,
      save.input === undefined ? null : JSON.stringify(save.input),
      save.step ? 1 : 0,
      finished,
    ],
  );
  if (updated.rowCount !== 1) throw new StaleVersionError(id, version);
  if (save.happened !== null) {
    await tx.query(`INSERT INTO ${H} (lifecycle_id, version, worker, state_value, wake_at, happened, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      id,
      version + 1,
      save.worker,
      JSON.stringify(save.stateValue ?? null),
      timestampText(save.wakeAt),
      save.happened,
      save.detail === undefined ? null : JSON.stringify(save.detail),
    ]);
  }
  return version + 1;
}

/** Asks lifecycle `id` to stop, raising its version so the step in flight (if any) cannot save; returns the new version, or `null` if it had already finished. */
export async function requestCancel(tx: Sql, id: string): Promise<number | null> {
  const { rows } = await tx.query<{ version: number }>(
    `UPDATE ${T} SET cancel_requested = true, version = version + 1, updated_at = now() WHERE id = $1 AND finished_at IS NULL RETURNING version`,
    [id],
  );
  const version = rows[0]?.version;
  if (version === undefined) return null;
  await tx.query(`INSERT INTO ${H} (lifecycle_id, version, happened) VALUES ($1, $2, 'cancel requested')`, [id, version]);
  return version;
}

/** Running lifecycles with nothing heard of them for `olderThanMs` past their wake time (their next job lost): id and version. */
export async function strandedLifecycles(sql: Sql, olderThanMs: number): Promise<Array<{ id: string; version: number }>> {
  const { rows } = await sql.query<{ id: string; version: number }>(
    `SELECT id, version FROM ${T}
     WHERE finished_at IS NULL AND phase <> 'idle' AND greatest(coalesce(wake_at, updated_at), updated_at) < now() - make_interval(secs => $1)
     ORDER BY created_at`,
    [olderThanMs / 1000],
  );
  return rows;
}
