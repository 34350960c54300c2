/**
 * The runner's commands: `worker` works lifecycle steps from the database until stopped, `submit`
 * adds a plan's lifecycles, `lifecycles` lists them, `cancel` stops one, `history` lists its
 * steps. Without `--database-url` they share the embedded database in `--runner-dir`.
 */
import { Option, type Command } from 'commander';
import { createAwsPorts } from '../adapters/aws';
import { systemClock, type Clock } from '../domain/clock';
import { refuseConfigurationValues } from '../runner/configurationValues';
import { accountOfPlan, lifecyclesOfPlan, PlanIntent } from '../runner/plan';
import { LifecycleRunner } from '../runner/runner';
import { servedClock } from '../runner/servedClock';
import { ExitCode, numberIn, UsageError, type ExitCodeValue } from './args';
import { awsPortsOptions, type AwsFlags } from './awsOptions';
import type { Io } from './io';
import { readPlanFile } from './planFile';
import { checkDatabaseFlags, DATABASE_URL_ENV, DEFAULT_RUNNER_DIR, openRunnerDatabase, type RunnerDatabaseFlags } from './runnerDatabase';
import { historyJson, historyLines, lifecycleJson, lifecycleLines } from './runnerOutput';

interface OutputFlags {
  output: 'text' | 'json';
}

/** The options of `worker`. */
export interface WorkerFlags extends RunnerDatabaseFlags, AwsFlags, OutputFlags {
  concurrency: number;
  timeScale?: number;
  untilIdle?: boolean;
  parkAfter: number;
}

/** The options of `submit`. */
export interface SubmitFlags extends RunnerDatabaseFlags, OutputFlags {
  plan: string;
  intent: PlanIntent;
  account?: string;
  forceRole?: boolean;
}

/** The options of `lifecycles`. */
export interface ListFlags extends RunnerDatabaseFlags, OutputFlags {
  account?: string;
  running?: boolean;
}

type Runner = Awaited<ReturnType<typeof LifecycleRunner.open>>;

/** Opens the runner on the database the flags choose (for reading and submitting: no supervisor), runs `work`, and closes it. */
async function withRunner<T>(flags: RunnerDatabaseFlags, io: Io, work: (runner: Runner) => Promise<T>): Promise<T> {
  const target = checkDatabaseFlags(flags, io.env);
  const runner = await LifecycleRunner.open({ database: await openRunnerDatabase(target), supervise: false });
  try {
    return await work(runner);
  } finally {
    await runner.stop({ timeoutMs: 1_000 });
  }
}

const emit = (io: Io, line: Record<string, unknown>): void => io.out(JSON.stringify(line));

async function submitCommand(flags: SubmitFlags, io: Io): Promise<ExitCodeValue> {
  const plan = readPlanFile(flags.plan);
  const requests = lifecyclesOfPlan(plan, { intent: flags.intent, ...(flags.account === undefined ? {} : { account: flags.account }), forceRole: flags.forceRole === true });
  refuseConfigurationValues(requests);
  const submitted = await withRunner(flags, io, (runner) => runner.submit(requests));
  for (const s of submitted) {
    if (flags.output === 'json') emit(io, { schema: 'mwaa-lifecycle/v1', type: 'submitted', at: new Date().toISOString(), id: s.id, created: s.created });
    else io.out(`${s.created ? 'submitted' : 'already running'}: ${s.id}`);
  }
  return ExitCode.done;
}

/** The options `status` takes to read the runner's database instead of AWS. */
export interface RunnerStatusFlags extends RunnerDatabaseFlags {
  runner?: boolean;
  plan?: string;
  regions?: string[];
  simulate?: boolean;
  output: 'text' | 'json';
}

/** True when `status` was asked about the runner's lifecycles: `--runner`, `--database-url` or `--runner-dir`. */
export const readsRunner = (flags: RunnerStatusFlags): boolean => flags.runner === true || flags.databaseUrl !== undefined || flags.runnerDir !== undefined;

/**
 * `status --runner`: the lifecycles of the plan's account (every account without `--plan`) as the
 * database holds them, like `lifecycles`; refuses the options that only make sense against AWS.
 */
