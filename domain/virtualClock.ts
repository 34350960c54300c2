/**
 * A discrete-event clock: time only moves when a test or runner moves it, and moving it costs
 * one step per scheduled timer, not per virtual millisecond. Pending timers wait in a heap, so a
 * step costs O(log n) however many timers are pending (thousands of environments on one clock).
 */
import type { Clock, TimerHandle } from './clock';
import { TimerHeap, type HeapTimer } from './timerHeap';

/** Options for {@link VirtualClock}. */
export interface VirtualClockOptions {
  /** Virtual start time in ms since the epoch. Default 2026-01-01T00:00:00Z. */
  start?: number;
}

/** Lets pending promise callbacks run: one macrotask turn drains every queued microtask. */
export function flushPromises(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Thrown by {@link VirtualClock.run} when nothing is scheduled and the awaited work can never finish. */
export class VirtualDeadlockError extends Error {
  override readonly name = 'VirtualDeadlockError';
}

/**
 * A virtual clock shared by the simulator and the machines.
 *
 * @example
 * const clock = new VirtualClock();
 * const done = someLongLifecycle(clock);
 * await clock.run(done); // jumps from timer to timer until `done` settles
 */
export class VirtualClock implements Clock {
  private current: number;
  private nextId = 1;
  private seq = 0;
  /** Live timers by handle, for cancelling and counting. */
  private readonly timers = new Map<number, HeapTimer>();
  private readonly queue = new TimerHeap();

  constructor(options: VirtualClockOptions = {}) {
    this.current = options.start ?? Date.UTC(2026, 0, 1);
  }

  /** Current virtual time in ms since the epoch. */
  now(): number {
    return this.current;
  }

  /** Schedules `fn` at now + `ms` virtual milliseconds. */
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    const timer: HeapTimer = { id, at: this.current + delay, seq: this.seq++, fn, done: false };
    this.timers.set(id, timer);
    this.queue.push(timer);
    return id;
  }

  /** Cancels a timer; unknown handles are ignored. */
  clearTimeout(handle: TimerHandle): void {
    if (typeof handle !== 'number') return;
    const timer = this.timers.get(handle);
    if (!timer) return;
    this.timers.delete(handle);
    this.queue.cancel(timer);
  }

  /** Number of timers waiting to fire. */
  pendingTimers(): number {
    return this.timers.size;
  }

  /** Virtual time of the next timer, or `null` when nothing is scheduled. */
  nextTimerAt(): number | null {
    const next = this.earliest();
    return next ? next.at : null;
  }

  /** Moves time forward by `ms`, firing every timer due on the way (including ones scheduled meanwhile). */
  async advance(ms: number): Promise<void> {
    await this.advanceTo(this.current + ms);
  }

  /** Moves time forward to `target`, firing every timer due on the way, in order. */
  async advanceTo(target: number): Promise<void> {
    await flushPromises();
    for (;;) {
      const next = this.earliest();
      if (!next || next.at > target) break;
      this.fire(next);
      await flushPromises();
    }
    if (target > this.current) this.current = target;
    await flushPromises();
  }

  /**
   * Runs virtual time until `work` settles and returns its result. Jumps straight to each next
   * timer, so idle stretches cost nothing. Throws {@link VirtualDeadlockError} if nothing is
   * scheduled while `work` is still pending, or if `work` is still pending after `maxMs`.
   */
  async run<T>(work: Promise<T>, options: { maxMs?: number } = {}): Promise<T> {
    let settled = false;
    const tracked = work.then(
      (value) => {
        settled = true;
        return value;
      },
      (error: unknown) => {
        settled = true;
        throw error;
      },
    );
    // Keep an unhandled rejection from surfacing before we await it below.
    tracked.catch(() => undefined);
    const limit = this.current + (options.maxMs ?? 30 * 24 * 3600_000);
    await flushPromises();
    while (!settled) {
      const next = this.earliest();
      if (!next) throw new VirtualDeadlockError('nothing is scheduled and the awaited work is still pending');
      if (next.at > limit) {
        throw new VirtualDeadlockError(`the awaited work is still pending after ${options.maxMs ?? 'the maximum'} virtual ms`);
      }
      this.fire(next);
      await flushPromises();
    }
    return tracked;
  }

  private earliest(): HeapTimer | undefined {
    return this.queue.peek();
  }

  /** Fires `timer`, which must be the earliest: it leaves the queue before its callback runs. */
  private fire(timer: HeapTimer): void {
    this.queue.pop();
    this.timers.delete(timer.id);
    if (timer.at > this.current) this.current = timer.at;
    timer.fn();
  }
}
