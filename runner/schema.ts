/**
 * The runner's tables, beside pg-boss's own schema: one row per lifecycle (its persisted actor
 * tree, with a version that every step raises), one row per step in the history, and the role
 * lock that lets one role operation per account run at a time.
 */
import type { RunnerDatabase } from './database';

/** The PostgreSQL schema holding the runner's tables. */
export const RUNNER_SCHEMA = 'mwaa_lifecycle';

const DDL = [
  `CREATE SCHEMA IF NOT EXISTS ${RUNNER_SCHEMA}`,
  `CREATE TABLE IF NOT EXISTS ${RUNNER_SCHEMA}.lifecycle (
    id text PRIMARY KEY,
    key text NOT NULL,
    generation integer NOT NULL,
    account text NOT NULL,
    region text NOT NULL,
    name text NOT NULL,
    operation text NOT NULL,
    kind text NOT NULL,
    input jsonb NOT NULL,
    snapshot jsonb,
    snapshot_schema integer NOT NULL,
    version integer NOT NULL DEFAULT 0,
    phase text NOT NULL DEFAULT 'queued',
    admitted boolean NOT NULL DEFAULT false,
    state_value jsonb,
    wake_at timestamptz,
    summary jsonb,
    result text,
    outcome jsonb,
    cancel_requested boolean NOT NULL DEFAULT false,
    steps integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
  )`,
  // A key names at most one unfinished lifecycle: submitting it again while it runs is a no-op.
  `CREATE UNIQUE INDEX IF NOT EXISTS lifecycle_live_key ON ${RUNNER_SCHEMA}.lifecycle (key) WHERE finished_at IS NULL`,
  `CREATE INDEX IF NOT EXISTS lifecycle_account ON ${RUNNER_SCHEMA}.lifecycle (account, kind) WHERE finished_at IS NULL`,
  `CREATE TABLE IF NOT EXISTS ${RUNNER_SCHEMA}.history (
    lifecycle_id text NOT NULL REFERENCES ${RUNNER_SCHEMA}.lifecycle (id),
    version integer NOT NULL,
    at timestamptz NOT NULL DEFAULT now(),
    worker text,
    state_value jsonb,
    wake_at timestamptz,
    happened text NOT NULL,
    detail jsonb,
    PRIMARY KEY (lifecycle_id, version)
  )`,
  `CREATE TABLE IF NOT EXISTS ${RUNNER_SCHEMA}.role_lock (
    account text PRIMARY KEY,
    holder text NOT NULL,
    since timestamptz NOT NULL DEFAULT now()
  )`,
];

/** Creates the runner's tables if they are missing; safe to run from many workers at once. */
export async function installSchema(database: RunnerDatabase): Promise<void> {
  await database.transaction(async (tx) => {
    // Concurrent CREATE ... IF NOT EXISTS can still collide in the catalog: one installer at a time.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${RUNNER_SCHEMA}.install`]);
    for (const statement of DDL) await tx.query(statement);
  });
}
