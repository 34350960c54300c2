/**
 * The least-privilege policies: the adapter-wide one covers every SDK command the adapter's
 * sources send (read from the sources themselves) and names nothing else; both scope resources as
 * documented, name the one service-linked role, and take a PassRole wildcard only when allowed.
 * (test/security/policyProof.test.ts proves the plan-scoped one sufficient and minimal.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  COMMAND_ACTIONS,
  DEPENDENT_ACTIONS,
  leastPrivilegePolicy,
  leastPrivilegePolicyJson,
  planPolicy,
  policyActions,
  type AdapterCommandName,
} from '../../adapters/aws/policy';
import type { PolicyDocument } from '../../adapters/port';

const ADAPTER_DIR = join(__dirname, '..', '..', 'adapters', 'aws');
const EXEC = 'arn:aws:iam::123456789012:role/mwaa-exec';
/** The adapter-wide policy needs execution roles, or an explicit wildcard. */
const OPEN = { executionRoleArns: [EXEC] } as const;

/** Every `XxxCommand` the adapter sources mention, except the policy's own catalogue. */
function commandsInAdapterSources(): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync(ADAPTER_DIR).filter((f) => f.endsWith('.ts') && f !== 'policy.ts' && f !== 'policyParts.ts')) {
    for (const match of readFileSync(join(ADAPTER_DIR, file), 'utf8').matchAll(/\b(\w+)Command\b/g)) names.add(match[0]);
  }
  return names;
}

/** IAM-style wildcard match (`*` any run, `?` one character). */
const wildcard = (pattern: string, value: string): boolean =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(value);

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

/** True when some Allow statement grants `action` on `resource`, given the request's condition keys. */
function allows(policy: PolicyDocument, action: string, resource: string, context: Record<string, string> = {}): boolean {
  return policy.Statement.some((s) => {
    if (s['Effect'] !== 'Allow') return false;
    if (!list(s['Action']).some((a) => wildcard(a, action))) return false;
    if (!list(s['Resource']).some((r) => wildcard(r, resource))) return false;
    const conditions = (s['Condition'] ?? {}) as Record<string, Record<string, unknown>>;
    return Object.entries(conditions).every(([operator, keys]) => {
      if (operator !== 'StringEquals') return false;
      return Object.entries(keys).every(([key, expected]) => context[key] !== undefined && list(expected).includes(context[key]));
    });
  });
}

describe('the least-privilege policy and the adapter sources', () => {
  it('finds the SDK commands the adapter sends in its sources', () => {
    expect([...commandsInAdapterSources()].sort()).toEqual(Object.keys(COMMAND_ACTIONS).sort());
  });

  it('allows the IAM action of every command the adapter sources send', () => {
    const actions = new Set(policyActions(leastPrivilegePolicy(OPEN)));
    for (const command of commandsInAdapterSources()) {
      const action = (COMMAND_ACTIONS as Record<string, string | undefined>)[command];
      expect({ command, action }).toEqual({ command, action: expect.any(String) as unknown });
      expect({ command, inPolicy: actions.has(action ?? '') }).toEqual({ command, inPolicy: true });
      for (const dependent of DEPENDENT_ACTIONS[command as AdapterCommandName] ?? []) {
        expect({ command, dependent, inPolicy: actions.has(dependent) }).toEqual({ command, dependent, inPolicy: true });
      }
    }
  });

  it('names no action beyond those commands and their dependent actions', () => {
    const needed = new Set<string>([...Object.values(COMMAND_ACTIONS), ...Object.values(DEPENDENT_ACTIONS).flat()]);
    expect(policyActions(leastPrivilegePolicy(OPEN)).filter((a) => !needed.has(a))).toEqual([]);
    expect(policyActions(leastPrivilegePolicy(OPEN)).every((a) => !a.includes('*'))).toBe(true);
  });
});