export async function runnerStatusCommand(flags: RunnerStatusFlags, io: Io): Promise<ExitCodeValue> {
  if (flags.simulate === true || flags.regions !== undefined) throw new UsageError('status --runner reads the runner\'s database: --simulate and --regions are for reading AWS');
  const account = flags.plan === undefined ? undefined : accountOfPlan(readPlanFile(flags.plan));
  return listCommand({ ...flags, ...(account === undefined ? {} : { account }) }, io);
}

async function listCommand(flags: ListFlags, io: Io): Promise<ExitCodeValue> {
  const rows = await withRunner(flags, io, (runner) => runner.list({ ...(flags.account === undefined ? {} : { account: flags.account }), running: flags.running === true }));
  if (flags.output === 'json') rows.forEach((row) => emit(io, lifecycleJson(row)));
  else lifecycleLines(rows).forEach((line) => io.out(line));
  return ExitCode.done;
}

async function cancelCommand(id: string, flags: RunnerDatabaseFlags & OutputFlags, io: Io): Promise<ExitCodeValue> {
  return withRunner(flags, io, async (runner) => {
    const row = await runner.get(id);
    if (row === null) throw new UsageError(`no lifecycle ${id} (list them with \`mwaa-lifecycle lifecycles\`)`);
    const cancelled = await runner.cancel(id);
    if (flags.output === 'json') emit(io, { schema: 'mwaa-lifecycle/v1', type: 'cancel', at: new Date().toISOString(), id, requested: cancelled, result: row.result ?? null });
    else io.out(cancelled ? `cancel requested: ${id} stops at its next step (what AWS is already doing goes on)` : `${id} had already finished: ${String(row.result)}`);
    return cancelled ? ExitCode.done : ExitCode.failed;
  });
}

async function historyCommand(id: string, flags: RunnerDatabaseFlags & OutputFlags, io: Io): Promise<ExitCodeValue> {
  return withRunner(flags, io, async (runner) => {
    if ((await runner.get(id)) === null) throw new UsageError(`no lifecycle ${id} (list them with \`mwaa-lifecycle lifecycles\`)`);
    const rows = await runner.history(id);
    if (flags.output === 'json') rows.forEach((row) => emit(io, historyJson(id, row)));
    else historyLines(rows).forEach((line) => io.out(line));
    return ExitCode.done;
  });
}

async function workerCommand(flags: WorkerFlags, io: Io): Promise<ExitCodeValue> {
  const target = checkDatabaseFlags(flags, io.env);
  const aws = awsPortsOptions(flags, io.env);
  let clock: Clock = systemClock;
  let timeScale = 1;
  if (flags.timeScale !== undefined) {
    const endpoint = flags.endpointUrl ?? io.env['AWS_ENDPOINT_URL'];
    if (endpoint === undefined) throw new UsageError('--time-scale follows the clock of a `serve` endpoint: give its --endpoint-url');
    let served;
    try {
      served = await servedClock(endpoint);
    } catch (e) {
      throw new UsageError(`--time-scale: ${(e as Error).message}`);
    }
    if (Math.abs(served.speed - flags.timeScale) > 1e-9) throw new UsageError(`--time-scale ${flags.timeScale} does not match the endpoint's speed ${served.speed}`);
    clock = served.clock;
    timeScale = served.speed;
  }
  const ports = createAwsPorts(aws);
  const runner = await LifecycleRunner.open({
    database: await openRunnerDatabase(target),
    portsFor: () => ports,
    clock,
    timeScale,
    parkAfterMs: flags.parkAfter * 1000,
    onError: (e) => io.err(`warning: the job queue: ${e.message}`),
    onStep: (step) => {
      if (flags.output === 'json') emit(io, { schema: 'mwaa-lifecycle/v1', type: 'step', at: new Date().toISOString(), id: step.lifecycle, version: step.version, happened: step.happened, elapsedMs: step.elapsedMs });
      else io.out(`${step.lifecycle} v${step.version}: ${step.happened} (${step.elapsedMs} ms)`);
    },
  });
  try {
    await runner.work({ concurrency: flags.concurrency });
    io.err(`worker ${runner.workerId}: working ${flags.concurrency} step(s) at a time; stop with Ctrl-C`);
    await new Promise<void>((resolve) => {
      if (io.signal.aborted) return resolve();
      io.signal.addEventListener('abort', () => resolve(), { once: true });
      if (flags.untilIdle !== true) return;
      const check = (): void => {
        runner.list({ running: true }).then(
          (rows) => (rows.length === 0 ? resolve() : void setTimeout(check, 1_000).unref()),
          () => void setTimeout(check, 1_000).unref(),
        );
      };
      check();
    });
    return io.signal.aborted ? ExitCode.interrupted : ExitCode.done;
  } finally {
    await runner.stop();
    ports.destroy();
  }
}

