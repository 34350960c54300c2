/**
 * The polling policy derived from duration distributions: near the optimum at its own mean lag,
 * learnable from past runs, tuned by a lag target, and never polling a phase twice for one
 * scheduled poll.
 */
import { DEFAULT_DURATION_DISTRIBUTIONS, distributionPolicy, pollTimes, type PollPhase, type PollPolicy } from '../../machines/polling';
import { optimumAtLag, scheduleCost, toGrid, type DurationDistribution } from '../../machines/pollSchedule';

/** Calls and mean lag of `policy` in `phase` against `distribution`, averaged over a few resources' jitter. */
function priced(policy: PollPolicy, phase: PollPhase, distribution: DurationDistribution): { calls: number; meanLagMs: number } {
  const grid = toGrid(distribution);
  const endMs = (grid.mass.length - 1) * grid.stepMs;
  const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
  const costs = keys.map((key) => scheduleCost(grid, pollTimes(policy, phase, endMs, key)));
  return { calls: costs.reduce((a, c) => a + c.calls, 0) / keys.length, meanLagMs: costs.reduce((a, c) => a + c.meanLagMs, 0) / keys.length };
}

describe('distributionPolicy', () => {
  const policy = distributionPolicy();

  it.each(['create', 'update', 'delete', 'cleanup'] as const)(
    'spends at most 1.1x the optimal polls at its own mean lag on the default %s distribution (under the same gap bound)',
    (phase) => {
      const distribution = DEFAULT_DURATION_DISTRIBUTIONS[phase]!;
      const cost = priced(policy, phase, distribution);
      const optimum = optimumAtLag(toGrid(distribution), cost.meanLagMs, phase === 'create' ? 60_000 : null);
      expect(cost.calls).toBeLessThanOrEqual(1.1 * optimum.calls);
    },
  );

  it('trades polls for lag as its lag target says', () => {
    const tight = priced(distributionPolicy({ lagTargetMs: 5_000 }), 'update', DEFAULT_DURATION_DISTRIBUTIONS.update!);
    const loose = priced(distributionPolicy({ lagTargetMs: 60_000 }), 'update', DEFAULT_DURATION_DISTRIBUTIONS.update!);
    expect(tight.meanLagMs).toBeLessThan(loose.meanLagMs);
    expect(tight.calls).toBeGreaterThan(2 * loose.calls);
    expect(tight.meanLagMs).toBeLessThanOrEqual(5_500);
  });

  it('learns from past runs: creates that took 5-6 minutes are first polled within that span, not at minute 20', () => {
    const samplesMs = [300_000, 320_000, 335_000, 350_000, 360_000];
    const learned = distributionPolicy({ distributions: { create: { samplesMs } }, failureNoticeMs: { create: null } });
    const times = pollTimes(learned, 'create', 400_000);
    expect(times[0]).toBeGreaterThan(270_000);
    expect(times[0]).toBeLessThan(380_000);
    expect(times.length).toBeLessThan(12);
  });

  it('drops the minute bound on a create when asked, and then polls before minute 20 only once', () => {
    const sparse = distributionPolicy({ failureNoticeMs: { create: null } });
    expect(pollTimes(sparse, 'create', 20 * 60_000).filter((t) => t < 20 * 60_000).length).toBeLessThanOrEqual(1);
  });

  it('makes one poll per scheduled poll, whatever its jitter (a poll that came early is not repeated)', () => {
    const scheduled = pollTimes(distributionPolicy({ jitter: 0 }), 'create', 40 * 60_000).length;
    for (const key of ['x', 'y', 'z', 'w']) expect(pollTimes(distributionPolicy({ jitter: 0.2 }), 'create', 40 * 60_000, key)).toHaveLength(scheduled);
  });

  it('leaves the phases it has no distribution for to its fallback', () => {
    const fallback: PollPolicy = () => 12_345;
    expect(distributionPolicy({ fallback })({ phase: 'awaitIdle', attempt: 0, elapsedMs: 0, random: 0.5 })).toBe(12_345);
  });

  it('refuses a lag target or a failure-notice bound it cannot meet when it is built, not inside a running wait', () => {
    expect(() => distributionPolicy({ lagTargetMs: -1 })).toThrow(RangeError);
    expect(() => distributionPolicy({ failureNoticeMs: { create: 10 } })).toThrow(RangeError);
    expect(() => distributionPolicy({ jitter: 1 })).toThrow(RangeError);
    expect(() => distributionPolicy({ distributions: { delete: { minMs: 600_000, maxMs: 60_000 } } })).toThrow(RangeError);
    expect(() => distributionPolicy({ distributions: { delete: { samplesMs: [] } } })).toThrow(RangeError);
  });
});
