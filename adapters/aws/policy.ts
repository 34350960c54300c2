/**
 * The least-privilege IAM policy for the identity that runs this adapter: exactly the actions the
 * adapter's SDK commands need, scoped to MWAA environment ARNs and the MWAA service-linked role
 * where IAM allows it. `cli/` prints it through {@link leastPrivilegePolicyJson}.
 */
import { SERVICE_LINKED_ROLE, type PolicyDocument } from '../port';
import { assertRegionName } from '../regions';

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
 * Further actions a command needs (the Service Authorization Reference lists them as dependent
 * actions): Create passes the execution role and tags the environment, and creates the SLR when it
 * is missing; Update passes the execution role when it changes.
 */
export const DEPENDENT_ACTIONS: Readonly<Partial<Record<AdapterCommandName, readonly string[]>>> = {
  CreateEnvironmentCommand: ['iam:PassRole', 'airflow:TagResource', 'iam:CreateServiceLinkedRole'],
  UpdateEnvironmentCommand: ['iam:PassRole'],
};

/** Options of {@link leastPrivilegePolicy}. */
export interface LeastPrivilegePolicyOptions {
  /** ARN partition: `aws`, `aws-cn`, `aws-us-gov`. Default `aws`. */
  partition?: string;
  /** 12-digit account id to scope ARNs to. Default `*`. */
  accountId?: string;
  /** Regions the environments live in. Default: every region (`*`). */
  regions?: readonly string[];
  /** Execution role ARNs the adapter may pass to MWAA. Default `*` (still only to airflow.amazonaws.com). */
  executionRoleArns?: readonly string[];
}

/** Every action named in a policy document. */
export function policyActions(policy: PolicyDocument): string[] {
  return policy.Statement.flatMap((s) => {
    const action = s['Action'];
    return Array.isArray(action) ? action.map(String) : typeof action === 'string' ? [action] : [];
  });
}

/** The least-privilege policy document for the adapter. Throws a RangeError on a malformed option. */
export function leastPrivilegePolicy(options: LeastPrivilegePolicyOptions = {}): PolicyDocument {
  const partition = options.partition ?? 'aws';
  if (!/^aws(-[a-z]+)*$/.test(partition)) throw new RangeError(`"${partition}" is not an AWS partition (aws, aws-cn, aws-us-gov)`);
  const account = options.accountId ?? '*';
  if (account !== '*' && !/^\d{12}$/.test(account)) throw new RangeError(`"${account}" is not a 12-digit AWS account id`);
  const regions = options.regions === undefined || options.regions.length === 0 ? ['*'] : [...options.regions];
  for (const region of regions) if (region !== '*') assertRegionName(region);
  const principal = SERVICE_LINKED_ROLE.servicePrincipal;
  const roleArns = (name: string): string => `arn:${partition}:iam::${account}:role${SERVICE_LINKED_ROLE.path}${name}`;
  const environmentArns = regions.map((r) => `arn:${partition}:airflow:${r}:${account}:environment/*`);
  const one = <T>(list: T[]): T | T[] => (list.length === 1 ? (list[0] as T) : list);

  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'MwaaEnvironments',
        Effect: 'Allow',
        Action: [
          'airflow:CreateEnvironment',
          'airflow:GetEnvironment',
          'airflow:UpdateEnvironment',
          'airflow:DeleteEnvironment',
          'airflow:TagResource',
          'airflow:UntagResource',
          'airflow:ListTagsForResource',
        ],
        Resource: one(environmentArns),
      },
      { Sid: 'MwaaListEnvironments', Effect: 'Allow', Action: 'airflow:ListEnvironments', Resource: '*' },
      {
        Sid: 'PassExecutionRoleToMwaa',
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Resource: options.executionRoleArns === undefined || options.executionRoleArns.length === 0 ? '*' : one([...options.executionRoleArns]),
        Condition: { StringEquals: { 'iam:PassedToService': principal } },
      },
      {
        Sid: 'CreateMwaaServiceLinkedRole',
        Effect: 'Allow',
        Action: 'iam:CreateServiceLinkedRole',
        Resource: roleArns(SERVICE_LINKED_ROLE.roleName),
        Condition: { StringEquals: { 'iam:AWSServiceName': principal } },
      },
      {
        Sid: 'ManageMwaaServiceLinkedRole',
        Effect: 'Allow',
        Action: ['iam:GetRole', 'iam:UpdateRoleDescription', 'iam:DeleteServiceLinkedRole'],
        Resource: roleArns('*'),
      },
      // Deletion tasks are addressed by task id, not by role ARN.
      { Sid: 'ReadServiceLinkedRoleDeletion', Effect: 'Allow', Action: 'iam:GetServiceLinkedRoleDeletionStatus', Resource: '*' },
      // EC2 Describe* calls support no resource-level permissions.
      {
        Sid: 'FindMwaaNetworkLeftovers',
        Effect: 'Allow',
        Action: ['ec2:DescribeVpcEndpoints', 'ec2:DescribeNetworkInterfaces'],
        Resource: '*',
      },
      // Which regions the account can use (to look for environments and leftovers everywhere).
      { Sid: 'ListAccountRegions', Effect: 'Allow', Action: 'ec2:DescribeRegions', Resource: '*' },
    ],
  };
}

/** The policy as pretty-printed JSON, ready for `aws iam create-policy --policy-document`. */
export function leastPrivilegePolicyJson(options: LeastPrivilegePolicyOptions = {}): string {
  return `${JSON.stringify(leastPrivilegePolicy(options), null, 2)}\n`;
}
