/** Deep freezing, for values the simulator shares and must never see changed. */

/** Freezes `value` and everything inside it, and returns it. */
export function deepFreeze<T>(value: T): Readonly<T> {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
