/** Small shape helper shared by the mapping files. */

/** Drops the keys whose value is `undefined`, so an absent field stays absent (not `key: undefined`). */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
