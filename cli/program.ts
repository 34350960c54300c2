/**
 * The command line's grammar, on commander: every command, its options and its help. Each action
 * reports its exit code through `done`; parsing problems surface as commander errors for
 * `main` to turn into exit code 2.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Argument, Command, Option } from 'commander';
import { DIAGRAM_FORMATS } from '../diagram';
import { accountCommand, type AccountFlags } from './accountCommand';
import { numberIn, parseList, type ExitCodeValue } from './args';
import { demoCommand, type DemoFlags } from './demo';
import { DIAGRAM_MACHINES, diagramCommand, type DiagramFlags, type DiagramMachineName } from './diagramCommand';
import type { Io } from './io';
import { blockersCommand, policyCommand, statusCommand, type PolicyFlags, type ReadFlags } from './readCommands';
import { addRunnerCommands, readsRunner, runnerStatusCommand, withDatabase, type RunnerStatusFlags } from './runnerCommands';
import { addServeCommand } from './serveCommand';
import { viewCommand, type ViewFlags } from './viewCommand';
import { DEFAULT_HEARTBEAT_S } from './watch';

/** The package's version, from the package.json above this file (in the source tree or in `dist/`). */
export function packageVersion(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === 'mwaa-lifecycle') return pkg.version ?? 'unknown';
  }
  return 'unknown';
}

const EXIT_CODES = `
Exit codes:
  0    done
  1    failed (an environment or the role ended badly, or AWS could not be read)
  2    usage: bad arguments, plan or state file, unwritable path, busy port (nothing sent to AWS)
  3    blocked: something still uses the service-linked role
  130  interrupted (SIGINT, SIGTERM); the state file keeps the run for a resume
  141  standard output was closed (e.g. piped into head)

Environment: AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL and the SDK's usual credential variables.`;

const withAws = (cmd: Command): Command =>
  cmd
    .option('--region <region>', 'home region: receives account-wide calls and picks the partition for IAM (default: AWS_REGION, else us-east-1)')
    .option('--profile <name>', 'named profile of the shared AWS config and credentials files')
    .option('--endpoint-url <url>', 'send every AWS call to URL, e.g. an emulator (default: AWS_ENDPOINT_URL)');

const withOutput = (cmd: Command): Command => cmd.addOption(new Option('--output <format>', 'text for people, json for one JSON object per line').choices(['text', 'json']).default('text'));

const withWatch = (cmd: Command): Command =>
  withOutput(cmd)
    .option('--heartbeat <seconds>', `progress interval (default ${DEFAULT_HEARTBEAT_S.real} s, ${DEFAULT_HEARTBEAT_S.simulated} virtual s with the simulator; 0: none)`, numberIn({ min: 0, max: 86_400 }))
    .option('--inspect-log <file>', 'write every state machine event as a JSON line to FILE')
    .option('--inspect-port <port>', 'stream to the Stately inspector through a bridge on 127.0.0.1:PORT (prints the address to open, with its token)', numberIn({ min: 1, max: 65_535, integer: true }))
    .option('--inspect-wait', 'hold the run until the inspector has connected to the bridge')
    .option('--inspect-host <address>', 'listen on ADDRESS instead of 127.0.0.1 (reachable from other machines: a warning is printed)');

