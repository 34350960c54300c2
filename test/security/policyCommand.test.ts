/**
 * `policy --plan FILE` prints the plan-scoped policy; execution role ARNs are checked; a PassRole
 * wildcard needs `--allow-wildcard-passrole` and is warned about on stderr; without `--plan` the
 * broader policy comes with a warning. Bad input is a usage error (exit code 2).
 */
import { memoryIo } from '../../cli/io';
import { UsageError } from '../../cli/args';
import { policyCommand, type PolicyFlags } from '../../cli/readCommands';
import type { PolicyDocument } from '../../adapters/port';
import { plan, run, tmp, writeJson } from '../cli/helpers';

const ACCOUNT = '123456789012';
const SLR = `arn:aws:iam::${ACCOUNT}:role/aws-service-role/airflow.amazonaws.com/AWSServiceRoleForAmazonMWAA`;

function policyOf(flags: PolicyFlags): { policy: PolicyDocument; stderr: string[] } {
  const io = memoryIo();
  expect(policyCommand(flags, io)).toBe(0);
  return { policy: JSON.parse(io.stdout.join('\n')) as PolicyDocument, stderr: io.stderr };
}
const resources = (policy: PolicyDocument, sid: string): string[] => [policy.Statement.find((s) => s['Sid'] === sid)?.['Resource']].flat().map(String);

describe('policy --plan', () => {
  it('names the plan\'s environments, execution role and the exact service-linked role, without warnings', () => {
    const { policy, stderr } = policyOf({ plan: writeJson(tmp(), 'plan.json', plan) });
    expect(resources(policy, 'MwaaEnvironments')).toEqual([`arn:aws:airflow:eu-west-1:${ACCOUNT}:environment/alpha`, `arn:aws:airflow:us-east-1:${ACCOUNT}:environment/beta`]);
    expect(resources(policy, 'PassExecutionRoleToMwaa')).toEqual([plan.environments[0]?.spec.executionRoleArn]);
    expect(resources(policy, 'ManageMwaaServiceLinkedRole')).toEqual([SLR]);
    expect(JSON.stringify(policy)).not.toContain('environment/*');
    expect(stderr).toEqual([]);
  });

  it('takes a PassRole wildcard only with --allow-wildcard-passrole, and warns', () => {
    const planPath = writeJson(tmp(), 'plan.json', plan);
    expect(() => policyOf({ plan: planPath, executionRoleArns: ['*'] })).toThrow(UsageError);
    const { policy, stderr } = policyOf({ plan: planPath, executionRoleArns: ['*'], allowWildcardPassrole: true });
    expect(resources(policy, 'PassExecutionRoleToMwaa')).toContain('*');
    expect(stderr.join('\n')).toMatch(/warning: iam:PassRole on "\*"/);
  });

  it('refuses --regions and --partition beside --plan, and an account id that is not one', () => {
    const planPath = writeJson(tmp(), 'plan.json', plan);
    expect(() => policyOf({ plan: planPath, regions: ['eu-west-1'] })).toThrow(/--plan takes the regions/);
    expect(() => policyOf({ plan: planPath, accountId: '42' })).toThrow(/12-digit/);
  });
});

describe('policy without --plan', () => {
  it('warns that the policy is not scoped to a plan', () => {
    const { policy, stderr } = policyOf({ accountId: ACCOUNT, executionRoleArns: [`arn:aws:iam::${ACCOUNT}:role/mwaa-exec`] });
    expect(resources(policy, 'ManageMwaaServiceLinkedRole')).toEqual([SLR]);
    expect(stderr.join('\n')).toContain('give --plan FILE');
  });

  it.each([
    ['no execution role', []],
    ['a wildcard', ['*']],
    ['a string that is no role ARN', ['mwaa-exec']],
  ])('exits 2 on %s', async (_name, arns) => {
    const result = await run('policy', '--account-id', ACCOUNT, ...(arns.length ? ['--execution-role-arns', arns.join(',')] : []));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('policy:');
  });
});
