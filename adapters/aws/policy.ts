/**
 * The least-privilege IAM policy for the identity that runs this adapter. Two scopes: a plan's
 * ({@link planPolicy}: the exact environments, execution roles and service-linked role one plan
 * touches, and only the actions its lifecycle sends) and the adapter's ({@link leastPrivilegePolicy}:
 * every command of the ports, on environments in given regions). Role actions always name the one
 * service-linked role ARN; `iam:PassRole` names execution roles, and takes a wildcard only when
 * the caller explicitly allows it. `cli/` prints them through {@link policyJson}.
 */
import { SERVICE_LINKED_ROLE, type PolicyDocument } from '../port';
import { assertRegionName } from '../../domain/regions';
import { partitionOfRegion } from '../../domain/partitions';
import { assertExecutionRoleArn, assertPartition, isWildcardRole, passRoleStatement, serviceLinkedRoleArn } from './policyParts';

/** Every SDK command the adapter sends → the IAM action that authorizes it. */
export const COMMAND_ACTIONS = {
  CreateEnvironmentCommand: 'airflow:CreateEnvironment',
  GetEnvironmentCommand: 'airflow:GetEnvironment',
  UpdateEnvironmentCommand: 'airflow:UpdateEnvironment',
  DeleteEnvironmentCommand: 'airflow:DeleteEnvironment',
  ListEnvironmentsCommand: 'airflow:ListEnvironments',
  TagResourceCommand: 'airflow:TagResource',
  UntagResourceCommand: 'airflow:UntagResource',
  ListTagsForResourceCommand: 'airflow:ListTagsForResource',
  GetRoleCommand: 'iam:GetRole',
  CreateServiceLinkedRoleCommand: 'iam:CreateServiceLinkedRole',
  UpdateRoleDescriptionCommand: 'iam:UpdateRoleDescription',
  DeleteServiceLinkedRoleCommand: 'iam:DeleteServiceLinkedRole',
  GetServiceLinkedRoleDeletionStatusCommand: 'iam:GetServiceLinkedRoleDeletionStatus',
  DescribeVpcEndpointsCommand: 'ec2:DescribeVpcEndpoints',
  DescribeNetworkInterfacesCommand: 'ec2:DescribeNetworkInterfaces',
  DescribeRegionsCommand: 'ec2:DescribeRegions',
} as const;

/** A command the adapter sends. */
export type AdapterCommandName = keyof typeof COMMAND_ACTIONS;

/**
 * Further actions a command may need: Create passes the execution role, may tag the environment
 * (UNVERIFIED whether MWAA checks `airflow:TagResource` on create) and creates the service-linked
 * role when it is missing; Update passes the execution role when it changes.
 */
export const DEPENDENT_ACTIONS: Readonly<Partial<Record<AdapterCommandName, readonly string[]>>> = {
  CreateEnvironmentCommand: ['iam:PassRole', 'airflow:TagResource', 'iam:CreateServiceLinkedRole'],
  UpdateEnvironmentCommand: ['iam:PassRole'],
};

/** Options both scopes share. */
export interface PassRoleOptions {
  /** Execution role ARNs the identity may pass to MWAA, each a well-formed IAM role ARN of the partition. */
  executionRoleArns?: readonly string[];
  /** Accept `*` (or a role ARN with `*`) in {@link executionRoleArns}, or no roles at all meaning `*`. Default false. */
  allowWildcardPassRole?: boolean;
}

/** Options of {@link leastPrivilegePolicy}. */
export interface LeastPrivilegePolicyOptions extends PassRoleOptions {
  /** ARN partition: `aws`, `aws-cn`, `aws-us-gov`. Default `aws`. */
  partition?: string;
  /** 12-digit account id to scope ARNs to. Default `*`. */
  accountId?: string;
  /** Regions the environments live in. Default: every region (`*`). */
  regions?: readonly string[];
}

/** One environment of a plan, as {@link planPolicy} reads it (a plan file's entry fits). */
export interface PolicyPlanEnvironment {
  region: string;
  spec: { name: string; executionRoleArn: string; tags?: Record<string, string> };
}