/** Builds the program; `done` receives the exit code of the command that ran. */
export function buildProgram(io: Io, done: (code: ExitCodeValue) => void): Command {
  const program = new Command('mwaa-lifecycle')
    .description('Drive Amazon MWAA environments and their service-linked role (AWSServiceRoleForAmazonMWAA) in a safe order.')
    .version(packageVersion(), '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show help for a command')
    .showSuggestionAfterError()
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) })
    .addHelpText('after', EXIT_CODES);

  const orchestrator = (name: 'apply' | 'teardown' | 'delete-role', summary: string, force: boolean): void => {
    const cmd = program.command(name).description(summary).requiredOption('--plan <file>', 'the plan file: regions to watch, environments to manage');
    cmd
      .option('--simulate', "run on the simulator, set up by the plan's \"simulator\" section")
      .option('--state <file>', 'keep the run in FILE after every step; rerunning resumes it')
      .option('--durations <file>', 'derive polling from the phase durations past runs kept in FILE, and add this run\'s')
      .option('--time-scale <factor>', "run this tool's clock FACTOR times real time, to keep pace with `serve --speed FACTOR` (default 1)", numberIn({ min: 0.001, max: 100_000 }));
    if (force) cmd.option('--force-role', 'delete the role even if this tool did not create it');
    withAws(withWatch(cmd)).action(async (flags: AccountFlags) => done(await accountCommand(name, flags, io)));
  };
  orchestrator('apply', 'Ensure the role, then create the plan\'s environments in parallel.', false);
  orchestrator('teardown', 'Delete the plan\'s environments, then the role once nothing uses it.', true);
  orchestrator('delete-role', 'Delete the role once no environment, endpoint or interface in any watched region uses it.', true);

  withWatch(
    program
      .command('demo')
      .description('Run the whole lifecycle on the built-in simulator: create, tear down, delete the role once nothing uses it.')
      .option('--seed <n>', 'seed of the simulated world', numberIn({ min: 0, max: 2 ** 31, integer: true }), 1)
      .option('--throttle <rate>', 'share of calls throttled', numberIn({ min: 0, max: 0.9 }), 0.05),
  ).action(async (flags: DemoFlags) => done(await demoCommand(flags, io)));

  const reader = (name: 'status' | 'blockers', summary: string, run: (flags: ReadFlags, io: Io) => Promise<ExitCodeValue>): void => {
    const cmd = program
      .command(name)
      .description(summary)
      .option('--plan <file>', 'read the regions (and for status, the environments) from a plan file')
      .option('--regions <list>', 'comma-separated regions to look at', parseList)
      .option('--simulate', "read the simulator set up by the plan's \"simulator\" section");
    withAws(withOutput(cmd)).action(async (flags: ReadFlags) => done(await run(flags, io)));
  };
  const status = program
    .command('status')
    .description("Show the plan's environments, the role and what uses it; changes nothing. With --runner, the runner's lifecycles from its database instead.")
    .option('--plan <file>', 'read the regions and the environments (with --runner, the account) from a plan file')
    .option('--regions <list>', 'comma-separated regions to look at', parseList)
    .option('--simulate', "read the simulator set up by the plan's \"simulator\" section")
    .option('--runner', "read the durable runner's lifecycles (see `submit`, `worker`) instead of AWS; implied by --database-url and --runner-dir");
  withDatabase(withAws(status)).action(async (flags: ReadFlags & RunnerStatusFlags) =>
    done(await (readsRunner(flags) ? runnerStatusCommand(flags, io) : statusCommand(flags, io))),
  );
  reader('blockers', 'List what keeps the role from being deleted; exit 3 while anything does.', blockersCommand);

  program
    .command('policy')
    .description('Print the least-privilege IAM policy for the identity that runs this tool, scoped to a plan.')
    .option('--plan <file>', 'scope the policy to this plan: its environments, its execution roles and the one service-linked role')
    .option('--partition <name>', 'aws, aws-cn or aws-us-gov (without --plan)')
    .option('--account-id <id>', 'the account the policy is for (with --plan, default: the account of the execution roles)')
    .option('--regions <list>', 'comma-separated regions (without --plan)', parseList)
    .option('--execution-role-arns <list>', 'comma-separated execution roles the environments use, checked as IAM role ARNs', parseList)
    .option('--allow-wildcard-passrole', 'accept "*" or a pattern for iam:PassRole (prints a warning)')
    .action((flags: PolicyFlags) => done(policyCommand(flags, io)));

  program
    .command('diagram')
    .description('Draw the statecharts from their own definitions, offline: Mermaid, Graphviz DOT, SVG or the definition as JSON.')
    .addArgument(new Argument('[machine]', 'the machine to draw (default: all three)').choices(Object.keys(DIAGRAM_MACHINES)))
    .addOption(new Option('--format <format>', 'what to write').choices([...DIAGRAM_FORMATS]).default('mermaid'))
    .option('--out <file>', 'write to FILE instead of standard output')
    .option('--markdown <file>', 'rewrite the Mermaid diagrams between <!-- diagram: NAME --> markers in FILE')
    .action(async (machine: DiagramMachineName | undefined, flags: DiagramFlags) => done(await diagramCommand(machine, flags, io)));

  program
    .command('view')
    .description('Write one self-contained HTML page that replays a run recorded with --inspect-log (works offline).')
    .argument('<log>', 'the run log (JSON lines)')
    .option('--out <file>', 'where to write the page (default: the log with .html)')
    .action(async (log: string, flags: ViewFlags) => done(await viewCommand(log, flags, io)));

  addServeCommand(program, io, done);
  addRunnerCommands(program, io, done);
  return program;
}
