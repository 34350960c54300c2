/**
 * Time budgets given by users: merged over a machine's defaults and checked before any AWS call.
 */

/** Merges `partial` over `defaults`; throws a RangeError naming the first budget that is not a positive number of ms. */
export function resolveTimeouts<T extends object>(defaults: Readonly<T>, partial: Partial<T> | undefined): T {
  const merged = { ...defaults, ...partial } as T;
  for (const [key, value] of Object.entries(merged)) {
    if (!(typeof value === 'number' && value > 0 && Number.isFinite(value))) {
      throw new RangeError(`timeouts.${key} must be a positive number of milliseconds, got ${String(value)}`);
    }
  }
  return merged;
}
