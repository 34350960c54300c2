/**
 * A scaled clock runs faster than the clock under it: time reads and timers agree, so a run can
 * keep pace with an endpoint whose world runs at `serve --speed`.
 */
import { scaledClock } from '../../domain/clock';
import { VirtualClock } from '../../domain/virtualClock';

describe('scaledClock', () => {
  it('moves FACTOR ms per ms of its base, and fires timers after ms / FACTOR of it', async () => {
    const base = new VirtualClock({ start: 1_000_000 });
    const fast = scaledClock(60, base);
    expect(fast.now()).toBe(1_000_000);
    const fired: number[] = [];
    fast.setTimeout(() => fired.push(fast.now()), 60_000);
    await base.advance(999);
    expect(fired).toEqual([]);
    await base.advance(1);
    expect(fired).toEqual([1_060_000]);
  });

  it('cancels its timers and refuses a speed that is not positive', async () => {
    const base = new VirtualClock({ start: 0 });
    const fast = scaledClock(10, base);
    let fired = false;
    const handle = fast.setTimeout(() => (fired = true), 100);
    fast.clearTimeout(handle);
    await base.advance(1_000);
    expect(fired).toBe(false);
    expect(() => scaledClock(0)).toThrow(/positive/);
    expect(() => scaledClock(Number.NaN)).toThrow(/positive/);
  });
});
