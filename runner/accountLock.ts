/**
 * The account's advisory lock: admission decisions and lifecycle endings of one account take it,
 * so a decision that reads several rows never sees a lifecycle end halfway through it.
 */
import type { Sql } from './database';
import { RUNNER_SCHEMA } from './schema';

/** Takes the account's advisory lock for the rest of the transaction (re-entrant within it). */
export async function lockAccount(tx: Sql, account: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${RUNNER_SCHEMA}/account/${account}`]);
}