/** Options of {@link planPolicy}. */
export interface PlanPolicyOptions extends PassRoleOptions {
  /** The plan's environments. */
  environments: readonly PolicyPlanEnvironment[];
  /** The plan's regions (they pick the partition when there is no environment). */
  regions: readonly string[];
  /** The plan sets the role's description, so the tool may update it. */
  roleDescription?: boolean;
  /** The account; default: the one account every execution role ARN of the plan names. */
  accountId?: string;
}

/** Every action named in a policy document. */
export function policyActions(policy: PolicyDocument): string[] {
  return policy.Statement.flatMap((s) => {
    const action = s['Action'];
    return Array.isArray(action) ? action.map(String) : typeof action === 'string' ? [action] : [];
  });
}

const one = <T>(list: readonly T[]): T | T[] => (list.length === 1 ? (list[0] as T) : [...list]);

/** The statements every scope has, around the parts that differ. */
function document(parts: {
  partition: string;
  account: string;
  environmentActions: readonly string[];
  environmentArns: readonly string[];
  roleActions: readonly string[];
  passRoles: Record<string, unknown> | null;
}): PolicyDocument {
  const role = serviceLinkedRoleArn(parts.partition, parts.account);
  const statements: Array<Record<string, unknown>> = [
    ...(parts.environmentArns.length === 0 ? [] : [{ Sid: 'MwaaEnvironments', Effect: 'Allow', Action: [...parts.environmentActions], Resource: one(parts.environmentArns) }]),
    // ListEnvironments and EC2 Describe* support no resource-level permissions.
    { Sid: 'MwaaListEnvironments', Effect: 'Allow', Action: 'airflow:ListEnvironments', Resource: '*' },
    ...(parts.passRoles ? [parts.passRoles] : []),
    {
      Sid: 'CreateMwaaServiceLinkedRole',
      Effect: 'Allow',
      Action: 'iam:CreateServiceLinkedRole',
      Resource: role,
      Condition: { StringEquals: { 'iam:AWSServiceName': SERVICE_LINKED_ROLE.servicePrincipal } },
    },
    // The deletion status is authorized on the role too (its resource type is `role`).
    { Sid: 'ManageMwaaServiceLinkedRole', Effect: 'Allow', Action: [...parts.roleActions], Resource: role },
    { Sid: 'FindMwaaNetworkLeftovers', Effect: 'Allow', Action: ['ec2:DescribeVpcEndpoints', 'ec2:DescribeNetworkInterfaces'], Resource: '*' },
    { Sid: 'ListAccountRegions', Effect: 'Allow', Action: 'ec2:DescribeRegions', Resource: '*' },
  ];
  return { Version: '2012-10-17', Statement: statements };
}

/** Checks the execution roles and builds their PassRole statement (`null`: nothing to pass). */
function passRoles(partition: string, options: PassRoleOptions, required: boolean): Record<string, unknown> | null {
  const arns = [...new Set(options.executionRoleArns ?? [])];
  for (const arn of arns) {
    if (isWildcardRole(arn)) {
      if (options.allowWildcardPassRole !== true) throw new RangeError(`"${arn}" lets the identity pass any matching role to MWAA: allow it explicitly (--allow-wildcard-passrole) or name the roles`);
    } else assertExecutionRoleArn(arn, partition);
  }
  if (arns.length === 0 && required) {
    if (options.allowWildcardPassRole !== true) throw new RangeError('name the execution roles the environments use (executionRoleArns), or allow passing any role explicitly (--allow-wildcard-passrole)');
    arns.push('*');
  }
  return arns.length === 0 ? null : passRoleStatement(arns);
}

/**
 * The adapter-wide policy: every command of the ports, on environments of the given regions and
 * account. Throws a RangeError on a malformed option, or when no execution role is named and a
 * wildcard is not explicitly allowed.
 */
