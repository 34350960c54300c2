/**
 * `apply`, `teardown` and `delete-role`: read and check the plan, the state file, the paths and
 * the port first, then run the orchestrator on AWS or the simulator while the progress output
 * follows it, and end with a summary (or a JSON result line) and the documented exit code.
 */
import { createAwsPorts } from '../adapters/aws';
import { scaledClock, systemClock, type Clock } from '../domain/clock';
import type { AwsPorts } from '../adapters/port';
import type { VirtualClock } from '../domain/virtualClock';
import type { AccountOutcome } from '../machines/account.types';
import type { EnvironmentOutcome } from '../machines/environment.types';
import { distributionPolicy } from '../machines/distributionPolicy';
import { learnedDistributions, PhaseDurationRecorder } from '../machines/learnedDurations';
import type { ProgressEvent } from '../machines/progress';
import { ExitCode, UsageError, type ExitCodeValue } from './args';
import { awsPortsOptions, type AwsFlags } from './awsOptions';
import type { Io } from './io';
import { readDurationsFile, writeDurationsFile } from './durationsFile';
import { resultJson } from './jsonEvents';
import { planWarnings, readPlanFile } from './planFile';
import { describeAccount, describeEnvironment } from './reporter';
import { InterruptedError, openRunState, runAccount, type AccountCommand } from './runAccount';
import { prepareWorld, restoreWorld } from './scenarioWorld';
import type { SavedSimulation, StateHandle } from './stateFile';
import { preflightWatch, startWatching, type WatchFlags } from './watch';

/** The options of the orchestrator commands. */
export interface AccountFlags extends AwsFlags, WatchFlags {
  plan: string;
  simulate?: boolean;
  /** This tool's clock runs this many times real time (to keep pace with `serve --speed`); 1 on real AWS. */
  timeScale?: number;
  state?: string;
  forceRole?: boolean;
  /** A file of the phase durations past runs observed: polling is derived from them, and this run's are added. */
  durations?: string;
}

/** The exit code for an orchestrator outcome. */
export function exitCodeOf(outcome: AccountOutcome): ExitCodeValue {
  switch (outcome.result) {
    case 'roleDeleted':
    case 'roleKept':
      return ExitCode.done;
    case 'blocked':
      return ExitCode.blocked;
    case 'invalidInput':
      return ExitCode.usage;
    default:
      return ExitCode.failed;
  }
}

const readyCode = (results: Record<string, EnvironmentOutcome>): ExitCodeValue =>
  Object.values(results).every((r) => r.result === 'available') ? ExitCode.done : ExitCode.failed;

/** Runs one orchestrator command and returns its exit code. */
export async function accountCommand(command: AccountCommand, flags: AccountFlags, io: Io): Promise<ExitCodeValue> {
  // Everything local is checked before the first AWS call: the plan, the state file and its lock, the outlets.
  const plan = readPlanFile(flags.plan);
  const simulated = flags.simulate === true;
  if (simulated && flags.timeScale !== undefined) throw new UsageError('--time-scale is for an endpoint whose time runs faster (serve --speed); --simulate runs on its own virtual clock');
  const learnt = flags.durations === undefined ? null : readDurationsFile(flags.durations);
  let state: StateHandle | undefined;
  if (flags.state !== undefined) state = openRunState(flags.state, plan, simulated);
  try {
    await preflightWatch(flags);
    for (const warning of planWarnings(plan)) io.err(`warning: ${warning}`);
    let ports: AwsPorts;
    let clock: Clock = systemClock;
    let virtualClock: VirtualClock | undefined;
    let simulation: (() => SavedSimulation) | undefined;
    let destroy = (): void => undefined;
    if (simulated) {
      // A saved run goes on in the world it ran in; a new one starts from the scenario.
      const saved = state?.loaded?.simulation;
      const world = saved ? restoreWorld(saved, plan.simulator) : await prepareWorld(plan.simulator);
      ports = world.sim.ports();
      clock = virtualClock = world.sim.clock;
      if (state) simulation = () => ({ world: world.sim.save({ logs: false }), scenarioStartedAt: world.startedAt });
    } else {
      if (flags.timeScale !== undefined && flags.timeScale !== 1) clock = scaledClock(flags.timeScale);
      const aws = createAwsPorts(awsPortsOptions(flags, io.env));
      ports = aws;
      destroy = () => aws.destroy();
    }
    const watchers = await startWatching(flags, io, clock, simulated);
    const { progress } = watchers;
    const finish = (code: ExitCodeValue, outcome: AccountOutcome | null, lines: string[], ready?: Record<string, EnvironmentOutcome>, message?: string): ExitCodeValue => {
      progress.close();
      if (flags.output === 'json') progress.emit(resultJson({ command, exitCode: code, outcome, ...(ready ? { ready } : {}), ...(message ? { message } : {}) }, progress.stamp));
      else lines.forEach((line) => io.out(line));
      return code;
    };
    const recorder = learnt === null ? null : new PhaseDurationRecorder();
    try {
      const result = await runAccount({
        command,
        plan,
        ports,
        clock,
        ...(virtualClock ? { virtualClock } : {}),
        ...(simulation ? { simulation } : {}),
        ...(state ? { state } : {}),
        forceRole: flags.forceRole === true,
        inspect: watchers.inspect,
        ...(learnt === null ? {} : { pollPolicy: distributionPolicy({ distributions: learnedDistributions(learnt) }) }),
        ...(recorder ? { onProgress: (event: ProgressEvent) => recorder.observe(event) } : {}),
        signal: io.signal,
      });
      if (result.kind === 'ready') {
        const results = result.context.results;
        return finish(readyCode(results), null, ['result: ready', ...Object.entries(results).map(([key, env]) => `  ${key}: ${describeEnvironment(env)}`)], results);
      }
      return finish(exitCodeOf(result.outcome), result.outcome, describeAccount(result.outcome));
    } catch (e) {
      if (!(e instanceof InterruptedError)) throw e;
      io.err(e.message);
      return finish(ExitCode.interrupted, null, [], undefined, e.message);
    } finally {
      // What this run saw is kept even when it was interrupted: only phases that ended by a status change count.
      if (recorder && learnt && flags.durations !== undefined) {
        try {
          writeDurationsFile(flags.durations, learnt, recorder.samples());
        } catch (e) {
          io.err(`warning: the durations file was not updated: ${(e as Error).message}`);
        }
      }
      await watchers.close();
      destroy();
    }
  } finally {
    state?.release();
  }
}
