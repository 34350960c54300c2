/**
 * What the runner's tests share: the databases every engine test runs on (embedded PGlite always,
 * a fresh database on the PostgreSQL server named by MWAA_LIFECYCLE_TEST_DATABASE_URL when set),
 * a simulated AWS whose virtual clock follows real time at a speed, and a plan.
 */
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { createSimulatedAws, type SimulatedAws, type SimulatorOptions } from '../../adapters/simulator';
import type { PGlite } from '@electric-sql/pglite';
import { openPostgres, pgliteDatabase, type RunnerDatabase } from '../../runner/database';
import { loadPglite } from '../../runner/esm';
import { LifecycleRunner } from '../../runner/runner';

/** The environment variable naming a PostgreSQL server the tests may create databases on. */
export const DATABASE_URL_VARIABLE = 'MWAA_LIFECYCLE_TEST_DATABASE_URL';

/** A database kind the engine suite runs on. */
export interface TestDatabase {
  name: string;
  open(): Promise<RunnerDatabase>;
}

/** Creates a fresh, empty database on the server at `url` and returns its URL. */
export async function freshPostgresDatabase(url: string): Promise<string> {
  const name = `runner_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
}

let template: Promise<PGlite> | undefined;

/**
 * A fresh in-memory PGlite with the runner's tables and pg-boss's schema already installed: a
 * clone of one prepared once per test file (installing pg-boss on PGlite takes seconds).
 */
async function preparedPglite(): Promise<RunnerDatabase> {
  template ??= (async () => {
    const { PGlite: Pglite } = loadPglite();
    const instance = new Pglite();
    await instance.waitReady;
    const runner = await LifecycleRunner.open({ database: { ...pgliteDatabase(instance), close: async () => undefined }, supervise: false });
    await runner.stop();
    return instance;
  })();
  return pgliteDatabase((await (await template).clone()) as PGlite);
}

/** PGlite always; PostgreSQL when the server is given, else a note saying why it is skipped. */
export function testDatabases(): TestDatabase[] {
  const url = process.env[DATABASE_URL_VARIABLE];
  const databases: TestDatabase[] = [{ name: 'PGlite', open: preparedPglite }];
  if (url) databases.push({ name: 'PostgreSQL', open: async () => openPostgres(await freshPostgresDatabase(url)) });
  return databases;
}

/** Says, once per file, why the PostgreSQL half of a suite does not run. */
export function notePostgresSkipped(): void {
  if (!process.env[DATABASE_URL_VARIABLE]) {
    test.skip(`on PostgreSQL (skipped: set ${DATABASE_URL_VARIABLE} to a server's URL, as .ci/run does)`, () => undefined);
  }
}

/** A simulated AWS whose clock runs `speed` virtual ms per real ms until `stop`. */
export function drivenSimulator(speed: number, options: SimulatorOptions = {}): { sim: SimulatedAws; stop(): void } {
  const sim = createSimulatedAws({ seed: 7, ...options });
  let last = Date.now();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    const now = Date.now();
    const ms = (now - last) * speed;
    last = now;
    busy = true;
    void sim.clock.advance(ms).finally(() => {
      busy = false;
    });
  }, 10);
  return { sim, stop: () => clearInterval(timer) };
}

/** An environment spec named `name` in account 123456789012: the simulator tests' own. */
export { spec } from '../simulator/support';

/** Resolves once `check` returns true, polling every 50 ms; rejects after `timeoutMs` with `what`. */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** What is left in the simulated world besides deleted environments: the role, environments, endpoints, interfaces. */
export function leftovers(sim: SimulatedAws): string[] {
  const inventory = sim.inventory();
  return [
    ...(inventory.serviceLinkedRole ? ['the role'] : []),
    ...inventory.environments.filter((e) => e.status !== 'DELETED').map((e) => `environment ${e.region}/${e.name} ${e.status}`),
    ...inventory.vpcEndpoints.map((e) => `endpoint ${e.region}/${e.environmentName}`),
    ...inventory.networkInterfaces.map((e) => `interface ${e.region}/${e.environmentName}`),
  ];
}

/** A runner on a fresh database of `db`, working a simulated AWS whose clock runs `speed` times real time; `close` stops both. */
export async function openTestRunner(db: TestDatabase, speed: number): Promise<{ database: RunnerDatabase; world: ReturnType<typeof drivenSimulator>; runner: LifecycleRunner; close(): Promise<void> }> {
  const database = await db.open();
  const world = drivenSimulator(speed);
  const runner = await LifecycleRunner.open({ database, portsFor: () => world.sim.ports(), clock: world.sim.clock, timeScale: speed, parkAfterMs: 50, recheckMs: 100 });
  const close = async (): Promise<void> => {
    await runner.stop({ timeoutMs: 2_000 });
    world.stop();
  };
  return { database, world, runner, close };
}
