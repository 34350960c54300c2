/**
 * Tree look-ups over a {@link MachineGraph} that the renderers share: children in document order,
 * ancestors, and the label an edge carries.
 */
import type { GraphEdge, GraphState, MachineGraph } from './model';

/** The graph's states indexed for walking down and up the tree. */
export interface StateTree {
  readonly root: GraphState;
  readonly byId: ReadonlyMap<string, GraphState>;
  /** Children of each state, in document order. */
  childrenOf(id: string): readonly GraphState[];
  /** The proper ancestors of a state, nearest first, the root last. */
  ancestorsOf(id: string): readonly string[];
}

/** Indexes `graph` for tree walks. */
export function stateTree(graph: MachineGraph): StateTree {
  const byId = new Map(graph.states.map((state) => [state.id, state] as const));
  const children = new Map<string, GraphState[]>();
  for (const state of graph.states) {
    if (state.parent === null) continue;
    const siblings = children.get(state.parent) ?? [];
    siblings.push(state);
    children.set(state.parent, siblings);
  }
  const root = graph.states.find((state) => state.parent === null);
  if (!root) throw new Error(`machine ${graph.id} has no root state`);
  const ancestorsOf = (id: string): string[] => {
    const chain: string[] = [];
    for (let parent = byId.get(id)?.parent ?? null; parent !== null; parent = byId.get(parent)?.parent ?? null) chain.push(parent);
    return chain;
  };
  return { root, byId, childrenOf: (id) => children.get(id) ?? [], ancestorsOf };
}

/** True when `state` is drawn as a container of other states. */
export const hasChildren = (state: GraphState): boolean => state.type === 'compound' || state.type === 'parallel';

/** The text on an edge: `event [guard]`, or just the event when unguarded. */
export const edgeLabel = (edge: GraphEdge): string => (edge.guardLabel === null ? edge.label : `${edge.label} [${edge.guardLabel}]`);

/** Where an edge ends: its targets, or its own source for a targetless transition. */
export const edgeEnds = (edge: GraphEdge): readonly string[] => (edge.targets.length > 0 ? edge.targets : [edge.source]);
