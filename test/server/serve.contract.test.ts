/**
 * The port contract through `serve`: the REAL AWS SDK adapter (`createAwsPorts` with endpoints)
 * against the endpoint started in-process on a random port, for MWAA, IAM and EC2. The adapter's
 * serializers, the client-mwaa 3.523.0 new-fields middleware and the SDK's error parsing all meet
 * the simulator through the real wire protocols, so any disagreement between the two
 * implementations of the ports shows up here.
 */
import { SERVICE_LINKED_ROLE } from '../../adapters/port';
import type { ContractContext, NetworkSeed } from '../contract/portContract';
import { describePortContract } from '../contract/portContract';
import { startSimulatorWire, waitInVirtualTime, wireSpec, type SimulatorWire } from '../wire/simulatorWire';

let wire: SimulatorWire;

beforeAll(async () => {
  wire = await startSimulatorWire();
});
afterAll(async () => {
  await wire?.close();
});

async function setup(): Promise<ContractContext> {
  const sim = wire.reset();
  const aws = wire.adapter();
  return {
    ports: aws,
    regions: ['eu-west-1', 'us-east-1'],
    validSpec: wireSpec,
    waitFor: (probe, done, timeoutMs) => waitInVirtualTime(sim, probe, done, timeoutMs),
    // The seed is made in the simulator directly; everything the contract checks is read over the wire.
    async seedNetwork(region): Promise<NetworkSeed> {
      const vpcId = 'vpc-0served';
      const subnetIds: [string, string] = ['subnet-0first', 'subnet-0second'];
      const securityGroupIds: [string, string] = ['sg-0zero', 'sg-0one'];
      sim.registerSubnets(vpcId, subnetIds);
      const managed = sim.createVpcEndpoint(region, { subnetIds: [subnetIds[0]], securityGroupIds: [securityGroupIds[0]], tags: { [SERVICE_LINKED_ROLE.managedTagKey]: 'true' } });
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
      aws.destroy();
    },
  };
}

describePortContract({
  name: 'AWS SDK adapter against mwaa-lifecycle serve',
  setup,
  supports: { mwaa: true, iam: true, network: true },
});
