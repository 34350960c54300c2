/**
 * The whole lifecycle in China and GovCloud: the account machine discovers the partition's
 * regions, creates and tears down with that partition's ARNs, and deletes the role only when
 * nothing uses it, as in the commercial partition.
 */
import { runMachine } from '../../machines/run';
import { newWorld, specFor } from '../support/world';

const cases = [{ partition: 'aws-cn' as const, regions: ['cn-north-1', 'cn-northwest-1'] }];

describe('GovCloud', () => {
  it('refuses its ARNs before any call, as MWAA\'s published patterns (arn:aws(-[a-z]+)?) do', async () => {
    const { sim, bound, clock } = newWorld({ partition: 'aws-us-gov' });
    const spec = specFor('gov', { executionRoleArn: 'arn:aws-us-gov:iam::123456789012:role/exec', sourceBucketArn: 'arn:aws-us-gov:s3:::dags' });
    const outcome = await clock.run(runMachine(bound.environment, { operation: 'create', region: 'us-gov-west-1', spec }));
    expect(outcome).toMatchObject({ result: 'invalidInput', message: expect.stringContaining("at 'executionRoleArn' failed to satisfy constraint") as unknown });
    expect(sim.calls()).toEqual([]);
  });
});

describe.each(cases)('the lifecycle in $partition', ({ partition, regions }) => {
  it('creates, tears down and deletes the role with the partition\'s ARNs', async () => {
    const { sim, bound, clock } = newWorld({ partition, uncertainty: { regions: { mwaaRegions: regions, enabledOptInRegions: [], launchedLater: [] } } });
    const arn = (service: string, rest: string) => `arn:${partition}:${service}:${rest}`;
    const environments = regions.map((region, i) =>
      ({ region, spec: specFor(`env${i}`, { executionRoleArn: arn('iam', ':123456789012:role/exec'), sourceBucketArn: arn('s3', '::dags') }) }),
    );
    const created = await clock.run(Promise.all(environments.map((e) => runMachine(bound.environment, { operation: 'create', region: e.region, spec: e.spec }))));
    expect(created.map((o) => o.result)).toEqual(environments.map(() => 'available'));
    expect(sim.inventory().serviceLinkedRole?.arn.startsWith(`arn:${partition}:iam::`)).toBe(true);
    expect(sim.inventory().environments.every((e) => e.arn.startsWith(`arn:${partition}:airflow:`))).toBe(true);

    const outcome = await clock.run(runMachine(bound.account, { plan: 'teardown', regions, environments, roleOwnership: 'created' }));
    expect(outcome).toMatchObject({ result: 'roleDeleted' });
    expect(sim.inventory()).toMatchObject({ serviceLinkedRole: null, environments: [], vpcEndpoints: [], networkInterfaces: [] });
    // Discovery asked EC2 for the partition's regions and surveyed none outside it.
    const surveyed = new Set(sim.calls().filter((c) => c.operation === 'mwaa.listEnvironments').map((c) => c.region));
    expect([...surveyed].every((r) => r !== undefined && regions.includes(r))).toBe(true);
  });
});
