/**
 * Where the runner keeps its lifecycles and pg-boss its jobs: a PostgreSQL server reached by URL,
 * or PGlite (PostgreSQL compiled to WebAssembly) in this process, in memory or in a local folder.
 * Both are seen through one narrow interface: queries, short transactions and pg-boss's own view.
 */
import type { PGlite } from '@electric-sql/pglite';
import { Pool, type PoolClient } from 'pg';
import type { Db as BossDb } from 'pg-boss' with { 'resolution-mode': 'import' };
import { loadPgBoss, loadPglite } from './esm';

/** One query at a time against the database or a transaction. */
export interface Sql {
  /** Runs `text` with positional `values` ($1, $2, ...) and returns its rows and how many rows it changed. */
  query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number }>;
}

/** The database a runner works on. */
export interface RunnerDatabase {
  /** `postgres` for a server, `pglite` for the embedded database. */
  readonly kind: 'postgres' | 'pglite';
  /** Queries outside any transaction. */
  readonly sql: Sql;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  /** What pg-boss is constructed with: a connection string (its own pool) or an adapter. */
  readonly boss: { connectionString: string } | { db: BossDb; backend: 'pglite' };
  /** pg-boss's view of a transaction of ours, for its `db` option, so a job commits with our rows. */
  bossDb(tx: Sql): BossDb;
  /** Closes the connections (and for PGlite, the files). */
  close(): Promise<void>;
}

const asBossDb = (tx: Sql): BossDb => ({ executeSql: (text, values) => tx.query(text, values) });

/** Opens a PostgreSQL server by URL (`postgres://user@host:port/db`) with a pool of at most `max` connections (default 10). */
export function openPostgres(url: string, options: { max?: number } = {}): RunnerDatabase {
  const pool = new Pool({ connectionString: url, max: options.max ?? 10 });
  // A server restart kills idle connections; the pool replaces them, and this keeps the process alive meanwhile.
  pool.on('error', () => undefined);
  const wrap = (client: Pool | PoolClient): Sql => ({
    query: async <R>(text: string, values?: unknown[]) => {
      const result = await client.query(text, values);
      return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
    },
  });
  return {
    kind: 'postgres',
    sql: wrap(pool),
    transaction: async (work) => {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await work(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    boss: { connectionString: url },
    bossDb: asBossDb,
    close: () => pool.end(),
  };
}

/** Opens the embedded database in `folder` (created if absent), or in memory when `folder` is omitted. */
export async function openPglite(folder?: string): Promise<RunnerDatabase> {
  const { PGlite: Pglite } = loadPglite();
  const db: PGlite = folder === undefined ? new Pglite() : new Pglite(folder);
  await db.waitReady;
  return pgliteDatabase(db);
}

/** The runner's view of a PGlite instance you opened (a clone of a prepared one, say); closing it closes the instance. */
export function pgliteDatabase(db: PGlite): RunnerDatabase {
  const wrap = (client: Pick<PGlite, 'query'>): Sql => ({
    query: async <R>(text: string, values?: unknown[]) => {
      const result = await client.query<R>(text, values);
      return { rows: result.rows, rowCount: result.affectedRows ?? 0 };
    },
  });
  return {
    kind: 'pglite',
    sql: wrap(db),
    transaction: (work) => db.transaction((tx) => work(wrap(tx))),
    boss: { db: loadPgBoss().fromPglite(db), backend: 'pglite' },
    bossDb: asBossDb,
    close: () => db.close(),
  };
}
