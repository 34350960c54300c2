/**
 * The read-only commands: `status` (the plan's environments, the role, and what blocks it),
 * `blockers` (what keeps the role from being deleted), and `policy` (the least-privilege policy, scoped
 * to a plan).
 * None of them changes anything in the account.
 */
import { createAwsPorts } from '../adapters/aws';
import { leastPrivilegePolicy, planPolicy, policyJson } from '../adapters/aws/policy';
import { isWildcardRole } from '../adapters/aws/policyParts';
import { serializeError } from '../adapters/errors';
import type { AwsPorts, PolicyDocument } from '../adapters/port';
import { surveyAccount, type SurveyResult } from '../machines/survey';
import { ExitCode, UsageError, type ExitCodeValue } from './args';
import { awsPortsOptions, type AwsFlags } from './awsOptions';
import type { Io } from './io';
import { stampFor } from './jsonEvents';
import { parsePlan, readPlanFile, type PlanFile } from './planFile';
import { describeBlockers } from './reporter';
import { prepareWorld } from './scenarioWorld';

/** Options of `status` and `blockers`. */
export interface ReadFlags extends AwsFlags {
  plan?: string;
  regions?: string[];
  simulate?: boolean;
  output: 'text' | 'json';
}

/** One environment of the plan as MWAA reports it now (`null`: it does not exist). */
interface EnvironmentStatusLine {
  region: string;
  name: string;
  status: string | null;
  error: string | null;
}

async function target(flags: ReadFlags, io: Io): Promise<{ plan: PlanFile; ports: AwsPorts; now: () => number; close: () => void }> {
  if (flags.plan === undefined && (flags.regions ?? []).length === 0) throw new UsageError('give --plan FILE or --regions R1,R2');
  const plan = flags.plan !== undefined ? readPlanFile(flags.plan) : parsePlan({ regions: flags.regions, environments: [] }, '--regions');
  if (flags.regions?.length) plan.regions = [...new Set([...plan.regions, ...flags.regions])];
  if (flags.simulate) {
    const world = await prepareWorld(plan.simulator);
    return { plan, ports: world.sim.ports(), now: () => world.sim.clock.now(), close: () => undefined };
  }
  const aws = createAwsPorts(awsPortsOptions(flags, io.env));
  return { plan, ports: aws, now: () => Date.now(), close: () => aws.destroy() };
}

const survey = (ports: AwsPorts, regions: string[], now: () => number): Promise<SurveyResult> => surveyAccount(ports, { regions, discoverRegions: false, knownNetworks: [] }, now);

const unreadable = (found: SurveyResult): Array<{ region: string; code: string; message: string }> =>
  found.errors.map((e) => ({ region: e.region, code: e.error.code, message: e.error.message }));

/** `blockers`: exit 0 when nothing uses the role in the regions, 3 otherwise. */
export async function blockersCommand(flags: ReadFlags, io: Io): Promise<ExitCodeValue> {
  const { plan, ports, now, close } = await target(flags, io);
  try {
    const found = await survey(ports, plan.regions, now);
    const clean = found.blockers.length === 0 && found.errors.length === 0;
    const code = clean ? ExitCode.done : ExitCode.blocked;
    if (flags.output === 'json') {
      io.out(JSON.stringify({ ...stampFor(now)(), type: 'blockers', reason: clean ? null : 'inUse', blockers: found.blockers, unreadable: unreadable(found) }));
      return code;
    }
    if (clean) io.out('nothing uses the service-linked role in these regions');
    describeBlockers(found.blockers).forEach((line) => io.out(`blocked by ${line}`));
    found.errors.forEach((e) => io.out(`could not read ${e.region}: ${e.error.code}: ${e.error.message}`));
    return code;
  } finally {
    close();
  }
}

