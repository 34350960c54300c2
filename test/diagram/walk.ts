/**
 * The tests' own walk of a machine, straight from XState's state nodes (not through diagram/):
 * every state node and every transition, with what a diagram must print for it.
 */
import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';

/** A transition as the diagrams must show it, once per target. */
export interface ExpectedEdge {
  readonly source: AnyStateNode;
  /** The target, or the source itself for a targetless transition. */
  readonly target: AnyStateNode;
  /** The trigger text: `always`, `done: <src>`, `error: <src>`, `after …` or the event. */
  readonly trigger: string;
  /** Guard names and param values the label must name, sorted. */
  readonly guardWords: readonly string[];
}

/** Every state node of `machine`, the root first. */
export function allStateNodes(machine: AnyStateMachine): AnyStateNode[] {
  const nodes: AnyStateNode[] = [];
  const visit = (node: AnyStateNode): void => {
    nodes.push(node);
    Object.values(node.states as Record<string, AnyStateNode>).forEach(visit);
  };
  visit(machine.root);
  return nodes;
}

/** Names and param values a guard is written with; `inline` for an anonymous function. */
export function guardWords(guard: unknown): string[] {
  if (guard === undefined) return [];
  if (typeof guard === 'string') return [guard];
  if (typeof guard === 'function') {
    const inner = (guard as { guards?: unknown[] }).guards;
    if (Array.isArray(inner)) return inner.flatMap(guardWords);
    if ('stateValue' in guard) return ['in', ...(JSON.stringify(guard.stateValue).match(/[A-Za-z0-9_*-]+/g) ?? [])];
    return [guard.name && guard.name !== 'guard' ? guard.name : 'inline'];
  }
  const { type, params } = guard as { type: string; params?: Record<string, unknown> };
  return [type, ...Object.values(params ?? {}).map((value) => (typeof value === 'string' ? value : JSON.stringify(value)))];
}

function trigger(node: AnyStateNode, transition: AnyTransitionDefinition, isAlways: boolean): string {
  if (isAlways) return 'always';
  const event = String(transition.eventType);
  if ('delay' in transition) return 'after';
  if (event.startsWith('xstate.done.state.')) return 'done';
  for (const kind of ['done', 'error'] as const) {
    const prefix = `xstate.${kind}.actor.`;
    if (!event.startsWith(prefix)) continue;
    const id = event.slice(prefix.length);
    const invoked = (node.invoke as Array<{ id: string; src: unknown }>).find((invoke) => invoke.id === id);
    return `${kind}: ${typeof invoked?.src === 'string' ? invoked.src : id}`;
  }
  return event;
}

/** Every transition of `machine` (`always` lists included), one entry per target. */
export function allTransitions(machine: AnyStateMachine): ExpectedEdge[] {
  return allStateNodes(machine).flatMap((node) => {
    const always = (node.always ?? []).map((t) => [t, true] as const);
    const others = [...node.transitions.values()].flat().map((t) => [t, false] as const);
    return [...always, ...others].flatMap(([transition, isAlways]) => {
      const targets: AnyStateNode[] = transition.target && transition.target.length > 0 ? [...transition.target] : [node];
      const words = guardWords(transition.guard).sort();
      return targets.map((target) => ({ source: node, target, trigger: trigger(node, transition, isAlways), guardWords: words }));
    });
  });
}

/** Splits an edge label `trigger [guard]` into its trigger and the sorted words of its guard. */
export function readLabel(label: string): { trigger: string; guardWords: string[] } {
  const match = /^(.*?) \[(.*)\]$/.exec(label);
  if (!match) return { trigger: label, guardWords: [] };
  const words = match[2]!.match(/[A-Za-z0-9_*-]+/g) ?? [];
  return { trigger: match[1]!, guardWords: words.filter((word) => !['and', 'or', 'not'].includes(word)).sort() };
}

/** A multiset key of an edge: source, target, trigger (delays reduced to `after`) and guard words. */
export function edgeKey(source: string, target: string, label: { trigger: string; guardWords: readonly string[] }): string {
  const triggerText = label.trigger.startsWith('after ') ? 'after' : label.trigger;
  return JSON.stringify([source, target, triggerText, label.guardWords]);
}

/** Counts of each key. */
export function countKeys(keys: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}
