/**
 * The virtual clock as it was before its timer heap, kept only as the benchmark's reference: it
 * finds the next timer by looking at every pending one, so a step costs O(pending timers).
 */
import type { Clock, TimerHandle } from '../domain/clock';
import { flushPromises } from '../domain/virtualClock';

interface ScanTimer {
  id: number;
  at: number;
  seq: number;
  fn: () => void;
}

/** A virtual clock that scans every pending timer at each step. */
export class ScanClock implements Clock {
  private current = 0;
  private nextId = 1;
  private seq = 0;
  private readonly timers = new Map<number, ScanTimer>();

  /** Current virtual time. */
  now(): number {
    return this.current;
  }

  /** Schedules `fn` at now + `ms`. */
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { id, at: this.current + Math.max(0, ms), seq: this.seq++, fn });
    return id;
  }

  /** Cancels a timer. */
  clearTimeout(handle: TimerHandle): void {
    if (typeof handle === 'number') this.timers.delete(handle);
  }

  /** Moves time forward by `ms`, firing every timer due on the way. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    await flushPromises();
    for (;;) {
      let best: ScanTimer | undefined;
      for (const t of this.timers.values()) if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
      if (!best || best.at > target) break;
      this.timers.delete(best.id);
      this.current = best.at;
      best.fn();
      await flushPromises();
    }
    this.current = target;
    await flushPromises();
  }
}
