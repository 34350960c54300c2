/**
 * Typed readers of restJson1 request members: a member of the wrong JSON type is MWAA's
 * SerializationException, a missing required one its ValidationException (in the Coral wording
 * the simulator also uses). Absent and `null` members read as `undefined`.
 */
import { coralMessage } from '../../domain/validation';
import { FrontError } from '../wire';

/** A JSON object as read from or written to the wire. */
export type JsonObject = { [key: string]: unknown };

/** True for a JSON object (not an array, not `null`). */
export const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** MWAA's ValidationException (400). */
export const validation = (message: string): FrontError => new FrontError('ValidationException', 400, message);

/** MWAA's answer to a member of the wrong JSON type (400). */
export const serialization = (member: string, expected: string): FrontError =>
  new FrontError('SerializationException', 400, `Expected ${expected} for member ${member}`);

/** The ValidationException for a required member that is missing. */
export const missing = (path: string): FrontError => validation(coralMessage(path, null, 'Member must not be null'));

function present(o: JsonObject, key: string): unknown {
  const v = o[key];
  return v === null ? undefined : v;
}

/** An optional string member. */
export function optString(o: JsonObject, key: string): string | undefined {
  const v = present(o, key);
  if (v !== undefined && typeof v !== 'string') throw serialization(key, 'a string');
  return v;
}

/** An optional integer member. */
export function optInt(o: JsonObject, key: string): number | undefined {
  const v = present(o, key);
  if (v !== undefined && typeof v !== 'number') throw serialization(key, 'a number');
  return v;
}

/** An optional boolean member. */
export function optBool(o: JsonObject, key: string): boolean | undefined {
  const v = present(o, key);
  if (v !== undefined && typeof v !== 'boolean') throw serialization(key, 'a boolean');
  return v;
}

/** An optional structure member. */
export function optObject(o: JsonObject, key: string): JsonObject | undefined {
  const v = present(o, key);
  if (v !== undefined && !isObject(v)) throw serialization(key, 'an object');
  return v;
}

/** An optional list-of-strings member. */
export function optStringList(o: JsonObject, key: string): string[] | undefined {
  const v = present(o, key);
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string')) throw serialization(key, 'a list of strings');
  return v;
}

/** An optional string-to-string map member. */
export function optStringMap(o: JsonObject, key: string): Record<string, string> | undefined {
  const v = optObject(o, key);
  if (v === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'string') throw serialization(`${key}.${k}`, 'a string');
    out[k] = x;
  }
  return out;
}

/** Drops `undefined` members so absent fields stay absent on both sides. */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Parses a request body as a JSON object (an empty body is `{}`). */
export function parseBody(body: string): JsonObject {
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new FrontError('SerializationException', 400, 'The request body is not valid JSON');
  }
  if (!isObject(parsed)) throw new FrontError('SerializationException', 400, 'The request body is not a JSON object');
  return parsed;
}
