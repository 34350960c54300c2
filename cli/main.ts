#!/usr/bin/env node
/**
 * The `mwaa-lifecycle` command: run the lifecycle on the built-in simulator (`demo`), drive a real
 * account from a plan file (`apply`, `teardown`, `delete-role`, or any of them with `--simulate`),
 * show what blocks the role (`blockers`), and print the least-privilege policy (`policy`).
 */
import { createAwsPorts } from '../adapters/aws';
import { leastPrivilegePolicyJson } from '../adapters/aws/policy';
import type { AwsPorts } from '../adapters/port';
import { systemClock, type Clock } from '../adapters/clock';
import type { VirtualClock } from '../adapters/virtualClock';
import { surveyAccount } from '../machines/survey';
import { listOption, numberOption, parseArgs, UsageError, type OptionSpec, type ParsedArgs } from './args';
import { demoPlan, demoSummary } from './demo';
import { combineInspections, jsonlInspection, statelyInspection, type Inspection } from './inspection';
import { parsePlan, planWarnings, PlanFileError, readPlanFile } from './planFile';
import { describeAccount, describeBlockers, describeEnvironment, timelineReporter } from './reporter';
import { runAccount, type AccountCommand } from './runAccount';
import { prepareWorld } from './scenarioWorld';

const HELP = `mwaa-lifecycle: drive Amazon MWAA environments and their service-linked role in a safe order

Usage:
  mwaa-lifecycle demo [--seed N] [--throttle RATE] [--inspect-log FILE] [--inspect-port PORT]
      Run the main job on the built-in simulator: create environments in two regions, tear them
      down, and delete the role once nothing in any region uses it.
  mwaa-lifecycle apply --plan FILE [--simulate] [--state FILE]
      Ensure the role, then create the plan's environments in parallel.
  mwaa-lifecycle teardown --plan FILE [--simulate] [--state FILE] [--force-role]
      Delete the plan's environments, then the role once nothing uses it.
  mwaa-lifecycle delete-role --plan FILE [--simulate] [--state FILE] [--force-role]
      Delete the role once no environment, endpoint or interface in the plan's regions uses it.
  mwaa-lifecycle blockers --regions R1,R2
      List what keeps the role from being deleted, in a real account.
  mwaa-lifecycle policy [--partition P] [--account-id ID] [--regions R1,R2] [--execution-role-arns A,B]
      Print the least-privilege IAM policy for the identity that runs this tool.

Common options:
  --simulate          run against the simulator, configured by the plan's "simulator" section
  --state FILE        keep the run's snapshot in FILE; rerunning resumes where it stopped
  --force-role        delete the role even if this tool did not create it
  --inspect-log FILE  write every state machine event as a JSON line to FILE
  --inspect-port N    stream to the Stately inspector through a bridge on localhost:N
  --endpoint-url URL  send every AWS call to URL (an emulator such as moto_server)
`;

const RUN_OPTIONS: OptionSpec = {
  plan: 'value',
  simulate: 'flag',
  state: 'value',
  'force-role': 'flag',
  'inspect-log': 'value',
  'inspect-port': 'value',
  'endpoint-url': 'value',
};

type Write = (line: string) => void;

async function inspectionsFor(args: ParsedArgs, clock: Clock, write: Write): Promise<Inspection> {
  const parts: Inspection[] = [{ inspect: timelineReporter(clock, write), close: async () => undefined }];
  const log = args.values['inspect-log'];
  if (log) parts.push(jsonlInspection(log, clock));
  if (args.values['inspect-port']) parts.push(await statelyInspection(numberOption(args, 'inspect-port', 8080, { min: 1, max: 65535 }), write));
  return combineInspections(parts);
}

function realPorts(args: ParsedArgs): AwsPorts & { destroy(): void } {
  const endpoint = args.values['endpoint-url'];
  return createAwsPorts(endpoint ? { endpoints: { mwaa: endpoint, iam: endpoint, ec2: endpoint } } : {});
}

async function accountCommand(command: AccountCommand, argv: string[], write: Write, signal: AbortSignal): Promise<number> {
  const args = parseArgs(argv, RUN_OPTIONS);
  const planPath = args.values['plan'];
  if (!planPath) throw new UsageError(`${command} needs --plan FILE`);
  const plan = readPlanFile(planPath);
  let ports: AwsPorts;
  let clock: Clock = systemClock;
  let virtualClock: VirtualClock | undefined;
  let destroy = (): void => undefined;
  if (args.flags.has('simulate')) {
    const world = await prepareWorld(plan.simulator);
    ports = world.sim.ports();
    clock = virtualClock = world.sim.clock;
  } else {
    const aws = realPorts(args);
    ports = aws;
    destroy = () => aws.destroy();
  }
  for (const warning of planWarnings(plan)) write(`warning: ${warning}`);
  const inspection = await inspectionsFor(args, clock, write);
  try {
    const result = await runAccount({
      command,
      plan,
      ports,
      clock,
      ...(virtualClock ? { virtualClock } : {}),
      ...(args.values['state'] ? { stateFile: args.values['state'] } : {}),
      forceRole: args.flags.has('force-role'),
      inspect: inspection.inspect,
      signal,
    });
    if (result.kind === 'ready') {
      for (const [key, env] of Object.entries(result.context.results)) write(`  ${key}: ${describeEnvironment(env)}`);
      return Object.values(result.context.results).every((r) => r.result === 'available') ? 0 : 1;
    }
    describeAccount(result.outcome).forEach(write);
    return result.outcome.result === 'roleDeleted' || result.outcome.result === 'roleKept' ? 0 : 1;
  } finally {
    await inspection.close();
    destroy();
  }
}

