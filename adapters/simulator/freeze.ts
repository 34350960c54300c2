/** Deep freezing and deep copying, for values the simulator shares and must never see changed. */

/** Freezes `value` and everything inside it, and returns it. */
export function deepFreeze<T>(value: T): Readonly<T> {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * A deep copy of `value`, equal to what `structuredClone` gives: plain objects and arrays (the
 * shape of every answer the simulator sends) are copied member by member, which costs a fraction
 * of a structured clone; anything else (a Map, a Date, a class instance) goes through
 * `structuredClone` itself.
 */
export function deepCopy<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return typeof value === 'function' || typeof value === 'symbol' ? structuredClone(value) : value;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Array.prototype) {
    const source = value as unknown[];
    const out: unknown[] = new Array<unknown>(source.length);
    for (let i = 0; i < source.length; i++) if (i in source) out[i] = deepCopy(source[i]);
    return out as T;
  }
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const source = value as Record<string, unknown>;
  const keys = Object.keys(source);
  // Past 16 members, adding them one by one by computed key would turn the copy into a slow
  // dictionary (bigger, slower to read): a spread keeps the source's fast layout instead. Smaller
  // objects are built member by member, which is quicker than a spread of many different shapes.
  const out: Record<string, unknown> = keys.length > 16 ? { ...source } : {};
  for (const key of keys) {
    const inner = deepCopy(source[key]);
    // An own `__proto__` member stays a member, as in a structured clone, instead of setting the prototype.
    if (key === '__proto__') Object.defineProperty(out, key, { value: inner, enumerable: true, writable: true, configurable: true });
    else out[key] = inner;
  }
  return out as T;
}
