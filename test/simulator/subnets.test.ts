/** CreateEnvironment refuses the subnet combinations AWS refuses. */
import { REGION, rejection, simulator, spec } from './support';

const network = (subnetIds: string[]) => ({ networkConfiguration: { subnetIds, securityGroupIds: ['sg-0ccc333'] } });

describe('simulated MWAA subnet checks', () => {
  it('refuses the same subnet twice as a ValidationException and creates nothing', async () => {
    const sim = simulator();
    const error = await rejection(sim.ports().mwaa.createEnvironment(REGION, spec('twice', network(['subnet-0aaa111', 'subnet-0aaa111']))));

    expect(error).toMatchObject({ code: 'InvalidInput', awsName: 'ValidationException', retryable: false });
    expect(error.message).toContain('subnet-0aaa111');
    await expect(sim.ports().mwaa.getEnvironment(REGION, 'twice')).resolves.toBeNull();
  });

  it('refuses subnets registered in two different VPCs', async () => {
    const sim = simulator();
    sim.registerSubnets('vpc-0000000000000000a', ['subnet-0aaa111']);
    sim.registerSubnets('vpc-0000000000000000b', ['subnet-0bbb222']);
    const error = await rejection(sim.ports().mwaa.createEnvironment(REGION, spec('split')));

    expect(error).toMatchObject({ code: 'InvalidInput', awsName: 'ValidationException' });
    expect(error.message).toMatch(/vpc-0000000000000000a.*vpc-0000000000000000b/);
    expect(sim.inventory().environments).toEqual([]);
  });

  it('accepts subnets of one registered VPC, and subnets whose VPC it was never told', async () => {
    const sim = simulator();
    sim.registerSubnets('vpc-0000000000000000a', ['subnet-0aaa111', 'subnet-0bbb222']);
    await expect(sim.ports().mwaa.createEnvironment(REGION, spec('same'))).resolves.toHaveProperty('arn');
    await expect(sim.ports().mwaa.createEnvironment(REGION, spec('half', network(['subnet-0aaa111', 'subnet-0ddd444'])))).resolves.toHaveProperty('arn');
    await expect(sim.ports().mwaa.createEnvironment(REGION, spec('unknown', network(['subnet-0eee555', 'subnet-0fff666'])))).resolves.toHaveProperty('arn');
    // Derived VPCs of unregistered subnets never conflict with one another.
    await expect(sim.ports().mwaa.createEnvironment(REGION, spec('mixed', network(['subnet-0bbb222', 'subnet-0eee555'])))).resolves.toHaveProperty('arn');
  });
});