async function demo(argv: string[], write: Write): Promise<number> {
  const args = parseArgs(argv, { seed: 'value', throttle: 'value', 'inspect-log': 'value', 'inspect-port': 'value' });
  const plan = demoPlan({ seed: numberOption(args, 'seed', 1, { min: 0, max: 2 ** 31 }), throttle: numberOption(args, 'throttle', 0.05, { min: 0, max: 0.9 }) });
  const started = Date.now();
  const world = await prepareWorld(plan.simulator);
  const clock = world.sim.clock;
  const virtualStart = clock.now();
  write(`simulated account ${world.sim.accountId}: someone else's environment "legacy" runs in ap-southeast-2 and will be deleted by its owner after 150 virtual minutes`);
  const inspection = await inspectionsFor(args, clock, write);
  try {
    const common = { plan, ports: world.sim.ports(), clock, virtualClock: clock, inspect: inspection.inspect };
    const applied = await runAccount({ ...common, command: 'apply' });
    if (applied.kind !== 'ready') {
      describeAccount(applied.outcome).forEach(write);
      return 1;
    }
    // The role was made by the owner of "legacy", so this run adopted it; emptying the account means forcing its deletion.
    const torn = await runAccount({ ...common, command: 'teardown', forceRole: true });
    await clock.run(world.background);
    if (torn.kind !== 'done') return 1;
    const inventory = world.sim.inventory();
    const leftovers = inventory.environments.length + inventory.vpcEndpoints.length + inventory.networkInterfaces.length + (inventory.serviceLinkedRole ? 1 : 0);
    demoSummary({ outcome: torn.outcome, virtualMs: clock.now() - virtualStart, realMs: Date.now() - started, calls: world.sim.calls().length, leftovers }).forEach(write);
    return torn.outcome.result === 'roleDeleted' && leftovers === 0 ? 0 : 1;
  } finally {
    await inspection.close();
  }
}

async function blockers(argv: string[], write: Write): Promise<number> {
  const args = parseArgs(argv, { regions: 'value', 'endpoint-url': 'value' });
  const regions = listOption(args, 'regions');
  if (regions.length === 0) throw new UsageError('blockers needs --regions R1,R2');
  parsePlan({ regions, environments: [] }, '--regions');
  const aws = realPorts(args);
  try {
    const found = await surveyAccount(aws, { regions, discoverRegions: false, knownNetworks: [] }, () => Date.now());
    const clean = found.blockers.length === 0 && found.errors.length === 0;
    if (clean) write('nothing uses the service-linked role in these regions');
    describeBlockers(found.blockers).forEach((line) => write(`blocked by ${line}`));
    found.errors.forEach((e) => write(`could not read ${e.region}: ${e.error.code}: ${e.error.message}`));
    return clean ? 0 : 3;
  } finally {
    aws.destroy();
  }
}

async function policy(argv: string[], write: Write): Promise<number> {
  const args = parseArgs(argv, { partition: 'value', 'account-id': 'value', regions: 'value', 'execution-role-arns': 'value' });
  const regions = listOption(args, 'regions');
  const roles = listOption(args, 'execution-role-arns');
  write(
    leastPrivilegePolicyJson({
      ...(args.values['partition'] ? { partition: args.values['partition'] } : {}),
      ...(args.values['account-id'] ? { accountId: args.values['account-id'] } : {}),
      ...(regions.length ? { regions } : {}),
      ...(roles.length ? { executionRoleArns: roles } : {}),
    }),
  );
  return 0;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], write: Write = (line) => console.log(line), signal: AbortSignal = new AbortController().signal): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'demo':
        return await demo(rest, write);
      case 'apply':
      case 'teardown':
      case 'delete-role':
        return await accountCommand(command, rest, write, signal);
      case 'blockers':
        return await blockers(rest, write);
      case 'policy':
        return await policy(rest, write);
      case undefined:
      case 'help':
      case '--help':
        write(HELP);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      write(`error: ${e.message}\n\n${HELP}`);
      return 2;
    }
    if (e instanceof PlanFileError || e instanceof RangeError) {
      write(`error: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  main(process.argv.slice(2), (line) => console.log(line), controller.signal).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
