/**
 * Who may start, per account, so the role is only ever deleted while nothing uses it: the role
 * lock lets one role operation (an ensure or a deletion gate) run at a time; a gate starts only
 * once no environment lifecycle of its account is running; an environment starts only while no
 * gate holds the account, and a create or update only once the account's role is ensured. Every
 * decision is taken under the account's advisory lock, which every lifecycle's ending takes too, so
 * two workers never decide at once and no decision sees a lifecycle end between two of its reads.
 */
import type { RoleOwnership } from '../machines/serviceLinkedRole.types';
import { lockAccount } from './accountLock';
import type { Sql } from './database';
import type { LifecycleRow } from './store';
import { RUNNER_SCHEMA } from './schema';

const T = `${RUNNER_SCHEMA}.lifecycle`;
const LOCK = `${RUNNER_SCHEMA}.role_lock`;

/** What admission decided: start (with a new input for a gate), wait and ask again later, or never start. */
export type Admission = { kind: 'admit'; input?: unknown } | { kind: 'wait'; reason: string } | { kind: 'refuse'; reason: string };

/** Decides whether `row` may start; for a role operation, takes the role lock when it may. Run inside a transaction. */
export async function admit(tx: Sql, row: LifecycleRow): Promise<Admission> {
  await lockAccount(tx, row.account);
  const holder = (await tx.query<{ holder: string }>(`SELECT holder FROM ${LOCK} WHERE account = $1`, [row.account])).rows[0]?.holder ?? null;
  if (row.kind === 'environment') return admitEnvironment(tx, row, holder);
  if (holder !== null && holder !== row.id) return { kind: 'wait', reason: `the role is held by ${holder}` };
  let input: unknown;
  if (row.kind === 'gate') {
    const running = await tx.query<{ id: string }>(`SELECT id FROM ${T} WHERE account = $1 AND kind = 'environment' AND finished_at IS NULL ORDER BY created_at LIMIT 3`, [row.account]);
    if (running.rows.length > 0) return { kind: 'wait', reason: `environment lifecycles still running: ${running.rows.map((r) => r.id).join(', ')}` };
    input = await withOwnership(tx, row);
  }
  await tx.query(`INSERT INTO ${LOCK} (account, holder) VALUES ($1, $2) ON CONFLICT (account) DO NOTHING`, [row.account, row.id]);
  return input === undefined ? { kind: 'admit' } : { kind: 'admit', input };
}

async function admitEnvironment(tx: Sql, row: LifecycleRow, holder: string | null): Promise<Admission> {
  const holderKind = holder === null ? null : (await tx.query<{ kind: string }>(`SELECT kind FROM ${T} WHERE id = $1`, [holder])).rows[0]?.kind;
  if (holderKind === 'gate') return { kind: 'wait', reason: `the role's deletion gate ${String(holder)} holds the account` };
  if (row.operation === 'delete') return { kind: 'admit' };
  const earlier = await tx.query<{ id: string }>(
    // Compared in the database: a JavaScript Date drops the microseconds of the row's own created_at.
    `SELECT id FROM ${T} WHERE account = $1 AND kind IN ('role', 'gate') AND finished_at IS NULL AND created_at <= (SELECT created_at FROM ${T} WHERE id = $2) ORDER BY created_at LIMIT 1`,
    [row.account, row.id],
  );
  if (earlier.rows[0]) return { kind: 'wait', reason: `waiting for ${earlier.rows[0].id}` };
  // The role's latest decisive event: ensured (creates may go), or deleted (they may not).
  const last = await tx.query<{ id: string; kind: string; result: string }>(
    `SELECT id, kind, result FROM ${T} WHERE account = $1 AND finished_at IS NOT NULL
       AND ((kind = 'role' AND result = 'ensured') OR (kind = 'gate' AND result = 'roleDeleted'))
     ORDER BY finished_at DESC LIMIT 1`,
    [row.account],
  );
  const decisive = last.rows[0];
  if (decisive?.kind === 'role') return { kind: 'admit' };
  if (decisive?.kind === 'gate') return { kind: 'refuse', reason: `the role was deleted by ${decisive.id}; submit an apply plan to ensure it again` };
  const latest = (await tx.query<{ id: string; result: string | null }>(`SELECT id, result FROM ${T} WHERE account = $1 AND kind = 'role' ORDER BY created_at DESC LIMIT 1`, [row.account])).rows[0];
  if (latest && latest.result === null) return { kind: 'wait', reason: `waiting for ${latest.id}` };
  if (latest) return { kind: 'refuse', reason: `the role could not be ensured: ${latest.id} ended ${latest.result}` };
  return { kind: 'refuse', reason: `no role ensure was submitted for account ${row.account}: submit an apply plan` };
}

/** The gate's input with the ownership the account's last successful ensure recorded, unless the submission set one. */
async function withOwnership(tx: Sql, row: LifecycleRow): Promise<unknown> {
  const input = row.input as { roleOwnership?: RoleOwnership | null };
  if (input.roleOwnership !== undefined && input.roleOwnership !== null) return undefined;
  const { rows } = await tx.query<{ outcome: { ownership?: RoleOwnership } | null }>(
    `SELECT outcome FROM ${T} WHERE account = $1 AND kind = 'role' AND result = 'ensured' ORDER BY finished_at DESC LIMIT 1`,
    [row.account],
  );
  const ownership = rows[0]?.outcome?.ownership;
  return ownership === undefined ? undefined : { ...input, roleOwnership: ownership };
}

/** Releases the role lock `id` holds (when it finishes). */
export async function releaseRole(tx: Sql, id: string): Promise<void> {
  await tx.query(`DELETE FROM ${LOCK} WHERE holder = $1`, [id]);
}
