/** The `serviceUnavailable` fault kind: each service's 503-style error, coded Unavailable and retryable. */
import { REGION, rejection, simulator } from './support';

describe('serviceUnavailable faults', () => {
  it("raises MWAA ServiceUnavailableException 503, IAM ServiceFailure 500 and EC2 Unavailable 503, all retryable", async () => {
    const sim = simulator({
      faults: [
        { operation: 'mwaa.getEnvironment', kind: 'serviceUnavailable', rate: 1 },
        { operation: 'iam.getRole', kind: 'serviceUnavailable', rate: 1 },
        { operation: 'ec2.listNetworkInterfaces', kind: 'serviceUnavailable', rate: 1 },
      ],
    });
    const ports = sim.ports();
    const cases = [
      [ports.mwaa.getEnvironment(REGION, 'x'), 'ServiceUnavailableException', 'ServiceUnavailableException', 503],
      [ports.serviceLinkedRole.getRole(), 'ServiceFailure', 'ServiceFailureException', 500],
      [ports.network.listNetworkInterfaces(REGION, {}), 'Unavailable', 'Unavailable', 503],
    ] as const;
    for (const [call, awsName, sdkName, status] of cases) {
      const error = await rejection(call);
      expect(error).toMatchObject({ code: 'Unavailable', retryable: true, awsName });
      expect(error.cause).toMatchObject({ name: sdkName, $fault: 'server', $metadata: { httpStatusCode: status } });
    }
    expect(sim.calls().map((c) => c.outcome)).toEqual(['Unavailable', 'Unavailable', 'Unavailable']);
  });
});
