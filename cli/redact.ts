/**
 * Keeps Airflow configuration values out of everything the command line writes or sends: run
 * logs, the offline viewer and the live inspector. Those values often hold connection strings
 * and passwords; AWS itself shows them as `***`, and so does this tool.
 */

/** What a redacted value reads as. */
export const REDACTED = '***';

/** True for a key that holds Airflow configuration options, however it is capitalised (`AirflowConfigurationOptions` on the wire). */
export const isSecretKey = (key: string): boolean => key.toLowerCase() === 'airflowconfigurationoptions';

/** Every value under a secret key, replaced: an object keeps its option names, each value becomes `***`. */
function hide(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (Array.isArray(value)) return value.map(() => REDACTED);
  if (typeof value === 'object') return Object.fromEntries(Object.keys(value).map((name) => [name, REDACTED]));
  return REDACTED;
}

/**
 * A copy of `value` in which every value under an `airflowConfigurationOptions` key, at any depth,
 * reads `***`. Plain data in, plain data out: objects are copied through their own enumerable
 * keys (after `toJSON`, as `JSON.stringify` would), functions dropped, cycles cut.
 */
export function redactSecrets(value: unknown): unknown {
  const seen = new WeakSet<object>();
  const walk = (item: unknown): unknown => {
    if (item === null || typeof item !== 'object') return typeof item === 'function' ? undefined : item;
    const plain: unknown = typeof (item as { toJSON?: unknown }).toJSON === 'function' ? (item as { toJSON(): unknown }).toJSON() : item;
    if (plain === null || typeof plain !== 'object') return plain;
    if (seen.has(plain)) return '[circular]';
    seen.add(plain);
    const copy = Array.isArray(plain)
      ? plain.map(walk)
      : Object.fromEntries(Object.entries(plain).map(([key, inner]) => [key, isSecretKey(key) ? hide(inner) : walk(inner)]));
    seen.delete(plain);
    return copy;
  };
  return walk(value);
}

/** `JSON.stringify` of the redacted value. */
export const redactedJson = (value: unknown): string => JSON.stringify(redactSecrets(value)) ?? 'null';
