/** Shared fixtures of the simulator tests. */
import { AwsError } from '../../adapters/errors';
import type { EnvironmentSpec, EnvironmentStatus } from '../../adapters/port';
import { SimulatedAws, type SimulatorOptions } from '../../adapters/simulator';

/** The region most tests work in. */
export const REGION = 'eu-west-1';
/** A second region, for cross-region behaviour. */
export const OTHER_REGION = 'us-east-1';
/** One virtual minute in ms. */
export const MINUTE = 60_000;
/** One virtual hour in ms. */
export const HOUR = 60 * MINUTE;

/** A valid spec for `name`. */
export function spec(name: string, overrides: Partial<EnvironmentSpec> = {}): EnvironmentSpec {
  return {
    name,
    executionRoleArn: 'arn:aws:iam::123456789012:role/mwaa-execution',
    sourceBucketArn: 'arn:aws:s3:::dags-bucket',
    dagS3Path: 'dags',
    networkConfiguration: { subnetIds: ['subnet-0aaa111', 'subnet-0bbb222'], securityGroupIds: ['sg-0ccc333'] },
    ...overrides,
  };
}

/** A simulator with a fixed seed (7) and default timings unless overridden. */
export function simulator(options: SimulatorOptions = {}): SimulatedAws {
  return new SimulatedAws({ seed: 7, ...options });
}

/** The AwsError a call rejects with (fails the test otherwise). */
export async function rejection(work: Promise<unknown>): Promise<AwsError> {
  try {
    await work;
  } catch (e) {
    if (e instanceof AwsError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

/** The statuses an environment went through, from the world events. */
export function statusPath(sim: SimulatedAws, name: string, region = REGION): string[] {
  return sim
    .events()
    .filter((e) => e.kind === 'environment.status' && e.name === name && e.region === region)
    .map((e) => e.status ?? '?');
}

/** The environment's status now, or `null` when it is gone. */
export async function statusOf(sim: SimulatedAws, name: string, region = REGION): Promise<EnvironmentStatus | null> {
  return (await sim.ports().mwaa.getEnvironment(region, name))?.status ?? null;
}

/** Advances virtual time until the environment reaches one of `statuses` (or is gone, for `null`). */
export async function advanceUntil(
  sim: SimulatedAws,
  name: string,
  statuses: Array<EnvironmentStatus | null>,
  region = REGION,
  maxMs = 100 * HOUR,
): Promise<EnvironmentStatus | null> {
  const deadline = sim.clock.now() + maxMs;
  for (;;) {
    const status = await statusOf(sim, name, region);
    if (statuses.includes(status)) return status;
    const next = sim.clock.nextTimerAt();
    if (next === null || next > deadline) throw new Error(`${name} stayed ${status}; nothing scheduled that could change it`);
    await sim.clock.advanceTo(next);
  }
}
