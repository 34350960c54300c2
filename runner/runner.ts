/**
 * The runner: lifecycles on PostgreSQL (or embedded PGlite) driven by pg-boss jobs, so any number
 * of worker processes share the work and a worker that dies loses at most the step it was in.
 * The same object submits, works, cancels and reads; a process may do any of these.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { PgBoss } from 'pg-boss' with { 'resolution-mode': 'import' };
import type { AwsPorts } from '../adapters/port';
import { systemClock, type Clock } from '../domain/clock';
import { expectedDurationPolicy, type PollPolicy } from '../machines/polling';
import { SNAPSHOT_SCHEMA_VERSION } from '../machines/run';
import { bindMachines, type BoundMachines } from '../machines/wiring';
import { refuseConfigurationValues } from './configurationValues';
import type { RunnerDatabase } from './database';
import { loadPgBoss } from './esm';
import type { LifecycleRequest } from './lifecycles';
import { installSchema } from './schema';
import { insertLifecycle, listLifecycles, loadHistory, loadLifecycle, requestCancel, strandedLifecycles, type HistoryRow, type LifecycleRow } from './store';
import { DEFAULT_TUNING, STEP_QUEUE, type RunnerTuning } from './tuning';
import { handleStepJob, type StepEvent, type StepJob, type WorkerContext } from './worker';

/** Options of {@link LifecycleRunner.open}. */
export interface RunnerOptions {
  /** Where lifecycles and jobs live (`openPostgres`, `openPglite`). The runner closes it on `stop`. */
  database: RunnerDatabase;
  /** The ports to reach `account`'s AWS through. Needed only to work. */
  portsFor?: (account: string) => AwsPorts;
  /** The machines' clock, shared by every worker (the wall clock on AWS; `servedClock` against `serve`). Default: the wall clock. */
  clock?: Clock;
  /** Machine ms per real ms (`serve --speed`), to turn a wait's deadline into a job's start time. Default 1. */
  timeScale?: number;
  /** The machines' polling cadence. Default `expectedDurationPolicy`. */
  pollPolicy?: PollPolicy;
  /** Passed to `bindMachines`: a port call with no answer after this many ms (machine clock) is abandoned. */
  requestTimeoutMs?: number;
  /** Real ms: a wait at least this long ends the step and becomes a delayed job; shorter ones are waited out in the worker. Default 5000. */
  parkAfterMs?: number;
  /** Real ms: a step that runs longer is saved at its next quiet moment (nothing but waits running) and continues as a new job. Default 60 000. */
  maxStepMs?: number;
  /** Real ms between admission checks of a lifecycle waiting for its account. Default 5000. */
  recheckMs?: number;
  /** pg-boss settings; see {@link RunnerTuning}. */
  tuning?: Partial<RunnerTuning>;
  /** Run pg-boss's supervisor (expiry, missed heartbeats, retention) in this process. Default true. */
  supervise?: boolean;
  /** Told about every step this process finishes. */
  onStep?: (event: StepEvent) => void;
  /** Told about pg-boss errors (a lost connection while the database restarts, ...). Default: ignored. */
  onError?: (error: Error) => void;
}

/** What {@link LifecycleRunner.submit} did with one request. */
export interface Submitted {
  id: string;
  /** `false`: a lifecycle with this key was already running, and nothing was added. */
  created: boolean;
}

/** Lifecycles on a database, worked by pg-boss. */
export class LifecycleRunner {
  private readonly bound = new Map<string, BoundMachines>();
  private readonly sweeps: Array<ReturnType<typeof setInterval>> = [];
  private readonly tuning: RunnerTuning;
  /** This process's name in the history (`host:pid:random`). */
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  private constructor(
    private readonly options: RunnerOptions,
    private readonly boss: PgBoss,
  ) {
    this.tuning = { ...DEFAULT_TUNING, ...options.tuning };
  }

  /**
   * Installs the tables (if missing), starts pg-boss and creates the step queue.
   *
   * @example
   * const runner = await LifecycleRunner.open({ database: await openPglite('.mwaa-lifecycle/runner'), portsFor: () => createAwsPorts() });
   * await runner.submit(lifecyclesOfPlan(plan, { account: '123456789012', intent: 'apply' }));
   * await runner.work({ concurrency: 4 });
   */
  static async open(options: RunnerOptions): Promise<LifecycleRunner> {
    const tuning = { ...DEFAULT_TUNING, ...options.tuning };
    try {
      await installSchema(options.database);
    } catch (error) {
      await options.database.close().catch(() => undefined);
      throw error;
    }
    const { PgBoss } = loadPgBoss();
    const supervise = options.supervise !== false;
    const boss = new PgBoss({
      ...options.database.boss,
      supervise,
      schedule: false,
      superviseIntervalSeconds: tuning.monitorIntervalSeconds,
      monitorIntervalSeconds: tuning.monitorIntervalSeconds,
      registerInstance: false,
    });
    boss.on('error', (error: Error) => options.onError?.(error));
    try {
      await boss.start();
      await boss.createQueue(STEP_QUEUE, {
        heartbeatSeconds: tuning.heartbeatSeconds,
        expireInSeconds: tuning.expireInSeconds,
        retryLimit: tuning.retryLimit,
        retryDelay: tuning.retryDelaySeconds,
        retryBackoff: true,
        retryDelayMax: tuning.retryDelayMaxSeconds,
      });
    } catch (error) {
      await boss.stop({ graceful: false, close: true }).catch(() => undefined);
      await options.database.close().catch(() => undefined);
      throw error;
    }
    return new LifecycleRunner(options, boss);
  }

