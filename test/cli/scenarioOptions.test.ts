/**
 * A scenario file reaches every behaviour of the simulated world: maintenance windows, long-tail
 * durations, rate limits, partitions, existing resources, offered versions and quotas. Each is
 * checked before the run, with its JSON path, and the prepared world behaves as the file says.
 */
import { planProblems } from './helpers';
import { prepareWorld } from '../../cli/scenarioWorld';
import { specFor } from '../support/world';

const spec = specFor('alpha');
const plan = (simulator: Record<string, unknown>, over: Record<string, unknown> = {}): Record<string, unknown> => ({
  regions: ['eu-west-1'],
  environments: [{ region: 'eu-west-1', spec }],
  simulator,
  ...over,
});

const problemsOf = planProblems;

describe('scenario options', () => {
  it('accepts every simulator option a scenario may set', () => {
    const problems = problemsOf(
      plan({
        maintenance: { everyMs: 3_600_000, durationMs: { minMs: 600_000, maxMs: 1_200_000 } },
        longTail: { probability: 0.1, create: { minMs: 3_600_000, maxMs: 7_200_000 } },
        rateLimits: { '*': { perSecond: 5, burst: 10 }, 'mwaa.getEnvironment': { perSecond: 2, burst: 4 } },
        partition: 'aws',
        existingResources: { executionRoleArns: [spec.executionRoleArn], sourceBucketArns: [spec.sourceBucketArn] },
        airflowVersions: ['2.10.3', '2.11.0'],
        workerQuota: 40,
        environmentQuota: 20,
      }),
    );
    expect(problems).toEqual([]);
  });

  it.each([
    ['a rate limit on an unknown operation', { rateLimits: { 'mwaa.getEnvironmnet': { perSecond: 1, burst: 1 } } }, '$.simulator.rateLimits'],
    ['a rate limit with no burst', { rateLimits: { '*': { perSecond: 1 } } }, '$.simulator.rateLimits.*.burst'],
    ['a long tail probability above 1', { longTail: { probability: 2 } }, '$.simulator.longTail.probability'],
    ['a maintenance option misspelt', { maintenance: { every: 5 } }, '$.simulator.maintenance.every: unknown field'],
    ['an unknown partition', { partition: 'aws-mars' }, '$.simulator.partition'],
    ['existing roles that are not ARNs', { existingResources: { executionRoleArns: ['mwaa-execution'] } }, '$.simulator: existingResources.executionRoleArns must be a list of ARNs'],
    ['no Airflow version offered', { airflowVersions: [] }, '$.simulator.airflowVersions'],
    ['a partition other than the regions\'', { partition: 'aws-cn' }, '$.simulator.partition: aws-cn is not the partition of the plan\'s regions (aws)'],
  ])('refuses %s, naming its path', (_name, simulator, expected) => {
    const problems = problemsOf(plan(simulator));
    expect(problems.some((p) => p.startsWith(expected))).toBe(true);
  });

  it('refuses regions from two partitions', () => {
    expect(problemsOf(plan({}, { regions: ['eu-west-1', 'cn-north-1'] }))).toContainEqual(expect.stringMatching(/^\$\.regions: the regions span partitions aws and aws-cn/));
  });

  it('builds the world the scenario describes: partition, existing resources, rate limits', async () => {
    const { sim } = await prepareWorld({
      partition: 'aws-cn',
      existingResources: { executionRoleArns: ['arn:aws-cn:iam::123456789012:role/exec'] },
      rateLimits: { 'mwaa.listEnvironments': { perSecond: 1, burst: 1 } },
    });
    const { mwaa, network } = sim.ports();
    expect((await network.listRegions()).map((r) => r.region)).toEqual(['cn-north-1', 'cn-northwest-1']);
    await expect(
      mwaa.createEnvironment('cn-north-1', { ...spec, executionRoleArn: 'arn:aws-cn:iam::123456789012:role/other', sourceBucketArn: 'arn:aws-cn:s3:::dags' }),
    ).rejects.toThrow(/Provided role arn:aws-cn:iam::123456789012:role\/other does not exist/);
    await mwaa.listEnvironments('cn-north-1');
    await expect(mwaa.listEnvironments('cn-north-1')).rejects.toMatchObject({ code: 'Throttled', retryAfterMs: 1000 });
  });
});
