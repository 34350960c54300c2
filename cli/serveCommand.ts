/**
 * `serve`: a local AWS endpoint for any client (this CLI, the SDKs, boto3, the AWS CLI,
 * Terraform) with MWAA, IAM and EC2 answered by the simulator on a visible virtual clock. Runs
 * until SIGINT or SIGTERM, then stops listening and exits 0.
 */
import { Option, type Command } from 'commander';
import { DEFAULT_HOST, DEFAULT_PORT, startServer, type RunningServer } from '../server';
import { bannerLines } from '../server/banner';
import type { ClockMode } from '../server/clockDriver';
import { readScenarioFile } from '../server/scenario';
import { ExitCode, numberIn, UsageError, type ExitCodeValue } from './args';
import type { Io } from './io';

/** The options of `serve`. */
export interface ServeFlags {
  port: number;
  host: string;
  world?: string;
  speed?: number;
  manualClock?: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Listening problems that are the caller's to fix (a busy port, an address not on this machine). */
const USAGE_CODES = new Set(['EADDRINUSE', 'EADDRNOTAVAIL', 'EACCES', 'ENOTFOUND']);

function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/** Runs the endpoint until the process is told to stop; returns the exit code. */
export async function serveCommand(flags: ServeFlags, io: Io): Promise<ExitCodeValue> {
  const scenario = flags.world === undefined ? {} : readScenarioFile(flags.world);
  const clock: ClockMode = flags.manualClock === true ? { kind: 'manual' } : { kind: 'speed', speed: flags.speed ?? 1 };
  let server: RunningServer;
  try {
    server = await startServer({ port: flags.port, host: flags.host, scenario, clock, onClockError: (e) => io.err(`error: the virtual clock: ${String(e)}`) });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== undefined && USAGE_CODES.has(code)) throw new UsageError(`cannot listen on ${flags.host}:${flags.port}: ${(e as Error).message}`);
    throw e;
  }
  bannerLines({ url: server.url, clock, now: server.clock.state().now, ...(flags.world === undefined ? {} : { worldFile: flags.world }) }).forEach((line) => io.out(line));
  if (!LOOPBACK.has(flags.host)) io.err(`warning: listening on ${flags.host}: other machines can reach this endpoint, and it checks no signature`);
  await untilAborted(io.signal);
  await server.close();
  io.err('serve: stopped');
  return ExitCode.done;
}

/** Adds `serve` to the program; `done` receives its exit code. */
export function addServeCommand(program: Command, io: Io, done: (code: ExitCodeValue) => void): void {
  program
    .command('serve')
    .description('Serve MWAA, IAM and EC2 from the simulator on one local endpoint, for any AWS client (signatures are not verified).')
    .option('--port <port>', 'listen on PORT (0: any free port)', numberIn({ min: 0, max: 65_535, integer: true }), DEFAULT_PORT)
    .option('--host <address>', 'listen on ADDRESS (beyond loopback, other machines can reach it: a warning is printed)', DEFAULT_HOST)
    .option('--world <file>', "start from the \"simulator\" section of a plan or scenario file (or a file holding only that section)")
    .addOption(new Option('--speed <factor>', 'virtual ms per real ms, e.g. 60: a 30-minute create takes 30 s (default 1)').argParser(numberIn({ min: 0.001, max: 1_000_000 })).conflicts('manualClock'))
    .option('--manual-clock', 'keep virtual time still until POST /_mwaa-lifecycle/clock/advance moves it')
    .action(async (flags: ServeFlags) => done(await serveCommand(flags, io)));
}