describe('leastPrivilegePolicy scoping', () => {
  const account = '123456789012';
  const envArn = (region: string, name = 'my-env') => `arn:aws:airflow:${region}:${account}:environment/${name}`;
  const slrArn = `arn:aws:iam::${account}:role/aws-service-role/airflow.amazonaws.com/AWSServiceRoleForAmazonMWAA`;

  it('scopes environment actions to environment ARNs in the given regions and account', () => {
    const policy = leastPrivilegePolicy({ ...OPEN, accountId: account, regions: ['eu-west-1', 'us-east-1'] });
    const environmentActions = [
      'airflow:CreateEnvironment',
      'airflow:GetEnvironment',
      'airflow:UpdateEnvironment',
      'airflow:DeleteEnvironment',
      'airflow:TagResource',
      'airflow:UntagResource',
      'airflow:ListTagsForResource',
    ];
    for (const action of environmentActions) {
      expect(allows(policy, action, envArn('eu-west-1'))).toBe(true);
      expect(allows(policy, action, envArn('us-east-1'))).toBe(true);
      expect(allows(policy, action, envArn('ap-south-1'))).toBe(false);
      expect(allows(policy, action, `arn:aws:airflow:eu-west-1:999999999999:environment/my-env`)).toBe(false);
    }
  });

  it('grants the tagging actions on environment ARNs only, not on "*"', () => {
    const policy = leastPrivilegePolicy({ ...OPEN, accountId: account, regions: ['eu-west-1'] });
    for (const action of ['airflow:TagResource', 'airflow:UntagResource', 'airflow:ListTagsForResource']) {
      expect(allows(policy, action, envArn('eu-west-1', 'owned'))).toBe(true);
      expect(allows(policy, action, '*')).toBe(false);
      expect(allows(policy, action, slrArn)).toBe(false);
    }
  });

  it('allows ListEnvironments and the EC2 Describe calls on "*" only (they have no resource ARNs)', () => {
    const policy = leastPrivilegePolicy({ ...OPEN, accountId: account });
    expect(allows(policy, 'airflow:ListEnvironments', '*')).toBe(true);
    expect(allows(policy, 'ec2:DescribeVpcEndpoints', '*')).toBe(true);
    expect(allows(policy, 'ec2:DescribeNetworkInterfaces', '*')).toBe(true);
    expect(allows(policy, 'ec2:DescribeRegions', '*')).toBe(true);
  });

  it('lets iam:CreateServiceLinkedRole create only the MWAA role, and only for airflow.amazonaws.com', () => {
    const policy = leastPrivilegePolicy({ ...OPEN, accountId: account });
    expect(allows(policy, 'iam:CreateServiceLinkedRole', slrArn, { 'iam:AWSServiceName': 'airflow.amazonaws.com' })).toBe(true);
    expect(allows(policy, 'iam:CreateServiceLinkedRole', slrArn, { 'iam:AWSServiceName': 'ec2.amazonaws.com' })).toBe(false);
    expect(allows(policy, 'iam:CreateServiceLinkedRole', slrArn)).toBe(false);
    expect(
      allows(policy, 'iam:CreateServiceLinkedRole', `arn:aws:iam::${account}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`, {
        'iam:AWSServiceName': 'airflow.amazonaws.com',
      }),
    ).toBe(false);
  });

  it('limits the role actions to the one service-linked role ARN', () => {
    const policy = leastPrivilegePolicy({ ...OPEN, accountId: account });
    for (const action of ['iam:GetRole', 'iam:UpdateRoleDescription', 'iam:DeleteServiceLinkedRole', 'iam:GetServiceLinkedRoleDeletionStatus']) {
      expect(allows(policy, action, slrArn)).toBe(true);
      expect(allows(policy, action, `arn:aws:iam::${account}:role/admin`)).toBe(false);
      expect(allows(policy, action, `${slrArn}_2`)).toBe(false);
      expect(allows(policy, action, `arn:aws:iam::${account}:role/aws-service-role/airflow.amazonaws.com/Other`)).toBe(false);
      expect(allows(policy, action, slrArn.replace(account, '999999999999'))).toBe(false);
    }
  });

  it('passes execution roles only to airflow.amazonaws.com, scoped to the given ARNs', () => {
    const exec = `arn:aws:iam::${account}:role/mwaa-exec`;
    const scoped = leastPrivilegePolicy({ executionRoleArns: [exec] });
    expect(allows(scoped, 'iam:PassRole', exec, { 'iam:PassedToService': 'airflow.amazonaws.com' })).toBe(true);
    expect(allows(scoped, 'iam:PassRole', `arn:aws:iam::${account}:role/admin`, { 'iam:PassedToService': 'airflow.amazonaws.com' })).toBe(false);
    expect(allows(scoped, 'iam:PassRole', exec, { 'iam:PassedToService': 'ec2.amazonaws.com' })).toBe(false);
  });

  it('takes a PassRole wildcard only when it is explicitly allowed', () => {
    expect(() => leastPrivilegePolicy()).toThrow(/execution roles/);
    expect(() => leastPrivilegePolicy({ executionRoleArns: ['*'] })).toThrow(/--allow-wildcard-passrole/);
    expect(() => leastPrivilegePolicy({ executionRoleArns: [`arn:aws:iam::${account}:role/mwaa-*`] })).toThrow(RangeError);
    const open = leastPrivilegePolicy({ allowWildcardPassRole: true });
    expect(allows(open, 'iam:PassRole', `arn:aws:iam::${account}:role/anything`, { 'iam:PassedToService': 'airflow.amazonaws.com' })).toBe(true);
  });

  it.each([
    ['any string', 'admin'],
    ['an ARN of another service', 'arn:aws:s3:::bucket'],
    ['a user', 'arn:aws:iam::123456789012:user/bob'],
    ['a short account id', 'arn:aws:iam::1234:role/x'],
    ['an empty role name', 'arn:aws:iam::123456789012:role/'],
    ['a bad character', 'arn:aws:iam::123456789012:role/a b'],
    ['another partition', 'arn:aws-cn:iam::123456789012:role/x'],
  ])('refuses %s as an execution role ARN', (_name, arn) => {
    expect(() => leastPrivilegePolicy({ executionRoleArns: [arn] })).toThrow(RangeError);
  });

  it('uses the given partition in every ARN', () => {
    const policy = leastPrivilegePolicy({ partition: 'aws-cn', accountId: account, regions: ['cn-north-1'], executionRoleArns: ['arn:aws-cn:iam::123456789012:role/x'] });
    const resources = policy.Statement.flatMap((s) => list(s['Resource'])).filter((r) => r !== '*');
    expect(resources.length).toBeGreaterThan(0);
    for (const r of resources) expect(r).toMatch(/^arn:aws-cn:/);
  });

  it('rejects a malformed partition, account id or region', () => {
    expect(() => leastPrivilegePolicy({ ...OPEN, partition: 'azure' })).toThrow(RangeError);
    expect(() => leastPrivilegePolicy({ ...OPEN, accountId: '1234' })).toThrow(/12-digit/);
    expect(() => leastPrivilegePolicy({ ...OPEN, regions: ['moon-1'] })).toThrow(RangeError);
  });

  it('prints as JSON that parses back to the same document', () => {
    const options = { ...OPEN, accountId: account, regions: ['eu-west-1'] };
    expect(JSON.parse(leastPrivilegePolicyJson(options))).toEqual(leastPrivilegePolicy(options));
  });
});

