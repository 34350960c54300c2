import type { AwsError } from '../../adapters/errors';
import type { WireError } from '../../adapters/simulator';
import { OTHER_REGION, REGION, rejection, simulator } from './support';

const SECOND = 1000;

/** The wire-shaped cause every simulated error carries. */
const wire = (error: AwsError): WireError => error.cause as WireError;

/** Makes `count` GetEnvironment calls at once; how many were throttled. */
async function burst(sim: ReturnType<typeof simulator>, count: number, region = REGION): Promise<AwsError[]> {
  const outcomes = await Promise.allSettled(Array.from({ length: count }, () => sim.ports().mwaa.getEnvironment(region, 'x')));
  return outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as AwsError] : []));
}

describe('simulated rate limits (token buckets on the virtual clock)', () => {
  it('throttles nothing when no rate limit is set, however fast the calls come', async () => {
    const sim = simulator();
    await expect(burst(sim, 200)).resolves.toEqual([]);
  });

  it('throttles the calls of a burst beyond the bucket, with MWAA ThrottlingException 429 and a retry hint', async () => {
    const sim = simulator({ rateLimits: { 'mwaa.getEnvironment': { perSecond: 2, burst: 5 } } });
    const throttled = await burst(sim, 8);
    expect(throttled).toHaveLength(3);
    const [first] = throttled;
    expect(first).toMatchObject({ code: 'Throttled', retryable: true, awsName: 'ThrottlingException', message: 'Rate exceeded' });
    expect(wire(first!)).toMatchObject({ name: 'ThrottlingException', $metadata: { httpStatusCode: 429 }, retryAfterMs: 500 });
    expect(sim.calls().map((c) => c.outcome)).toEqual([...Array<string>(5).fill('ok'), ...Array<string>(3).fill('Throttled')]);
  });

  it('admits calls spaced at the configured rate, indefinitely', async () => {
    const sim = simulator({ rateLimits: { 'mwaa.getEnvironment': { perSecond: 4, burst: 1 } } });
    for (let i = 0; i < 40; i++) {
      await expect(sim.ports().mwaa.getEnvironment(REGION, 'x')).resolves.toBeNull();
      await sim.clock.advance(SECOND / 4);
    }
    expect(sim.calls().every((c) => c.outcome === 'ok')).toBe(true);
  });

  it('refills an empty bucket with virtual time, up to its burst and no further', async () => {
    const sim = simulator({ rateLimits: { 'mwaa.getEnvironment': { perSecond: 1, burst: 4 } } });
    expect(await burst(sim, 4)).toHaveLength(0);
    const empty = await rejection(sim.ports().mwaa.getEnvironment(REGION, 'x'));
    expect(wire(empty).retryAfterMs).toBe(SECOND);
    await sim.clock.advance(SECOND - 1);
    await expect(rejection(sim.ports().mwaa.getEnvironment(REGION, 'x'))).resolves.toHaveProperty('code', 'Throttled');
    await sim.clock.advance(1);
    await expect(sim.ports().mwaa.getEnvironment(REGION, 'x')).resolves.toBeNull();
    // An hour idle refills the bucket to its burst, not to 3600 tokens.
    await sim.clock.advance(3600 * SECOND);
    expect(await burst(sim, 6)).toHaveLength(2);
  });

  it('keeps one bucket per account, operation and region, with "*" as the limit of every other operation', async () => {
    const sim = simulator({ rateLimits: { '*': { perSecond: 1, burst: 2 }, 'mwaa.listEnvironments': { perSecond: 1, burst: 5 } } });
    expect(await burst(sim, 3)).toHaveLength(1);
    // Another region, another account and another operation each start with a full bucket of their own.
    expect(await burst(sim, 2, OTHER_REGION)).toHaveLength(0);
    await expect(sim.ports('210987654321').mwaa.getEnvironment(REGION, 'x')).resolves.toBeNull();
    await expect(Promise.all([1, 2].map(() => sim.ports().network.listNetworkInterfaces(REGION, {})))).resolves.toHaveLength(2);
    const listed = await Promise.allSettled(Array.from({ length: 6 }, () => sim.ports().mwaa.listEnvironments(REGION)));
    expect(listed.filter((o) => o.status === 'rejected')).toHaveLength(1);
  });

  it("answers with IAM's Throttling 400 and EC2's RequestLimitExceeded 503, both retryable, IAM's bucket being global", async () => {
    const sim = simulator({ rateLimits: { 'iam.getRole': { perSecond: 1, burst: 1 }, 'ec2.listManagedVpcEndpoints': { perSecond: 1, burst: 1 } } });
    const ports = sim.ports();
    await ports.serviceLinkedRole.getRole();
    const iam = await rejection(ports.serviceLinkedRole.getRole());
    expect(iam).toMatchObject({ code: 'Throttled', retryable: true, awsName: 'Throttling' });
    expect(wire(iam)).toMatchObject({ name: 'Throttling', Code: 'Throttling', $fault: 'client', $metadata: { httpStatusCode: 400 }, retryAfterMs: SECOND });
    await ports.network.listManagedVpcEndpoints(REGION);
    const ec2 = await rejection(ports.network.listManagedVpcEndpoints(REGION));
    expect(ec2).toMatchObject({ code: 'Throttled', retryable: true, awsName: 'RequestLimitExceeded' });
    expect(wire(ec2)).toMatchObject({ Code: 'RequestLimitExceeded', $metadata: { httpStatusCode: 503 } });
    expect(sim.calls().filter((c) => c.operation === 'iam.getRole').map((c) => c.outcome)).toEqual(['ok', 'Throttled']);
  });

  it('throttles before a scripted failure, which then waits for the next admitted call', async () => {
    const sim = simulator({ rateLimits: { 'mwaa.getEnvironment': { perSecond: 1, burst: 1 } } });
    await sim.ports().mwaa.getEnvironment(REGION, 'x');
    sim.failNext({ operation: 'mwaa.getEnvironment', awsName: 'AccessDeniedException', message: 'denied' });
    await expect(rejection(sim.ports().mwaa.getEnvironment(REGION, 'x'))).resolves.toHaveProperty('code', 'Throttled');
    await sim.clock.advance(SECOND);
    await expect(rejection(sim.ports().mwaa.getEnvironment(REGION, 'x'))).resolves.toHaveProperty('code', 'AccessDenied');
  });

  it('refuses a limit that could never admit a call', () => {
    expect(() => simulator({ rateLimits: { '*': { perSecond: 0, burst: 1 } } })).toThrow(RangeError);
    expect(() => simulator({ rateLimits: { 'iam.getRole': { perSecond: 1, burst: 0.5 } } })).toThrow(RangeError);
  });
});
