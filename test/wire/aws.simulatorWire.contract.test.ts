/**
 * The port contract, run with the REAL AWS SDK adapter against the simulator behind HTTP fronts
 * that speak the real wire protocols. So the adapter's serializers, the client-mwaa 3.523.0
 * new-fields middleware and the SDK's error parsing and mapping all meet the simulator, and any
 * disagreement between the two implementations of the ports shows up here.
 */
import type { ContractContext } from '../contract/portContract';
import { describePortContract } from '../contract/portContract';
import { startSimulatorWire, waitInVirtualTime, wireSpec, type SimulatorWire } from './simulatorWire';

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
    async teardown() {
      aws.destroy();
    },
  };
}

describePortContract({
  name: 'AWS SDK adapter on the simulator over HTTP',
  setup,
  supports: { mwaa: true, iam: true, network: false },
  notes: [
    'network: the EC2 half of the adapter is already held to the contract against moto_server (test/integration/aws.contract.test.ts)',
  ],
});
