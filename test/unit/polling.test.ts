import {
  EXPECTED_DURATIONS,
  backoffDelay,
  expectedDurationPolicy,
  fixedIntervalPolicy,
  nextPollAt,
  stableRandom,
} from '../../machines/polling';

describe('backoffDelay', () => {
  it('grows exponentially up to the cap, with full jitter', () => {
    expect(backoffDelay(0, 0.999, { baseMs: 1000, capMs: 20_000 })).toBe(999);
    expect(backoffDelay(3, 0.999, { baseMs: 1000, capMs: 20_000 })).toBe(7992);
    expect(backoffDelay(10, 0.999, { baseMs: 1000, capMs: 20_000 })).toBe(19_980);
    expect(backoffDelay(10, 0, { baseMs: 1000, capMs: 20_000 })).toBe(0);
  });

  it('never goes below the floor', () => {
    expect(backoffDelay(0, 0, { baseMs: 1000, capMs: 20_000, floorMs: 500 })).toBe(500);
  });
});

describe('expectedDurationPolicy', () => {
  const pollTimes = (phase: 'create' | 'delete', untilMs: number): number[] => {
    const times: number[] = [];
    let now = 0;
    for (let attempt = 0; now < untilMs; attempt++) {
      now = nextPollAt(expectedDurationPolicy, { phase, attempt, phaseStartedAt: 0, now, key: 'env', deadline: null });
      times.push(now);
    }
    return times;
  };

  it('polls a 20-35 minute create only a few times before minute 20', () => {
    const before20 = pollTimes('create', 20 * 60_000).filter((t) => t < 20 * 60_000);
    expect(before20.length).toBeLessThanOrEqual(8);
    expect(before20[0]).toBe(10 * 60_000);
  });

  it('polls steadily every 15 to 60 seconds once the expected minimum has passed', () => {
    const times = pollTimes('create', 40 * 60_000).filter((t) => t > 21 * 60_000);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(15_000);
      expect(gap).toBeLessThanOrEqual(60_000);
    }
  });

  it('costs at most a few dozen polls for a 35-minute create', () => {
    expect(pollTimes('create', EXPECTED_DURATIONS.create.maxMs).length).toBeLessThan(40);
  });
});

describe('nextPollAt', () => {
  it('never schedules past the deadline', () => {
    expect(nextPollAt(fixedIntervalPolicy(60_000), { phase: 'create', attempt: 0, phaseStartedAt: 0, now: 0, key: 'k', deadline: 1000 })).toBe(1000);
  });

  it('gives the same wake-up time for the same request, so a restored wait keeps its deadline', () => {
    const request = { phase: 'delete' as const, attempt: 4, phaseStartedAt: 1_000, now: 900_000, key: 'eu-west-1/a/delete', deadline: null };
    expect(nextPollAt(expectedDurationPolicy, request)).toBe(nextPollAt(expectedDurationPolicy, { ...request }));
  });
});

describe('stableRandom', () => {
  it('is deterministic, in [0, 1), and differs between keys', () => {
    const a = stableRandom('a', 1);
    expect(stableRandom('a', 1)).toBe(a);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(1);
    expect(stableRandom('b', 1)).not.toBe(a);
  });
});
