/**
 * A failed poll is retried after a short backoff, not after the phase's cadence: a throttled
 * GetEnvironment before DeleteEnvironment no longer holds the deletion for minutes, and an
 * environment busy before its deletion is watched as for idle.
 */
import { nextPollAt, expectedDurationPolicy, type PollRequest } from '../../machines/polling';
import { runMachine } from '../../machines/run';
import { newWorld, specFor } from '../support/world';

const base: PollRequest = { phase: 'delete', attempt: 0, phaseStartedAt: 0, now: 0, key: 'k', deadline: null };

describe('polls after a failure', () => {
  it('retries within seconds at the start of a long phase, and no sooner than the service asked', () => {
    expect(nextPollAt(expectedDurationPolicy, base)).toBeGreaterThanOrEqual(5 * 60_000);
    expect(nextPollAt(expectedDurationPolicy, { ...base, failed: {} })).toBeLessThanOrEqual(2_000);
    expect(nextPollAt(expectedDurationPolicy, { ...base, failed: { retryAfterMs: 9_000 } })).toBe(9_000);
    // Never sooner than the policy would have polled anyway, never a hot loop.
    expect(nextPollAt(expectedDurationPolicy, { ...base, attempt: 12, failed: {} })).toBeGreaterThanOrEqual(1_000);
  });

  it('does not hold a deletion for minutes when the first GetEnvironment is throttled', async () => {
    const w = newWorld();
    await w.clock.run(runMachine(w.bound.environment, { operation: 'create', region: 'eu-west-1', spec: specFor('alpha') }));
    w.sim.failNext({ operation: 'mwaa.getEnvironment', awsName: 'ThrottlingException', message: 'Rate exceeded', httpStatus: 429 });
    const started = w.clock.now();
    const deleted = w.clock.run(runMachine(w.bound.environment, { operation: 'delete', region: 'eu-west-1', name: 'alpha' }));
    await deleted;
    const request = w.callsTo('mwaa.deleteEnvironment')[0];
    expect(request).toBeDefined();
    expect(request!.startedAt - started).toBeLessThan(30_000);
  });
});
