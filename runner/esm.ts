/**
 * Loads pg-boss (ECMAScript modules only) and PGlite (which imports its own parts dynamically)
 * from this CommonJS package through Node's own `require`, which loads ES modules on Node 20.19
 * and later. A host that replaces `require` with a sandbox that cannot (jest's) is bypassed: the
 * modules are loaded by Node's real `require`, reached from the main context.
 */
import { runInThisContext } from 'node:vm';
import type * as Pglite from '@electric-sql/pglite';
import type * as PgBoss from 'pg-boss' with { 'resolution-mode': 'import' };

/** The pg-boss module's exports. */
export type PgBossModule = typeof PgBoss;
/** The PGlite module's exports. */
export type PgliteModule = typeof Pglite;

const cache = new Map<string, unknown>();

/** Node's own `require`, reached outside any module sandbox the host may have installed. */
function nodeRequire(): NodeJS.Require {
  const createRequire = runInThisContext('process.getBuiltinModule("node:module").createRequire') as (path: string) => NodeJS.Require;
  return createRequire(__filename);
}

function load<T>(specifier: string): T {
  if (!cache.has(specifier)) cache.set(specifier, nodeRequire()(specifier));
  return cache.get(specifier) as T;
}

/** The pg-boss module, loaded once. */
export function loadPgBoss(): PgBossModule {
  return load<PgBossModule>('pg-boss');
}

/** The PGlite module, loaded once. */
export function loadPglite(): PgliteModule {
  return load<PgliteModule>('@electric-sql/pglite');
}
