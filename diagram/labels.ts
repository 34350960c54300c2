/**
 * Reads XState's guard and action values into plain data and writes the short texts the
 * diagrams print on edges: guard expressions, trigger names and delays.
 */
import { and, not, or, stateIn } from 'xstate';
import type { GuardModel } from './model';

type Fn = (...args: never[]) => unknown;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** A property of a function or object, without trusting its type. */
const prop = (value: unknown, key: string): unknown =>
  (typeof value === 'function' || isRecord(value)) && key in value ? (value as unknown as Record<string, unknown>)[key] : undefined;

/** The name of a function XState made or the author wrote; `null` for anonymous or property-named ones. */
const functionName = (fn: Fn, propertyName: string): string | null => (fn.name && fn.name !== propertyName ? fn.name : null);

// XState's combinators are functions carrying a `check`, one shared function per kind: known by
// identity, or by the combinator's function name when the machine came from another copy of XState.
const COMBINATORS = new Map<unknown, 'and' | 'or' | 'not' | 'stateIn'>([
  [prop(and(['x']), 'check'), 'and'],
  [prop(or(['x']), 'check'), 'or'],
  [prop(not('x'), 'check'), 'not'],
  [prop(stateIn('x'), 'check'), 'stateIn'],
]);

const paramText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value) ?? String(value));

/**
 * Turns a guard as XState stores it (`'name'`, `{ type, params }`, an `and`/`or`/`not`/`stateIn`
 * combinator, or an inline function) into a {@link GuardModel}.
 */
export function readGuard(guard: unknown): GuardModel {
  if (typeof guard === 'string') return { kind: 'named', name: guard, params: null };
  if (typeof guard === 'function') {
    const inner = prop(guard, 'guards');
    const check = prop(guard, 'check');
    const named = [...COMBINATORS.values()].find((combinator) => combinator === (guard as Fn).name);
    const kind = COMBINATORS.get(check) ?? (typeof check === 'function' ? named : undefined);
    if ((kind === 'and' || kind === 'or') && Array.isArray(inner)) return { kind, guards: inner.map(readGuard) };
    if (kind === 'not' && Array.isArray(inner) && inner.length === 1) return { kind: 'not', guard: readGuard(inner[0]) };
    if (kind === 'stateIn') return { kind: 'stateIn', state: paramText(prop(guard, 'stateValue')) };
    return { kind: 'inline', name: functionName(guard as Fn, 'guard') };
  }
  const type = prop(guard, 'type');
  if (typeof type === 'string') {
    const params = prop(guard, 'params');
    return { kind: 'named', name: type, params: isRecord(params) ? { ...params } : null };
  }
  return { kind: 'inline', name: null };
}

/** Params as a short suffix: `(available)` for one param, `(a=1, b=x)` for several. */
const paramsSuffix = (params: Readonly<Record<string, unknown>> | null): string => {
  const entries = Object.entries(params ?? {});
  if (entries.length === 0) return '';
  if (entries.length === 1) return `(${paramText(entries[0]![1])})`;
  return `(${entries.map(([key, value]) => `${key}=${paramText(value)}`).join(', ')})`;
};

/** A guard as text: `verdictIs(available)`, `a and not b`, `in(#machine.state)`, `inline`. */
export function guardLabel(guard: GuardModel): string {
  const nested = (inner: GuardModel): string => (inner.kind === 'and' || inner.kind === 'or' ? `(${guardLabel(inner)})` : guardLabel(inner));
  switch (guard.kind) {
    case 'named':
      return `${guard.name}${paramsSuffix(guard.params)}`;
    case 'and':
    case 'or':
      return guard.guards.map(nested).join(` ${guard.kind} `);
    case 'not':
      return `not ${nested(guard.guard)}`;
    case 'stateIn':
      return `in(${guard.state})`;
    case 'inline':
      return guard.name ?? 'inline';
  }
}

/** Every guard name a guard mentions, combinators unfolded (inline guards give `inline`). */
export function guardNames(guard: GuardModel): string[] {
  switch (guard.kind) {
    case 'named':
      return [guard.name];
    case 'and':
    case 'or':
      return guard.guards.flatMap(guardNames);
    case 'not':
      return guardNames(guard.guard);
    case 'stateIn':
      return [];
    case 'inline':
      return [guard.name ?? 'inline'];
  }
}

/** The name of an action as XState stores it (a string, `{ type }`, a built-in action creator or a function). */
export function actionName(action: unknown): string {
  if (typeof action === 'string') return action;
  const type = prop(action, 'type');
  if (typeof type === 'string' && type !== '') return type;
  if (typeof action === 'function') return functionName(action as Fn, 'actions') ?? 'inline';
  return 'inline';
}

/** A delay for people: `500ms`, `5s`, `1.5s`, `2min`, `1h`; named delays stay as named. */
export function delayLabel(delay: number | string): string {
  if (typeof delay === 'string') return delay;
  if (delay >= 3_600_000 && delay % 3_600_000 === 0) return `${delay / 3_600_000}h`;
  if (delay >= 60_000 && delay % 60_000 === 0) return `${delay / 60_000}min`;
  if (delay >= 1_000) return `${Number((delay / 1_000).toFixed(3))}s`;
  return `${delay}ms`;
}
