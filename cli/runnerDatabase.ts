/**
 * Which database the runner's commands use: PostgreSQL when `--database-url` (or
 * MWAA_LIFECYCLE_DATABASE_URL) names one, else the embedded PGlite database in `--runner-dir`
 * (default `.mwaa-lifecycle/runner`). PGlite serves one process at a time, so its folder carries
 * a lock file naming the process that has it open.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openPglite, openPostgres, type RunnerDatabase } from '../runner/database';
import { UsageError } from './args';

/** The options that choose the runner's database. */
export interface RunnerDatabaseFlags {
  databaseUrl?: string;
  runnerDir?: string;
}

/** Where the embedded database lives unless `--runner-dir` says otherwise. */
export const DEFAULT_RUNNER_DIR = '.mwaa-lifecycle/runner';

/** The environment variable that names the PostgreSQL database when `--database-url` is absent. */
export const DATABASE_URL_ENV = 'MWAA_LIFECYCLE_DATABASE_URL';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Takes the lock of the embedded database in `dir`; throws a usage error naming the process that holds it. */
function lockFolder(dir: string): () => void {
  const path = join(dir, 'mwaa-lifecycle.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new UsageError(`cannot lock the embedded database in ${dir}: ${(e as Error).message}`);
      const holder = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
        throw new UsageError(
          `the embedded database in ${dir} is open in process ${holder}, and PGlite serves one process at a time: ` +
            'stop that process (a worker) first, or run every command against PostgreSQL with --database-url',
        );
      }
      // The process that held it is gone: the lock is stale.
      rmSync(path, { force: true });
    }
  }
  throw new UsageError(`cannot lock the embedded database in ${dir}`);
}

/** Checks the flags (before anything is opened): a URL that parses, not both a URL and a folder. */
export function checkDatabaseFlags(flags: RunnerDatabaseFlags, env: Readonly<Record<string, string | undefined>>): { url: string } | { dir: string } {
  const url = flags.databaseUrl ?? env[DATABASE_URL_ENV];
  if (url !== undefined && flags.runnerDir !== undefined) throw new UsageError('give either --database-url (PostgreSQL) or --runner-dir (the embedded database), not both');
  if (url !== undefined) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new UsageError(`--database-url must be a postgres:// URL, not "${url}"`);
    }
    if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') throw new UsageError(`--database-url must be a postgres:// URL, not "${parsed.protocol}//..."`);
    return { url };
  }
  return { dir: resolve(flags.runnerDir ?? DEFAULT_RUNNER_DIR) };
}

/** Opens the database the flags choose; the returned database releases the folder's lock when closed. */
export async function openRunnerDatabase(target: { url: string } | { dir: string }): Promise<RunnerDatabase> {
  if ('url' in target) return openPostgres(target.url);
  try {
    mkdirSync(target.dir, { recursive: true });
  } catch (e) {
    throw new UsageError(`cannot create ${target.dir}: ${(e as Error).message}`);
  }
  const release = lockFolder(target.dir);
  try {
    const database = await openPglite(target.dir);
    return {
      ...database,
      close: async () => {
        try {
          await database.close();
        } finally {
          release();
        }
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}
