/**
 * Deep equality of plain data (what AWS answers hold: strings, numbers, booleans, null, arrays and
 * plain objects), so a machine can keep the answer it already holds when a new one says the same.
 */

/** Whether `a` and `b` hold the same plain data: same members in any order, same array elements in order. */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || !plainObject(a) || !plainObject(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  // Walked with for-in rather than Object.keys, so a comparison allocates nothing.
  let members = 0;
  for (const key in left) {
    if (!Object.hasOwn(left, key)) continue;
    if (!Object.hasOwn(right, key) || !sameData(left[key], right[key])) return false;
    members++;
  }
  for (const key in right) if (Object.hasOwn(right, key)) members--;
  return members === 0;
}

/** An object literal's kind: its prototype is null or a realm's `Object.prototype` (itself without a prototype). */
function plainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}
