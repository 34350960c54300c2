/**
 * Mermaid `stateDiagram-v2` text for a machine: nested composite states, `[*]` initial and final
 * arrows, parallel regions separated by `--`, and edges labelled `event [guard]`.
 */
import type { AnyStateMachine } from 'xstate';
import { machineGraph } from './graph';
import type { GraphEdge, GraphState, MachineGraph } from './model';
import { edgeEnds, edgeLabel, hasChildren, stateTree, type StateTree } from './tree';

/** Options of {@link toMermaid}. */
export interface MermaidOptions {
  /** Layout direction; Mermaid's default (top to bottom) when omitted. */
  readonly direction?: 'TB' | 'BT' | 'LR' | 'RL';
}

// Words Mermaid's state grammar reads as keywords; a state id equal to one gets a prefix.
const RESERVED = new Set(['state', 'note', 'end', 'as', 'direction', 'class', 'classdef', 'style', 'left', 'right', 'of', 'hide', 'scale', 'root']);

const sanitize = (key: string): string => key.replace(/[^A-Za-z0-9_]/g, '_') || '_';

/**
 * The Mermaid id of a state: its path keys joined by `__` (Mermaid ids are global, so nested
 * states of the same name stay apart), characters Mermaid cannot read replaced by `_`. The root
 * is named after the machine.
 */
export function mermaidStateId(state: Pick<GraphState, 'path' | 'key'>): string {
  const id = state.path.length === 0 ? sanitize(state.key) : state.path.map(sanitize).join('__');
  return RESERVED.has(id.toLowerCase()) || /^[0-9]/.test(id) ? `s_${id}` : id;
}

const ENTITIES: Readonly<Record<string, string>> = { '#': '#35;', ';': '#59;', '"': '#quot;', '<': '#lt;', '>': '#gt;' };

/** Text made safe for a Mermaid label or quoted description (entity codes for what Mermaid would read). */
export function escapeMermaid(text: string): string {
  return text
    .replace(/[#;"<>]/g, (char) => ENTITIES[char] ?? char)
    .replace(/\s+/g, ' ')
    .trim();
}

/** Where an edge is written: the innermost non-parallel container holding both ends, or `null` for the top level. */
function edgeContainer(tree: StateTree, source: string, target: string): string | null {
  if (source === tree.root.id || target === tree.root.id) return null;
  const targetAncestors = new Set(tree.ancestorsOf(target));
  let container = tree.ancestorsOf(source).find((ancestor) => targetAncestors.has(ancestor)) ?? tree.root.id;
  while (tree.byId.get(container)?.type === 'parallel') container = tree.byId.get(container)?.parent ?? tree.root.id;
  return container;
}

interface Rendering {
  readonly tree: StateTree;
  readonly ids: ReadonlyMap<string, string>;
  /** Edge lines by the container they are written in (`null`: top level). */
  readonly edgesIn: ReadonlyMap<string | null, readonly string[]>;
}

function edgeLines(graph: MachineGraph, tree: StateTree, ids: ReadonlyMap<string, string>): Map<string | null, string[]> {
  const byContainer = new Map<string | null, string[]>();
  const add = (edge: GraphEdge, target: string): void => {
    const container = edgeContainer(tree, edge.source, target);
    const lines = byContainer.get(container) ?? [];
    lines.push(`${ids.get(edge.source)} --> ${ids.get(target)} : ${escapeMermaid(edgeLabel(edge))}`);
    byContainer.set(container, lines);
  };
  for (const edge of graph.edges) for (const target of edgeEnds(edge)) add(edge, target);
  return byContainer;
}

const stateText = (state: GraphState): string => {
  if (state.type !== 'history') return state.key;
  return `${state.key} (${state.history === 'deep' ? 'H*' : 'H'})`;
};

/** The lines inside a container's block: initial arrow, children (regions for parallel states), final arrows, edges. */
function blockLines(r: Rendering, state: GraphState): string[] {
  const lines: string[] = [];
  if (state.type === 'compound' && state.initial !== null) lines.push(`[*] --> ${r.ids.get(state.initial)}`);
  const children = r.tree.childrenOf(state.id);
  children.forEach((child, index) => {
    if (state.type === 'parallel' && index > 0) lines.push('--');
    lines.push(...declaration(r, child));
  });
  for (const child of children) if (child.type === 'final') lines.push(`${r.ids.get(child.id)} --> [*]`);
  lines.push(...(r.edgesIn.get(state.id) ?? []));
  return lines;
}

/** A state's declaration: `state "key" as id`, with a `{ ... }` block for containers. */
function declaration(r: Rendering, state: GraphState): string[] {
  const head = `state "${escapeMermaid(stateText(state))}" as ${r.ids.get(state.id)}`;
  if (!hasChildren(state)) return [head];
  return [`${head} {`, ...blockLines(r, state).map((line) => `  ${line}`), '}'];
}

/** Class lines that mark decision (transient) states with a dashed outline. */
function classLines(graph: MachineGraph, ids: ReadonlyMap<string, string>): string[] {
  const transient = graph.states.filter((state) => state.transient).map((state) => ids.get(state.id));
  if (transient.length === 0) return [];
  return ['classDef decision stroke-dasharray: 4 4', `class ${transient.join(',')} decision`];
}

/** Mermaid ids for every state; the rare key that sanitizes into a sibling's id gets a numeric suffix. */
function uniqueIds(graph: MachineGraph): Map<string, string> {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  for (const state of graph.states) {
    const base = mermaidStateId(state);
    let id = base;
    for (let n = 2; taken.has(id); n += 1) id = `${base}_${n}`;
    taken.add(id);
    ids.set(state.id, id);
  }
  return ids;
}

/** Mermaid text for an already walked graph. */
export function graphToMermaid(graph: MachineGraph, options: MermaidOptions = {}): string {
  const tree = stateTree(graph);
  const ids = uniqueIds(graph);
  const r: Rendering = { tree, ids, edgesIn: edgeLines(graph, tree, ids) };
  // The root is drawn as a box only when a transition leaves or enters it.
  const wrapRoot = (r.edgesIn.get(null) ?? []).length > 0;
  const body = wrapRoot
    ? [`[*] --> ${ids.get(tree.root.id)}`, ...declaration(r, tree.root), ...(r.edgesIn.get(null) ?? [])]
    : blockLines(r, tree.root);
  const lines = [
    'stateDiagram-v2',
    ...(options.direction ? [`direction ${options.direction}`] : []),
    ...body,
    ...classLines(graph, ids),
  ];
  return `${lines.map((line, index) => (index === 0 ? line : `  ${line}`)).join('\n')}\n`;
}

/** Mermaid `stateDiagram-v2` text for `machine`, walked from its own definition. */
export function toMermaid(machine: AnyStateMachine, options: MermaidOptions = {}): string {
  return graphToMermaid(machineGraph(machine), options);
}
