import { optimalSchedule, optimumAtLag, scheduleCost, toGrid } from '../../machines/pollSchedule';

describe('toGrid', () => {
  it('spreads a range evenly, and a sum of ranges as their convolution', () => {
    const uniform = toGrid({ minMs: 10_000, maxMs: 20_000 });
    expect(uniform.mass.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(uniform.mass[15]).toBeCloseTo(0.1, 12);
    expect(uniform.mass[10]).toBe(0);
    const sum = toGrid({ sumOf: [{ minMs: 0, maxMs: 10_000 }, { minMs: 0, maxMs: 10_000 }] });
    expect(sum.mass.indexOf(Math.max(...sum.mass))).toBe(11);
  });

  it('smooths observed durations instead of trusting each one to the second', () => {
    const grid = toGrid({ samplesMs: [60_000, 60_000, 60_000] });
    expect(grid.mass.filter((m) => m > 0).length).toBeGreaterThan(5);
  });
});

describe('scheduleCost', () => {
  it('counts the polls until the one that sees the end, and how late that one is', () => {
    const grid = toGrid({ minMs: 0, maxMs: 600_000 });
    const every60 = Array.from({ length: 10 }, (_, i) => (i + 1) * 60_000);
    const cost = scheduleCost(grid, every60);
    expect(cost.calls).toBeCloseTo(5.5, 6);
    expect(cost.meanLagMs).toBeCloseTo(29_500, 6);
    expect(cost.p95LagMs).toBe(56_000);
  });
});

describe('optimalSchedule', () => {
  it('polls a known duration exactly once, at its end', () => {
    expect(optimalSchedule(toGrid({ minMs: 90_000, maxMs: 90_000 }), 0.01).timesMs).toEqual([90_000]);
  });

  it('keeps every gap within the bound it is given', () => {
    const { timesMs } = optimalSchedule(toGrid({ minMs: 1_200_000, maxMs: 2_100_000 }), 0.05, 60_000);
    const gaps = timesMs.map((t, i) => t - (timesMs[i - 1] ?? 0));
    expect(Math.max(...gaps)).toBeLessThanOrEqual(60_000);
  });
});

describe('optimumAtLag', () => {
  it('beats a fixed interval at that interval own lag on a bounded duration, where closing in on the end pays', () => {
    expect(optimumAtLag(toGrid({ minMs: 0, maxMs: 600_000 }), 29_500).calls).toBeLessThan(5.5);
  });

  it('needs fewer polls for more lag', () => {
    const grid = toGrid({ minMs: 600_000, maxMs: 1_800_000 });
    expect(optimumAtLag(grid, 30_000).calls).toBeLessThan(optimumAtLag(grid, 10_000).calls);
  });
});