/** `status`: the plan's environments, the role and its blockers; exit 0 when everything could be read, 1 otherwise. */
export async function statusCommand(flags: ReadFlags, io: Io): Promise<ExitCodeValue> {
  const { plan, ports, now, close } = await target(flags, io);
  try {
    const environments: EnvironmentStatusLine[] = await Promise.all(
      plan.environments.map(async ({ region, spec }) => {
        try {
          const env = await ports.mwaa.getEnvironment(region, spec.name);
          return { region, name: spec.name, status: env?.status ?? null, error: null };
        } catch (e) {
          return { region, name: spec.name, status: null, error: serializeError(e).message };
        }
      }),
    );
    let role: { exists: boolean; arn: string | null; error: string | null };
    try {
      const found = await ports.serviceLinkedRole.getRole();
      role = { exists: found !== null, arn: found?.arn ?? null, error: null };
    } catch (e) {
      role = { exists: false, arn: null, error: serializeError(e).message };
    }
    const found = await survey(ports, plan.regions, now);
    const complete = found.errors.length === 0 && role.error === null && environments.every((e) => e.error === null);
    if (flags.output === 'json') {
      io.out(JSON.stringify({ ...stampFor(now)(), type: 'status', environments, role, blockers: found.blockers, unreadable: unreadable(found) }));
    } else {
      for (const e of environments) io.out(`${e.region}/${e.name}: ${e.error ? `could not read: ${e.error}` : (e.status ?? 'does not exist')}`);
      io.out(`role: ${role.error ? `could not read: ${role.error}` : role.exists ? `exists (${role.arn ?? ''})` : 'does not exist'}`);
      if (found.blockers.length === 0 && found.errors.length === 0) io.out('nothing uses the role in the watched regions');
      describeBlockers(found.blockers).forEach((line) => io.out(`  in use by ${line}`));
      found.errors.forEach((e) => io.out(`  could not read ${e.region}: ${e.error.code}: ${e.error.message}`));
    }
    return complete ? ExitCode.done : ExitCode.failed;
  } finally {
    close();
  }
}

/** Options of `policy`. */
export interface PolicyFlags {
  /** Scope the policy to this plan file (the default way to use `policy`). */
  plan?: string;
  partition?: string;
  accountId?: string;
  regions?: string[];
  executionRoleArns?: string[];
  /** Accept a wildcard for iam:PassRole (warned about on stderr). */
  allowWildcardPassrole?: boolean;
}

/** The policy the flags ask for: the plan's, or without `--plan` the adapter-wide one. */
function policyFor(flags: PolicyFlags): PolicyDocument {
  const passRole = {
    ...(flags.executionRoleArns?.length ? { executionRoleArns: flags.executionRoleArns } : {}),
    allowWildcardPassRole: flags.allowWildcardPassrole === true,
  };
  try {
    if (flags.plan === undefined) {
      return leastPrivilegePolicy({
        ...(flags.partition ? { partition: flags.partition } : {}),
        ...(flags.accountId ? { accountId: flags.accountId } : {}),
        ...(flags.regions?.length ? { regions: flags.regions } : {}),
        ...passRole,
      });
    }
    if (flags.partition !== undefined || flags.regions?.length) throw new RangeError('--plan takes the regions and the partition from the plan: leave out --partition and --regions');
    const plan = readPlanFile(flags.plan);
    return planPolicy({
      environments: plan.environments,
      regions: plan.regions,
      roleDescription: plan.roleDescription !== undefined,
      ...(flags.accountId ? { accountId: flags.accountId } : {}),
      ...passRole,
    });
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(`policy: ${e.message}`);
    throw e;
  }
}

/**
 * `policy`: prints the least-privilege IAM policy as JSON, scoped to `--plan` (without it, to
 * every environment of the regions, with a warning); a PassRole wildcard is warned about.
 */
export function policyCommand(flags: PolicyFlags, io: Io): ExitCodeValue {
  const policy = policyFor(flags);
  if (flags.plan === undefined) io.err('warning: without --plan the policy covers every environment in its regions; give --plan FILE to scope it to one plan');
  const passed = policy.Statement.filter((s) => s['Action'] === 'iam:PassRole').flatMap((s) => [s['Resource']].flat().map(String));
  for (const arn of passed.filter(isWildcardRole)) {
    io.err(`warning: iam:PassRole on "${arn}" lets this identity pass any matching role to MWAA, and so give an environment that role's rights`);
  }
  io.out(policyJson(policy));
  return ExitCode.done;
}
