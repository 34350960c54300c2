import { VirtualClock } from '../../domain/virtualClock';

/** A small deterministic PRNG, so a failure can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('VirtualClock with many pending timers', () => {
  it('fires 30,000 timers by due time, ties in the order they were set, and skips cancelled ones', async () => {
    const clock = new VirtualClock({ start: 0 });
    const random = prng(42);
    const fired: Array<{ at: number; order: number; now: number }> = [];
    const handles: unknown[] = [];
    const dueAt: number[] = [];
    for (let order = 0; order < 30_000; order++) {
      // Few distinct due times, so many timers share one and their FIFO order is exercised.
      const at = Math.floor(random() * 500) * 1000;
      dueAt.push(at);
      handles.push(clock.setTimeout(() => fired.push({ at, order, now: clock.now() }), at));
    }
    expect(clock.pendingTimers()).toBe(30_000);
    const cancelled = new Set<number>();
    for (let order = 0; order < 30_000; order += 3) {
      clock.clearTimeout(handles[order]);
      cancelled.add(order);
    }
    // Cancelling twice, or a handle nobody issued, changes nothing.
    clock.clearTimeout(handles[0]);
    clock.clearTimeout(123_456_789);
    clock.clearTimeout('not a handle');
    expect(clock.pendingTimers()).toBe(20_000);
    expect(clock.nextTimerAt()).toBe(Math.min(...dueAt.filter((_, i) => !cancelled.has(i))));

    await clock.advance(600_000);

    const expected = dueAt
      .map((at, order) => ({ at, order }))
      .filter(({ order }) => !cancelled.has(order))
      .sort((a, b) => a.at - b.at || a.order - b.order);
    expect(fired.map(({ at, order }) => ({ at, order }))).toEqual(expected);
    expect(fired.every((f) => f.now === f.at)).toBe(true);
    expect(clock.pendingTimers()).toBe(0);
    expect(clock.nextTimerAt()).toBeNull();
  });

  it('keeps order when timers are set and cancelled while others fire', async () => {
    const clock = new VirtualClock({ start: 0 });
    const random = prng(7);
    const fired: number[] = [];
    const live = new Map<number, unknown>();
    let next = 0;
    const schedule = (): void => {
      const id = next++;
      const delay = Math.floor(random() * 50) * 100;
      live.set(
        id,
        clock.setTimeout(() => {
          live.delete(id);
          fired.push(clock.now());
          // Each firing sets up to two more and cancels one at random, as environments do.
          if (next < 30_000) schedule();
          if (next < 30_000 && random() < 0.5) schedule();
          if (random() < 0.3) {
            const victim = [...live.keys()][Math.floor(random() * live.size)];
            if (victim !== undefined) {
              clock.clearTimeout(live.get(victim));
              live.delete(victim);
            }
          }
        }, delay),
      );
    };
    for (let i = 0; i < 2_000; i++) schedule();
    await clock.run(
      new Promise<void>((resolve) => {
        const check = (): void => {
          if (clock.pendingTimers() === 0) resolve();
          else clock.setTimeout(check, 60_000);
        };
        clock.setTimeout(check, 60_000);
      }),
      { maxMs: 365 * 24 * 3600_000 },
    );
    expect(fired.length).toBeGreaterThan(2_000);
    expect(fired.every((at, i) => i === 0 || at >= (fired[i - 1] as number))).toBe(true);
    expect(live.size).toBe(0);
  });
});