describe('planPolicy', () => {
  const account = '123456789012';
  const env = (region: string, name: string, role = `arn:aws:iam::${account}:role/mwaa-${name}`, tags?: Record<string, string>) => ({
    region,
    spec: { name, executionRoleArn: role, ...(tags ? { tags } : {}) },
  });
  const resourcesOf = (policy: PolicyDocument, sid: string): string[] => list(policy.Statement.find((s) => s['Sid'] === sid)?.['Resource']);
  const slr = `arn:aws:iam::${account}:role/aws-service-role/airflow.amazonaws.com/AWSServiceRoleForAmazonMWAA`;

  it('names exactly the plan\'s environments, execution roles and the service-linked role', () => {
    const policy = planPolicy({ regions: ['eu-west-1', 'us-east-1'], environments: [env('eu-west-1', 'alpha'), env('us-east-1', 'beta')] });
    expect(resourcesOf(policy, 'MwaaEnvironments')).toEqual([
      `arn:aws:airflow:eu-west-1:${account}:environment/alpha`,
      `arn:aws:airflow:us-east-1:${account}:environment/beta`,
    ]);
    expect(resourcesOf(policy, 'PassExecutionRoleToMwaa')).toEqual([`arn:aws:iam::${account}:role/mwaa-alpha`, `arn:aws:iam::${account}:role/mwaa-beta`]);
    expect(resourcesOf(policy, 'ManageMwaaServiceLinkedRole')).toEqual([slr]);
    expect(resourcesOf(policy, 'CreateMwaaServiceLinkedRole')).toEqual([slr]);
    expect(policyActions(policy)).not.toContain('airflow:TagResource');
    expect(policyActions(policy)).not.toContain('iam:UpdateRoleDescription');
    expect(policyActions(policy)).not.toContain('airflow:UntagResource');
  });

  it('adds tagging and the description update only when the plan needs them', () => {
    const policy = planPolicy({ regions: ['eu-west-1'], environments: [env('eu-west-1', 'alpha', undefined, { team: 'x' })], roleDescription: true });
    expect(policyActions(policy)).toEqual(expect.arrayContaining(['airflow:TagResource', 'iam:UpdateRoleDescription']));
  });

  it('takes the account from the execution roles, or from the option', () => {
    expect(() => planPolicy({ regions: ['eu-west-1'], environments: [env('eu-west-1', 'a'), env('eu-west-1', 'b', 'arn:aws:iam::999999999999:role/x')] })).toThrow(/2 accounts/);
    expect(() => planPolicy({ regions: ['eu-west-1'], environments: [] })).toThrow(/account id/);
    const roleOnly = planPolicy({ regions: ['eu-west-1'], environments: [], accountId: account });
    expect(resourcesOf(roleOnly, 'ManageMwaaServiceLinkedRole')).toEqual([slr]);
    expect(roleOnly.Statement.some((s) => s['Action'] === 'iam:PassRole')).toBe(false);
    expect(roleOnly.Statement.some((s) => s['Sid'] === 'MwaaEnvironments')).toBe(false);
  });

  it('uses the partition of the plan\'s regions and refuses roles of another', () => {
    const policy = planPolicy({ regions: ['cn-north-1'], environments: [env('cn-north-1', 'a', `arn:aws-cn:iam::${account}:role/x`)] });
    for (const r of policy.Statement.flatMap((s) => list(s['Resource'])).filter((r) => r !== '*')) expect(r).toMatch(/^arn:aws-cn:/);
    expect(() => planPolicy({ regions: ['cn-north-1'], environments: [env('cn-north-1', 'a')] })).toThrow(/partition/);
    expect(() => planPolicy({ regions: ['eu-west-1', 'cn-north-1'], environments: [env('eu-west-1', 'a')] })).toThrow(/span partitions/);
  });

  it('takes extra execution roles, and a wildcard only when allowed', () => {
    const base = { regions: ['eu-west-1'], environments: [env('eu-west-1', 'a')] };
    expect(resourcesOf(planPolicy({ ...base, executionRoleArns: [`arn:aws:iam::${account}:role/extra`] }), 'PassExecutionRoleToMwaa')).toContain(`arn:aws:iam::${account}:role/extra`);
    expect(() => planPolicy({ ...base, executionRoleArns: ['*'] })).toThrow(/--allow-wildcard-passrole/);
    expect(resourcesOf(planPolicy({ ...base, executionRoleArns: ['*'], allowWildcardPassRole: true }), 'PassExecutionRoleToMwaa')).toContain('*');
    expect(() => planPolicy({ ...base, executionRoleArns: ['not-an-arn'] })).toThrow(RangeError);
  });
});
