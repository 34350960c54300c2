/**
 * A throttled request waits at least as long as the service asked (`Retry-After`), and never
 * longer than the cap: the machines read the hint the adapters pass on.
 */
import { AwsError, AwsErrorCode } from '../../adapters/errors';
import { MAX_RETRY_HINT_MS, retryDelay } from '../../machines/polling';
import { runMachine } from '../../machines/run';
import { newWorld, specFor } from '../support/world';

describe('retry hints', () => {
  it('waits the longer of the backoff and the hint, up to the cap', () => {
    expect(retryDelay(2_000, null)).toBe(2_000);
    expect(retryDelay(2_000, { retryAfterMs: 9_000 })).toBe(9_000);
    expect(retryDelay(20_000, { retryAfterMs: 9_000 })).toBe(20_000);
    expect(retryDelay(2_000, { retryAfterMs: 24 * 3600_000 })).toBe(MAX_RETRY_HINT_MS);
  });

  it('keeps the hint through serialization, so a restored machine still honours it', () => {
    const error = new AwsError({ code: AwsErrorCode.Throttled, message: 'Rate exceeded', service: 'mwaa', operation: 'createEnvironment', retryAfterMs: 4_000 });
    expect(error.toJSON()).toMatchObject({ retryable: true, retryAfterMs: 4_000 });
    expect(new AwsError({ code: AwsErrorCode.Throttled, message: 'x', service: 'mwaa', operation: 'x', retryAfterMs: Number.NaN }).retryAfterMs).toBeUndefined();
  });

  it('retries a throttled CreateEnvironment no sooner than the service asked', async () => {
    // One create per 100 virtual seconds: the second environment's request is refused with a 100 s hint.
    const { sim, bound } = newWorld({ rateLimits: { 'mwaa.createEnvironment': { perSecond: 0.01, burst: 1 } } });
    const outcomes = await sim.clock.run(
      Promise.all(['alpha', 'beta'].map((name) => runMachine(bound.environment, { operation: 'create', region: 'eu-west-1', spec: specFor(name) }))),
    );
    expect(outcomes.map((o) => o.result)).toEqual(['available', 'available']);
    const creates = sim.calls().filter((c) => c.operation === 'mwaa.createEnvironment');
    const throttled = creates.filter((c) => c.outcome === AwsErrorCode.Throttled);
    expect(throttled.length).toBeGreaterThan(0);
    for (const refused of throttled) {
      const next = creates.find((c) => c.target === refused.target && c.startedAt > refused.at);
      expect(next).toBeDefined();
      expect(next!.startedAt - refused.at).toBeGreaterThanOrEqual(90_000);
    }
  });
});
