/**
 * The port contract, run against the simulator: waiting advances the virtual clock, so the
 * 3-hour environment waits cost milliseconds.
 */
import { SERVICE_LINKED_ROLE, type EnvironmentSpec } from '../../adapters/port';
import { SimulatedAws } from '../../adapters/simulator';
import { describePortContract, type ContractContext, type NetworkSeed } from './portContract';

/** How often a contract wait polls, in virtual ms (what a real poller would use). */
const POLL_MS = 15_000;

/** A spec the simulator accepts, for an environment called `name`. */
export function simulatorSpec(name: string): EnvironmentSpec {
  return {
    name,
    executionRoleArn: 'arn:aws:iam::123456789012:role/mwaa-execution',
    sourceBucketArn: 'arn:aws:s3:::contract-dags',
    dagS3Path: 'dags',
    networkConfiguration: { subnetIds: ['subnet-0aaa', 'subnet-0bbb'], securityGroupIds: ['sg-0ccc'] },
  };
}

describePortContract({
  name: 'simulator',
  supports: { mwaa: true, iam: true, network: true },
  async setup(): Promise<ContractContext> {
    const sim = new SimulatedAws({ seed: 42 });
    const { clock } = sim;
    return {
      ports: sim.ports(),
      regions: ['eu-west-1', 'us-east-1'],
      validSpec: simulatorSpec,
      async waitFor(probe, done, timeoutMs) {
        const deadline = clock.now() + timeoutMs;
        for (;;) {
          const value = await probe();
          if (done(value)) return value;
          if (clock.now() >= deadline) throw new Error(`condition not met within ${timeoutMs} virtual ms`);
          await clock.advance(Math.min(POLL_MS, deadline - clock.now()));
        }
      },
      async seedNetwork(region): Promise<NetworkSeed> {
        const vpcId = 'vpc-0contract';
        const subnetIds: [string, string] = ['subnet-0first', 'subnet-0second'];
        const securityGroupIds: [string, string] = ['sg-0zero', 'sg-0one'];
        sim.registerSubnets(vpcId, subnetIds);
        const managed = sim.createVpcEndpoint(region, {
          subnetIds: [subnetIds[0]],
          securityGroupIds: [securityGroupIds[0]],
          tags: { [SERVICE_LINKED_ROLE.managedTagKey]: 'true' },
        });
        const unmanaged = sim.createVpcEndpoint(region, { subnetIds: [subnetIds[1]], securityGroupIds: [...securityGroupIds] });
        const first = sim.createNetworkInterface(region, { subnetId: subnetIds[0], securityGroupIds: [securityGroupIds[0]] });
        const second = sim.createNetworkInterface(region, { subnetId: subnetIds[1], securityGroupIds: [...securityGroupIds] });
        return {
          vpcId,
          subnetIds,
          securityGroupIds,
          managedEndpointIds: [managed.vpcEndpointId],
          unmanagedEndpointIds: [unmanaged.vpcEndpointId],
          interfacesInFirstSubnet: [...managed.networkInterfaceIds, first.networkInterfaceId],
          interfacesInSecondSubnet: [...unmanaged.networkInterfaceIds, second.networkInterfaceId],
        };
      },
      async teardown() {
        // Nothing outlives the test: the world and its clock are garbage once unreferenced.
      },
    };
  },
});
