import {
  EXPECTED_DURATIONS,
  backoffDelay,
  expectedDurationPolicy,
  fixedIntervalPolicy,
  nextPollAt,
  pollTimes,
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
  const create = (untilMs: number, key = 'env'): number[] => pollTimes(expectedDurationPolicy, 'create', untilMs, key);
  const gaps = (times: number[]): number[] => times.map((t, i) => t - (times[i - 1] ?? 0));

  it('polls a create at least once a minute from its first second to two hours, so a CREATE_FAILED at any moment is seen within a minute', () => {
    for (const key of ['alpha', 'beta', 'gamma']) {
      for (const gap of gaps(create(120 * 60_000, key))) expect(gap).toBeLessThanOrEqual(60_000);
    }
  });

  it('polls a 20-35 minute create no more than once a minute before minute 20', () => {
    const before20 = create(20 * 60_000).filter((t) => t < 20 * 60_000);
    expect(before20.length).toBeLessThanOrEqual(20);
  });

  it('polls closer together as the end of a 20-35 minute create becomes likelier', () => {
    const window = create(35 * 60_000, 'env').filter((t) => t > 21 * 60_000 && t <= 35 * 60_000);
    const spacing = gaps(window).slice(1);
    expect(spacing[0]).toBeGreaterThan(2 * spacing.at(-1)!);
    for (const gap of spacing) expect(gap).toBeGreaterThanOrEqual(2_000);
  });

  it('costs at most fifty polls for a 35-minute create, the longest the default distribution allows', () => {
    expect(create(EXPECTED_DURATIONS.create.maxMs).length).toBeLessThanOrEqual(50);
  });

  it('waits for a deletion: its first poll comes after the 10-minute minimum, then at most a few dozen', () => {
    const times = pollTimes(expectedDurationPolicy, 'delete', EXPECTED_DURATIONS.delete.maxMs);
    expect(times[0]).toBeGreaterThanOrEqual(EXPECTED_DURATIONS.delete.minMs);
    expect(times.length).toBeLessThanOrEqual(36);
  });

  it('keeps polling past the expected end, at a pace that follows the time already spent', () => {
    const times = pollTimes(expectedDurationPolicy, 'delete', 90 * 60_000);
    const late = gaps(times).slice(-3);
    for (const gap of late) {
      expect(gap).toBeGreaterThanOrEqual(60_000);
      // Five minutes, plus the jitter that may bring the poll before it early.
      expect(gap).toBeLessThanOrEqual(1.05 * 5 * 60_000);
    }
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
