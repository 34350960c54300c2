/**
 * The MWAA service-linked role's documented policies, as data, and a check of a live trust
 * policy against the documented one.
 */
import { SERVICE_LINKED_ROLE, type PolicyDocument } from '../adapters/port';

/** The documented trust policy: only `airflow.amazonaws.com` may assume the role. */
export const SERVICE_LINKED_ROLE_TRUST_POLICY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: SERVICE_LINKED_ROLE.servicePrincipal },
      Action: 'sts:AssumeRole',
    },
  ],
};

/** The documented permissions policy `AmazonMWAAServiceRolePolicy` attached to the role. */
export const SERVICE_LINKED_ROLE_PERMISSIONS_POLICY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:CreateLogGroup', 'logs:DescribeLogGroups'],
      Resource: 'arn:aws:logs:*:*:log-group:airflow-*:*',
    },
    {
      Effect: 'Allow',
      Action: [
        'ec2:AttachNetworkInterface',
        'ec2:CreateNetworkInterface',
        'ec2:CreateNetworkInterfacePermission',
        'ec2:DeleteNetworkInterface',
        'ec2:DeleteNetworkInterfacePermission',
        'ec2:DescribeDhcpOptions',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSubnets',
        'ec2:DescribeVpcEndpoints',
        'ec2:DescribeVpcs',
        'ec2:DetachNetworkInterface',
      ],
      Resource: '*',
    },
    {
      Effect: 'Allow',
      Action: 'ec2:CreateVpcEndpoint',
      Resource: 'arn:aws:ec2:*:*:vpc-endpoint/*',
      Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': 'AmazonMWAAManaged' } },
    },
    {
      Effect: 'Allow',
      Action: ['ec2:ModifyVpcEndpoint', 'ec2:DeleteVpcEndpoints'],
      Resource: 'arn:aws:ec2:*:*:vpc-endpoint/*',
      Condition: { Null: { 'aws:ResourceTag/AmazonMWAAManaged': false } },
    },
    {
      Effect: 'Allow',
      Action: ['ec2:CreateVpcEndpoint', 'ec2:ModifyVpcEndpoint'],
      Resource: ['arn:aws:ec2:*:*:vpc/*', 'arn:aws:ec2:*:*:security-group/*', 'arn:aws:ec2:*:*:subnet/*'],
    },
    {
      Effect: 'Allow',
      Action: 'ec2:CreateTags',
      Resource: 'arn:aws:ec2:*:*:vpc-endpoint/*',
      Condition: {
        StringEquals: { 'ec2:CreateAction': 'CreateVpcEndpoint' },
        'ForAnyValue:StringEquals': { 'aws:TagKeys': 'AmazonMWAAManaged' },
      },
    },
    {
      Effect: 'Allow',
      Action: 'cloudwatch:PutMetricData',
      Resource: '*',
      Condition: { StringEquals: { 'cloudwatch:namespace': ['AWS/MWAA'] } },
    },
  ],
};

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/**
 * Differences between a role's trust policy and the documented one, as readable sentences.
 * Empty when the policy lets exactly `airflow.amazonaws.com` assume the role.
 */
export function trustPolicyDrift(policy: PolicyDocument): string[] {
  const drift: string[] = [];
  const allows = policy.Statement.filter((s) => s['Effect'] === 'Allow');
  const principals = new Set<string>();
  for (const s of allows) {
    const principal = s['Principal'];
    if (principal === '*') {
      drift.push('a statement allows any principal ("*")');
      continue;
    }
    const services = principal && typeof principal === 'object' ? (principal as Record<string, unknown>)['Service'] : undefined;
    for (const p of asList(services)) principals.add(String(p));
    const others = principal && typeof principal === 'object' ? Object.keys(principal).filter((k) => k !== 'Service') : [];
    for (const k of others) drift.push(`a statement allows ${k} principals`);
    const actions = asList(s['Action']).map(String);
    if (!actions.includes('sts:AssumeRole')) drift.push(`a statement allows ${actions.join(', ') || 'no action'} instead of sts:AssumeRole`);
  }
  if (!principals.has(SERVICE_LINKED_ROLE.servicePrincipal)) {
    drift.push(`${SERVICE_LINKED_ROLE.servicePrincipal} may not assume the role`);
  }
  for (const p of principals) {
    if (p !== SERVICE_LINKED_ROLE.servicePrincipal) drift.push(`unexpected service principal ${p}`);
  }
  return drift;
}
