/**
 * From a snapshot's state value to the states of the machine's diagram: the ids the SVG's
 * `state:<id>` groups carry, found through the recorded definition so custom state ids work too.
 */
import type { MachineGraph } from '../diagram/model';

const pathKey = (path: readonly string[]): string => path.join('\u0000');

const indexes = new WeakMap<MachineGraph, ReadonlyMap<string, string>>();

/** The graph's state ids by path, built once per graph. */
function idsByPath(graph: MachineGraph): ReadonlyMap<string, string> {
  let index = indexes.get(graph);
  if (index === undefined) {
    index = new Map(graph.states.map((state) => [pathKey(state.path), state.id] as const));
    indexes.set(graph, index);
  }
  return index;
}

/**
 * The ids of every state `value` makes active, outermost first (the root left out): for
 * `{ confirmingCreate: 'polling' }`, `environment.confirmingCreate` and
 * `environment.confirmingCreate.polling`. Keys the definition does not know are skipped.
 */
export function activeStateIds(graph: MachineGraph, value: unknown): string[] {
  const index = idsByPath(graph);
  const ids: string[] = [];
  const walk = (node: unknown, path: readonly string[]): void => {
    const entries: Array<[string, unknown]> =
      typeof node === 'string' ? [[node, undefined]] : typeof node === 'object' && node !== null ? Object.entries(node as Record<string, unknown>) : [];
    for (const [key, inner] of entries) {
      const childPath = [...path, key];
      const id = index.get(pathKey(childPath));
      if (id === undefined) continue;
      ids.push(id);
      walk(inner, childPath);
    }
  };
  walk(value, []);
  return ids;
}

/** A state value as dotted text: `roleGate.blocked`; parallel regions joined by `, `. */
export function stateText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return '';
  return Object.entries(value as Record<string, unknown>)
    .map(([key, inner]) => {
      const rest = stateText(inner);
      return rest === '' ? key : `${key}.${rest}`;
    })
    .join(', ');
}
