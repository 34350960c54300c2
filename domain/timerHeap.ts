/**
 * The virtual clock's queue of pending timers: a binary min-heap ordered by due time, then by the
 * order the timers were set, so timers due at the same instant fire first-in first-out. Insert
 * and removal of the earliest cost O(log n); a cancelled timer is only marked and dropped when it
 * reaches the top (or when cancelled entries outnumber live ones, at a rebuild), so cancelling is
 * O(1) and the heap never holds much more than the live timers.
 */

/** One scheduled timer. */
export interface HeapTimer {
  id: number;
  /** Due time, virtual ms epoch. */
  at: number;
  /** Order in which the timer was set; breaks ties between equal due times. */
  seq: number;
  fn: () => void;
  /** Set once the timer is cancelled or has fired. */
  done: boolean;
}

/** What a cancelled timer keeps in place of its callback, so the callback and all it holds can be collected at once. */
const CANCELLED = (): void => undefined;

const before = (a: HeapTimer, b: HeapTimer): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq);

/** Below this size cancelled entries are never swept out early: a rebuild would cost more than it saves. */
const MIN_SWEEP_SIZE = 1024;

/** A min-heap of timers with lazy cancellation. */
export class TimerHeap {
  private readonly items: HeapTimer[] = [];
  private cancelled = 0;

  /** Entries held, cancelled ones not yet dropped included. */
  get size(): number {
    return this.items.length;
  }

  /** Adds a timer. */
  push(timer: HeapTimer): void {
    this.items.push(timer);
    this.up(this.items.length - 1);
  }

  /**
   * Marks a timer as cancelled; it leaves the heap when it reaches the top or at the next sweep,
   * but lets go of its callback now (a request timeout's, say, holds the whole request).
   */
  cancel(timer: HeapTimer): void {
    if (timer.done) return;
    timer.done = true;
    timer.fn = CANCELLED;
    this.cancelled++;
    if (this.items.length >= MIN_SWEEP_SIZE && this.cancelled * 2 > this.items.length) this.sweep();
  }

  /** The earliest live timer, without removing it; `undefined` when none is left. */
  peek(): HeapTimer | undefined {
    for (;;) {
      const top = this.items[0];
      if (!top || !top.done) return top;
      this.cancelled--;
      this.removeTop();
    }
  }

  /** Removes and returns the earliest live timer, marking it done. */
  pop(): HeapTimer | undefined {
    const top = this.peek();
    if (!top) return undefined;
    this.removeTop();
    top.done = true;
    return top;
  }

  private removeTop(): void {
    const last = this.items.pop();
    if (last === undefined || this.items.length === 0) return;
    this.items[0] = last;
    this.down(0);
  }

  /** Drops every cancelled entry and restores the heap order in O(n). */
  private sweep(): void {
    let kept = 0;
    for (const timer of this.items) if (!timer.done) this.items[kept++] = timer;
    this.items.length = kept;
    this.cancelled = 0;
    for (let i = (kept >> 1) - 1; i >= 0; i--) this.down(i);
  }

  private up(index: number): void {
    const items = this.items;
    const timer = items[index] as HeapTimer;
    let i = index;
    while (i > 0) {
      const parentIndex = (i - 1) >> 1;
      const parent = items[parentIndex] as HeapTimer;
      if (!before(timer, parent)) break;
      items[i] = parent;
      i = parentIndex;
    }
    items[i] = timer;
  }

  private down(index: number): void {
    const items = this.items;
    const n = items.length;
    const timer = items[index] as HeapTimer;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && before(items[right] as HeapTimer, items[left] as HeapTimer)) child = right;
      const candidate = items[child] as HeapTimer;
      if (!before(candidate, timer)) break;
      items[i] = candidate;
      i = child;
    }
    items[i] = timer;
  }
}
