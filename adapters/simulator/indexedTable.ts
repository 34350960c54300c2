/**
 * A map of simulated resources that also keeps them grouped by region, and by whatever else its
 * lists filter on (an interface's subnet and VPC), so a filtered list reads only the resources
 * that can match instead of every resource in the account. Reads keep the map's own order, so a
 * list answers in the same order as a scan of the whole map would.
 */

const NO_RECORDS: ReadonlySet<never> = new Set<never>();

/** Gives the index keys of a resource; they must not change while the resource is in the table. */
export type IndexKeys<T> = (record: T) => readonly string[];

/** A `Map` by id with secondary indexes, kept up to date by `set`, `delete` and `clear`. */
export class IndexedTable<T> extends Map<string, T> {
  private readonly groups = new Map<string, Set<T>>();
  /** Insertion order of each record (the map's own iteration order), to merge several groups in that order. */
  private readonly order = new Map<T, number>();
  private nextOrder = 0;

  constructor(private readonly keysOf: IndexKeys<T>) {
    super();
  }

  override set(id: string, record: T): this {
    const previous = super.get(id);
    if (previous === record) return this;
    super.set(id, record);
    if (previous !== undefined) {
      // A different record under a known id keeps the id's place in the map: rebuild so groups agree.
      this.rebuild();
      return this;
    }
    this.order.set(record, this.nextOrder++);
    for (const key of this.keysOf(record)) {
      let group = this.groups.get(key);
      if (!group) this.groups.set(key, (group = new Set()));
      group.add(record);
    }
    return this;
  }

  override delete(id: string): boolean {
    const record = super.get(id);
    if (record === undefined) return super.delete(id);
    super.delete(id);
    this.order.delete(record);
    for (const key of this.keysOf(record)) {
      const group = this.groups.get(key);
      group?.delete(record);
      if (group?.size === 0) this.groups.delete(key);
    }
    return true;
  }

  override clear(): void {
    super.clear();
    this.groups.clear();
    this.order.clear();
  }

  /** The records filed under `key`, in the map's order: a live view, to read before the table next changes. */
  group(key: string): ReadonlySet<T> {
    return this.groups.get(key) ?? NO_RECORDS;
  }

  /** The records filed under any of `keys`, each once, in the map's order. */
  grouped(keys: readonly string[]): T[] {
    if (keys.length === 1) return [...(this.groups.get(keys[0] as string) ?? [])];
    const found: T[] = [];
    for (const key of keys) for (const record of this.groups.get(key) ?? []) found.push(record);
    return this.inOrder(found);
  }

  /** The records with these ids that exist, each once, in the map's order. */
  byIds(ids: readonly string[]): T[] {
    const found: T[] = [];
    for (const id of ids) {
      const record = super.get(id);
      if (record !== undefined) found.push(record);
    }
    return this.inOrder(found);
  }

  /** `records` in the map's order, each once (a record found twice is kept once). */
  private inOrder(records: T[]): T[] {
    const n = records.length;
    if (n < 2) return records;
    // Each record's rank and its place in `records` packed into one number, so a plain numeric
    // sort (no comparator, no object per record) gives the order, a record found twice sorting
    // next to itself; ranks stay far below 2^53 / n.
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = (this.order.get(records[i] as T) ?? 0) * n + i;
    keys.sort();
    const sorted: T[] = [];
    let previous = -1;
    for (let j = 0; j < n; j++) {
      const key = keys[j] as number;
      const rank = Math.floor(key / n);
      if (rank === previous) continue;
      previous = rank;
      sorted.push(records[key % n] as T);
    }
    return sorted;
  }

  private rebuild(): void {
    const entries = [...super.entries()];
    this.clear();
    for (const [id, record] of entries) this.set(id, record);
  }
}
