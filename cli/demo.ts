/**
 * The main job on the built-in simulator: ensure the role, create environments in two regions in
 * parallel, tear them down, and delete the role only once nothing in any region uses it, while an
 * environment someone else owns in a third region keeps it blocked for a while.
 */
import type { EnvironmentSpec } from '../adapters/port';
import type { AccountOutcome } from '../machines/account.types';
import { ExitCode, type ExitCodeValue } from './args';
import type { Io } from './io';
import { resultJson } from './jsonEvents';
import type { PlanFile } from './planFile';
import { describeAccount } from './reporter';
import { InterruptedError, runAccount } from './runAccount';
import { prepareWorld } from './scenarioWorld';
import { preflightWatch, startWatching, type WatchFlags } from './watch';

const spec = (name: string, subnetSuffix: string): EnvironmentSpec => ({
  name,
  executionRoleArn: 'arn:aws:iam::123456789012:role/service-role/mwaa-execution',
  sourceBucketArn: 'arn:aws:s3:::example-airflow-dags',
  dagS3Path: 'dags',
  networkConfiguration: { subnetIds: [`subnet-${subnetSuffix}a`, `subnet-${subnetSuffix}b`], securityGroupIds: [`sg-${subnetSuffix}`] },
  environmentClass: 'mw1.small',
  airflowVersion: '2.10.3',
  webserverAccessMode: 'PRIVATE_ONLY',
});

/** The demo's plan and simulated world. */
export function demoPlan(options: { seed: number; throttle: number }): PlanFile {
  return {
    regions: ['eu-west-1', 'us-east-1', 'ap-southeast-2'],
    environments: [
      { region: 'eu-west-1', spec: spec('analytics', '0a1') },
      { region: 'eu-west-1', spec: spec('reporting', '0b2') },
      { region: 'us-east-1', spec: spec('ingest', '0c3') },
    ],
    roleDescription: 'Used by Amazon MWAA; managed by mwaa-lifecycle',
    simulator: {
      seed: options.seed,
      ...(options.throttle > 0 ? { faults: [{ operation: '*', kind: 'throttle', rate: options.throttle }] } : {}),
      foreignEnvironments: [{ region: 'ap-southeast-2', spec: spec('legacy', '0d4'), deleteAfterMinutes: 150 }],
    },
  };
}

/** Lines summarising a finished demo. */
export function demoSummary(args: {
  outcome: Parameters<typeof describeAccount>[0];
  virtualMs: number;
  realMs: number;
  calls: number;
  leftovers: number;
}): string[] {
  return [
    ...describeAccount(args.outcome),
    `left behind: ${args.leftovers === 0 ? 'nothing' : `${args.leftovers} resources`}`,
    `${args.calls} API calls over ${(args.virtualMs / 3600_000).toFixed(1)} virtual hours in ${args.realMs} ms`,
  ];
}

/** Options of `demo`. */
export interface DemoFlags extends WatchFlags {
  seed: number;
  throttle: number;
}

/** `demo`: the whole lifecycle on the simulator; exit 0 only if the role is deleted and nothing is left behind. */
export async function demoCommand(flags: DemoFlags, io: Io): Promise<ExitCodeValue> {
  const plan = demoPlan({ seed: flags.seed, throttle: flags.throttle });
  await preflightWatch(flags);
  const started = Date.now();
  const world = await prepareWorld(plan.simulator);
  const clock = world.sim.clock;
  const virtualStart = clock.now();
  const watchers = await startWatching(flags, io, clock, true);
  const { progress } = watchers;
  const end = (code: ExitCodeValue, outcome: AccountOutcome | null, lines: string[], message?: string): ExitCodeValue => {
    progress.close();
    if (flags.output === 'json') progress.emit(resultJson({ command: 'demo', exitCode: code, outcome, ...(message ? { message } : {}) }, progress.stamp));
    else lines.forEach((line) => io.out(line));
    return code;
  };
  progress.say(`simulated account ${world.sim.accountId}: someone else's environment "legacy" runs in ap-southeast-2 and will be deleted by its owner after 150 virtual minutes`);
  try {
    const common = { plan, ports: world.sim.ports(), clock, virtualClock: clock, inspect: watchers.inspect, signal: io.signal };
    const applied = await runAccount({ ...common, command: 'apply' });
    if (applied.kind !== 'ready') return end(ExitCode.failed, applied.outcome, describeAccount(applied.outcome));
    // The role was made by the owner of "legacy", so this run adopted it; emptying the account means forcing its deletion.
    const torn = await runAccount({ ...common, command: 'teardown', forceRole: true });
    await clock.run(world.background);
    if (torn.kind !== 'done') return end(ExitCode.failed, null, []);
    const inventory = world.sim.inventory();
    const leftovers = inventory.environments.length + inventory.vpcEndpoints.length + inventory.networkInterfaces.length + (inventory.serviceLinkedRole ? 1 : 0);
    const code = torn.outcome.result === 'roleDeleted' && leftovers === 0 ? ExitCode.done : ExitCode.failed;
    const summary = demoSummary({ outcome: torn.outcome, virtualMs: clock.now() - virtualStart, realMs: Date.now() - started, calls: world.sim.logCounts().calls, leftovers });
    return end(code, torn.outcome, summary, leftovers === 0 ? undefined : `${leftovers} resources left behind`);
  } catch (e) {
    if (!(e instanceof InterruptedError)) throw e;
    io.err(e.message);
    return end(ExitCode.interrupted, null, [], e.message);
  } finally {
    await watchers.close();
  }
}