  /**
   * Adds `requests` and queues their first steps, in one transaction; a key already running is
   * left as it is. Inputs holding Airflow configuration values are refused before anything is written.
   */
  async submit(requests: readonly LifecycleRequest[]): Promise<Submitted[]> {
    refuseConfigurationValues(requests);
    const { database } = this.options;
    return database.transaction(async (tx) => {
      const submitted: Submitted[] = [];
      for (const request of requests) {
        const result = await insertLifecycle(tx, request, SNAPSHOT_SCHEMA_VERSION);
        if (result.created) await this.boss.send(STEP_QUEUE, { lifecycle: result.id, version: 0 } satisfies StepJob, { db: database.bossDb(tx) });
        submitted.push(result);
      }
      return submitted;
    });
  }

  /** Starts working steps, `concurrency` at a time in this process (default 4). Resolves once the workers are registered. */
  async work(options: { concurrency?: number } = {}): Promise<void> {
    const portsFor = this.options.portsFor;
    if (!portsFor) throw new Error('this runner was opened without portsFor: it can submit and read, not work');
    const clock = this.options.clock ?? systemClock;
    const pollPolicy = this.options.pollPolicy ?? expectedDurationPolicy;
    const context: WorkerContext = {
      database: this.options.database,
      boss: this.boss,
      workerId: this.workerId,
      clock,
      timeScale: this.options.timeScale ?? 1,
      pollPolicy,
      parkAfterMs: this.options.parkAfterMs ?? 5_000,
      maxStepMs: this.options.maxStepMs ?? 60_000,
      recheckMs: this.options.recheckMs ?? 5_000,
      // A due step is picked up within one polling interval; a second's margin covers the commit and the fetch.
      slackMs: this.tuning.pollingIntervalSeconds * 1000 + 1000,
      machinesFor: (account) => {
        let machines = this.bound.get(account);
        if (!machines) {
          machines = bindMachines(portsFor(account), { clock, pollPolicy, ...(this.options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: this.options.requestTimeoutMs }) });
          this.bound.set(account, machines);
        }
        return machines;
      },
      ...(this.options.onStep ? { onStep: this.options.onStep } : {}),
    };
    const sweep = setInterval(() => void this.reconcile().catch((error: unknown) => this.options.onError?.(error instanceof Error ? error : new Error(String(error)))), 5 * 60_000);
    sweep.unref();
    this.sweeps.push(sweep);
    await this.boss.work<StepJob>(
      STEP_QUEUE,
      { localConcurrency: options.concurrency ?? 4, batchSize: 1, pollingIntervalSeconds: this.tuning.pollingIntervalSeconds },
      async ([job]) => {
        if (job) await handleStepJob(context, job);
      },
    );
  }

  /**
   * Queues the next step again for every running lifecycle nothing has been heard of for
   * `olderThanMs` (default 30 min) past its wake time: one whose job failed for good (its retries
   * ran out while the database was away, say). A job too many is harmless: of two steps over the
   * same version only one is saved. Workers run this every 5 minutes; returns the lifecycles queued.
   */
  async reconcile(options: { olderThanMs?: number } = {}): Promise<string[]> {
    const { database } = this.options;
    const stranded = await strandedLifecycles(database.sql, options.olderThanMs ?? 30 * 60_000);
    for (const { id, version } of stranded) await this.boss.send(STEP_QUEUE, { lifecycle: id, version } satisfies StepJob);
    return stranded.map((s) => s.id);
  }

  /** Asks lifecycle `id` to stop at its next step; `false` if it is unknown or has already finished. */
  async cancel(id: string): Promise<boolean> {
    const { database } = this.options;
    return database.transaction(async (tx) => {
      const version = await requestCancel(tx, id);
      if (version === null) return false;
      await this.boss.send(STEP_QUEUE, { lifecycle: id, version } satisfies StepJob, { db: database.bossDb(tx) });
      return true;
    });
  }

  /** Every lifecycle (or an account's, or only the running ones), oldest first. */
  list(filter: { account?: string; running?: boolean } = {}): Promise<LifecycleRow[]> {
    return listLifecycles(this.options.database.sql, filter);
  }

  /** One lifecycle, or `null`. */
  get(id: string): Promise<LifecycleRow | null> {
    return loadLifecycle(this.options.database.sql, id);
  }

  /** One lifecycle's steps, oldest first. */
  history(id: string): Promise<HistoryRow[]> {
    return loadHistory(this.options.database.sql, id);
  }

  /** Stops working (waiting up to `timeoutMs` for steps in flight, default 10 s), stops pg-boss and closes the database. */
  async stop(options: { timeoutMs?: number } = {}): Promise<void> {
    this.sweeps.forEach((sweep) => clearInterval(sweep));
    await this.boss.stop({ graceful: true, timeout: options.timeoutMs ?? 10_000, close: true });
    await this.options.database.close();
  }
}