/** Adds the options that choose the runner's database. */
export const withDatabase = (cmd: Command): Command =>
  cmd
    .option('--database-url <url>', `PostgreSQL to keep lifecycles and jobs in (default: ${DATABASE_URL_ENV}, else the embedded database)`)
    .option('--runner-dir <dir>', `folder of the embedded database (PGlite), used without a URL (default ${DEFAULT_RUNNER_DIR})`)
    .addOption(new Option('--output <format>', 'text for people, json for one JSON object per line').choices(['text', 'json']).default('text'));

/** Adds the runner's commands to the program; `done` receives each one's exit code. */
export function addRunnerCommands(program: Command, io: Io, done: (code: ExitCodeValue) => void): void {
  withDatabase(
    program
      .command('worker')
      .description('Work lifecycle steps from the database until stopped; start as many workers, on as many hosts, as you like.')
      .option('--concurrency <n>', 'steps worked at a time by this process', numberIn({ min: 1, max: 256, integer: true }), 4)
      .option('--time-scale <factor>', 'follow the clock of the `serve` endpoint at --endpoint-url, which runs FACTOR times real time', numberIn({ min: 0.001, max: 100_000 }))
      .option('--until-idle', 'exit once no lifecycle is running')
      .option('--park-after <seconds>', 'a wait at least this long (real seconds) becomes a delayed job; shorter ones are waited out here', numberIn({ min: 0.05, max: 3600 }), 5)
      .option('--region <region>', 'home region: receives account-wide calls and picks the partition for IAM (default: AWS_REGION, else us-east-1)')
      .option('--profile <name>', 'named profile of the shared AWS config and credentials files')
      .option('--endpoint-url <url>', 'send every AWS call to URL, e.g. `serve` (default: AWS_ENDPOINT_URL)'),
  ).action(async (flags: WorkerFlags) => done(await workerCommand(flags, io)));

  withDatabase(
    program
      .command('submit')
      .description("Add a plan's lifecycles to the database for the workers; a lifecycle already running is not added twice.")
      .requiredOption('--plan <file>', 'the plan file: regions to watch, environments to manage')
      .addOption(new Option('--intent <intent>', 'apply: ensure the role and create; teardown: delete, then the role; delete-role: the role alone').choices(Object.values(PlanIntent)).default('apply'))
      .option('--account <id>', "the plan's account (default: the account of its execution roles)")
      .option('--force-role', 'delete the role even if this tool did not create it'),
  ).action(async (flags: SubmitFlags) => done(await submitCommand(flags, io)));

  withDatabase(
    program
      .command('lifecycles')
      .description("List the runner's lifecycles from the database: where each stands, what it waits for, how it ended.")
      .option('--account <id>', "only this account's")
      .option('--running', 'only those not finished'),
  ).action(async (flags: ListFlags) => done(await listCommand(flags, io)));

  withDatabase(program.command('cancel').description('Stop a lifecycle at its next step (what AWS is already doing goes on).').argument('<id>', 'the lifecycle, as `submit` printed it')).action(
    async (id: string, flags: RunnerDatabaseFlags & OutputFlags) => done(await cancelCommand(id, flags, io)),
  );

  withDatabase(program.command('history').description("List a lifecycle's steps: version, time, what happened, its state and wake time.").argument('<id>', 'the lifecycle, as `submit` printed it')).action(
    async (id: string, flags: RunnerDatabaseFlags & OutputFlags) => done(await historyCommand(id, flags, io)),
  );
}
