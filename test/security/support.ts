/**
 * What the security tests share: secrets to plant in a plan, a search through any object graph
 * (inspection events hold actor references with cycles), and a spy on one port method.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { EnvironmentSpec } from '../../adapters/port';
import { specFor } from '../support/world';

/** Two values no run may keep: a password in a connection string and a key. */
export const SECRETS = {
  'core.sql_alchemy_conn': 'postgresql://airflow:Hunter2-s3cr3t-Pw@db.internal:5432/airflow',
  'core.fernet_key': 'ZmVybmV0LWtleS1ub3QtZm9yLWxvZ3MtMTIzNDU2Nzg5MA==',
} as const;

/** The parts of the secrets a leak would show (each value, and its most telling fragment). */
export const NEEDLES: readonly string[] = [...Object.values(SECRETS), 'Hunter2-s3cr3t-Pw', 'ZmVybmV0LWtleS1ub3Qt'];

/** A valid spec for `name` carrying {@link SECRETS}. */
export function secretSpec(name: string, overrides: Partial<EnvironmentSpec> = {}): EnvironmentSpec {
  return specFor(name, { airflowConfigurationOptions: { ...SECRETS, 'core.default_timezone': 'utc' }, ...overrides });
}

/** Every path in `root`'s object graph (own enumerable keys, Maps, Sets, cycles visited once) where a string holds a needle. */
export function findNeedles(root: unknown, needles: readonly string[] = NEEDLES): string[] {
  const hits: string[] = [];
  const seen = new Set<object>();
  const stack: Array<[unknown, string]> = [[root, '$']];
  while (stack.length > 0) {
    const [node, path] = stack.pop() as [unknown, string];
    if (typeof node === 'string') {
      if (needles.some((n) => node.includes(n))) hits.push(path);
      continue;
    }
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    if (node instanceof Map) for (const [k, v] of node) stack.push([k, `${path}<key>`], [v, `${path}.get(${String(k)})`]);
    else if (node instanceof Set) for (const v of node) stack.push([v, `${path}<item>`]);
    else for (const [k, v] of Object.entries(node)) stack.push([k, `${path}<key ${k}>`], [v, `${path}.${k}`]);
  }
  return hits;
}

/** Every regular file under `dir` but `except`, with its text and mode. */
export function filesIn(dir: string, except: readonly string[] = []): Array<{ path: string; text: string; mode: number }> {
  return readdirSync(dir)
    .filter((name) => !except.includes(name))
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, text: readFileSync(path, 'utf8'), mode: statSync(path).mode & 0o777 }));
}

/** `target` with `method` replaced by a recording pass-through; the other members keep their `this`. */
export function spyOn<T extends object, K extends keyof T>(target: T, method: K, calls: unknown[][]): T {
  return new Proxy(target, {
    get(t, p) {
      const value: unknown = Reflect.get(t, p, t);
      if (typeof value !== 'function') return value;
      const fn = value as (...args: unknown[]) => unknown;
      if (p !== method) return fn.bind(t);
      return (...args: unknown[]) => {
        calls.push(args);
        return fn.apply(t, args);
      };
    },
  });
}
