/**
 * A log that keeps only its latest entries: a ring buffer, so a simulation of thousands of
 * environments, or one that runs for days, holds a bounded amount of history.
 */

/** The default number of entries each of the simulator's logs keeps. */
export const DEFAULT_LOG_LIMIT = 100_000;

/** Appends in O(1); once `limit` entries are held, each new one replaces the oldest. */
export class BoundedLog<T> {
  private readonly items: T[] = [];
  /** Index of the oldest entry once the buffer is full. */
  private oldest = 0;
  private appended = 0;

  /** `limit`: entries kept, a whole number ≥ 0 or `Infinity` (keep everything). */
  constructor(readonly limit: number = DEFAULT_LOG_LIMIT) {
    if (!(limit === Infinity || (Number.isInteger(limit) && limit >= 0))) {
      throw new RangeError(`logLimit must be a whole number of entries or Infinity, not ${String(limit)}`);
    }
  }

  /** Appends an entry, dropping the oldest one when the log is full. */
  push(entry: T): void {
    this.appended++;
    if (this.limit === 0) return;
    if (this.items.length < this.limit) {
      this.items.push(entry);
      return;
    }
    this.items[this.oldest] = entry;
    this.oldest = (this.oldest + 1) % this.limit;
  }

  /** The entries kept, oldest first (a new array; the entries themselves are shared). */
  entries(): T[] {
    return this.oldest === 0 ? this.items.slice() : [...this.items.slice(this.oldest), ...this.items.slice(0, this.oldest)];
  }

  /** Entries ever appended, dropped ones included. */
  get total(): number {
    return this.appended;
  }

  /** Entries dropped to stay within the limit. */
  get dropped(): number {
    return this.appended - this.items.length;
  }
}