export function leastPrivilegePolicy(options: LeastPrivilegePolicyOptions = {}): PolicyDocument {
  const partition = options.partition ?? 'aws';
  assertPartition(partition);
  const account = options.accountId ?? '*';
  if (account !== '*' && !/^\d{12}$/.test(account)) throw new RangeError(`"${account}" is not a 12-digit AWS account id`);
  const regions = options.regions === undefined || options.regions.length === 0 ? ['*'] : [...options.regions];
  for (const region of regions) if (region !== '*') assertRegionName(region);
  return document({
    partition,
    account,
    environmentActions: ['airflow:CreateEnvironment', 'airflow:GetEnvironment', 'airflow:UpdateEnvironment', 'airflow:DeleteEnvironment', 'airflow:TagResource', 'airflow:UntagResource', 'airflow:ListTagsForResource'],
    environmentArns: regions.map((r) => `arn:${partition}:airflow:${r}:${account}:environment/*`),
    roleActions: ['iam:GetRole', 'iam:UpdateRoleDescription', 'iam:DeleteServiceLinkedRole', 'iam:GetServiceLinkedRoleDeletionStatus'],
    passRoles: passRoles(partition, options, true),
  });
}

/** The account of a plan: the one given, else the one all its execution roles name. */
function planAccount(options: PlanPolicyOptions): string {
  if (options.accountId !== undefined) {
    if (!/^\d{12}$/.test(options.accountId)) throw new RangeError(`"${options.accountId}" is not a 12-digit AWS account id`);
    return options.accountId;
  }
  const accounts = [...new Set(options.environments.map((e) => /^arn:[^:]+:iam::(\d{12}):/.exec(e.spec.executionRoleArn)?.[1] ?? '?'))];
  if (accounts.length === 1 && accounts[0] !== '?') return accounts[0] as string;
  throw new RangeError(accounts.length === 0 ? 'the plan names no environment to take the account id from: give the account id' : `the plan's execution roles name ${accounts.length} accounts: give the account id`);
}

/**
 * The policy one plan needs, and nothing more: create, read, update and delete on the plan's
 * environment ARNs (tagging only when an environment has tags), PassRole on its execution roles,
 * and the role actions on the exact service-linked role ARN. Throws a RangeError on a malformed
 * plan field or option.
 */
export function planPolicy(options: PlanPolicyOptions): PolicyDocument {
  const regions = [...new Set([...options.regions, ...options.environments.map((e) => e.region)])];
  for (const region of regions) assertRegionName(region);
  const partitions = [...new Set(regions.map(partitionOfRegion))];
  if (partitions.length !== 1) throw new RangeError(partitions.length === 0 ? 'the plan names no region' : `the plan's regions span partitions ${partitions.join(' and ')}`);
  const partition = partitions[0] as string;
  const account = planAccount(options);
  const environmentArns = options.environments.map((e) => `arn:${partition}:airflow:${e.region}:${account}:environment/${e.spec.name}`);
  const tagged = options.environments.some((e) => Object.keys(e.spec.tags ?? {}).length > 0);
  const executionRoleArns = [...options.environments.map((e) => e.spec.executionRoleArn), ...(options.executionRoleArns ?? [])];
  return document({
    partition,
    account,
    environmentActions: ['airflow:CreateEnvironment', 'airflow:GetEnvironment', 'airflow:UpdateEnvironment', 'airflow:DeleteEnvironment', ...(tagged ? ['airflow:TagResource'] : [])],
    // A plan without environments touches none, and gets no environment statement.
    environmentArns,
    roleActions: ['iam:GetRole', ...(options.roleDescription === true ? ['iam:UpdateRoleDescription'] : []), 'iam:DeleteServiceLinkedRole', 'iam:GetServiceLinkedRoleDeletionStatus'],
    passRoles: passRoles(partition, { ...options, executionRoleArns }, false),
  });
}

/** A policy as pretty-printed JSON, ready for `aws iam create-policy --policy-document`. */
export function policyJson(policy: PolicyDocument): string {
  return `${JSON.stringify(policy, null, 2)}\n`;
}

/** {@link leastPrivilegePolicy} as pretty-printed JSON. */
export function leastPrivilegePolicyJson(options: LeastPrivilegePolicyOptions = {}): string {
  return policyJson(leastPrivilegePolicy(options));
}
