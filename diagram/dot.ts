/**
 * Graphviz DOT for a machine: the machine and every compound or parallel state drawn as a
 * cluster, initial states marked by a point, edges labelled `event [guard]`. Nodes, clusters and
 * edges carry `id`s (`state:<id>`, `edge:<edge id>`) that survive into the SVG.
 */
import type { AnyStateMachine } from 'xstate';
import { machineGraph } from './graph';
import type { GraphEdge, GraphState, MachineGraph } from './model';
import { edgeEnds, edgeLabel, hasChildren, stateTree, type StateTree } from './tree';

/** Options of {@link toDot}. */
export interface DotOptions {
  /** Graphviz `rankdir`; top to bottom when omitted. */
  readonly rankdir?: 'TB' | 'LR' | 'BT' | 'RL';
}

/** A DOT double-quoted string. */
export const dotString = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;

/** The DOT cluster name of a container state (Graphviz draws subgraphs named `cluster…` as boxes). */
export const clusterName = (id: string): string => `cluster_${id}`;

/** The point node inside a container that edges to and from the container attach to (its initial marker). */
export const anchorNode = (id: string): string => `${id}/initial`;

const attributes = (attrs: Record<string, string | number>): string =>
  `[${Object.entries(attrs)
    .map(([key, value]) => `${key}=${typeof value === 'number' ? value : dotString(value)}`)
    .join(', ')}]`;

function nodeStyle(state: GraphState): Record<string, string | number> {
  const classes = ['state', state.type, ...(state.transient ? ['decision'] : [])].join(' ');
  const common = { id: `state:${state.id}`, class: classes };
  if (state.type === 'history') return { ...common, label: state.history === 'deep' ? 'H*' : 'H', shape: 'circle' };
  if (state.type === 'final') return { ...common, label: state.key, peripheries: 2 };
  return { ...common, label: state.key, ...(state.transient ? { style: 'rounded,dashed' } : {}) };
}

/** Lines for one state: a node, or a cluster with its anchor point and children. */
function stateLines(tree: StateTree, state: GraphState): string[] {
  if (!hasChildren(state)) return [`${dotString(state.id)} ${attributes(nodeStyle(state))};`];
  const anchor = dotString(anchorNode(state.id));
  const anchorStyle: Record<string, string | number> = state.type === 'compound' ? { shape: 'point', width: 0.12 } : { shape: 'point', style: 'invis', width: 0.01 };
  const inner = [
    `label=${dotString(state.key)};`,
    `id=${dotString(`state:${state.id}`)};`,
    `class=${dotString(`state ${state.type}`)};`,
    `style=${dotString(state.type === 'parallel' ? 'rounded,dashed' : 'rounded')};`,
    `${anchor} ${attributes({ ...anchorStyle, id: `initial:${state.id}`, label: '' })};`,
    ...(state.initial === null ? [] : [initialLine(tree, anchor, state.initial)]),
    ...tree.childrenOf(state.id).flatMap((child) => stateLines(tree, child)),
  ];
  return [`subgraph ${dotString(clusterName(state.id))} {`, ...inner.map((line) => `  ${line}`), '}'];
}

/** The unlabelled arrow from a container's initial point to its initial child. */
function initialLine(tree: StateTree, anchor: string, initial: string): string {
  const to = endpoint(tree, initial);
  return `${anchor} -> ${to.node}${to.cluster === null ? '' : ` ${attributes({ lhead: to.cluster })}`};`;
}

/** The node an edge attaches to for a state, and the cluster it clips to when the state is a container. */
function endpoint(tree: StateTree, id: string): { node: string; cluster: string | null } {
  const state = tree.byId.get(id);
  if (state && hasChildren(state)) return { node: dotString(anchorNode(id)), cluster: clusterName(id) };
  return { node: dotString(id), cluster: null };
}

function edgeLines(tree: StateTree, edge: GraphEdge): string[] {
  const ends = edgeEnds(edge);
  return ends.map((target, index) => {
    const from = endpoint(tree, edge.source);
    const to = endpoint(tree, target);
    const self = target === edge.source;
    const attrs: Record<string, string> = {
      label: edgeLabel(edge),
      id: ends.length > 1 ? `edge:${edge.id}:${index}` : `edge:${edge.id}`,
      class: `transition ${edge.trigger}`,
    };
    // Clip to a container's border unless one end lies inside it (Graphviz cannot clip then).
    if (from.cluster !== null && !self && !tree.ancestorsOf(target).includes(edge.source)) attrs['ltail'] = from.cluster;
    if (to.cluster !== null && !self && !tree.ancestorsOf(edge.source).includes(target)) attrs['lhead'] = to.cluster;
    if (edge.trigger === 'always') attrs['style'] = 'dashed';
    return `${from.node} -> ${to.node} ${attributes(attrs)};`;
  });
}

/** DOT text for an already walked graph. */
export function graphToDot(graph: MachineGraph, options: DotOptions = {}): string {
  const tree = stateTree(graph);
  const lines = [
    `graph [compound=true, rankdir=${options.rankdir ?? 'TB'}, fontname="Helvetica", fontsize=12, id=${dotString(`machine:${graph.id}`)}];`,
    'node [shape=box, style=rounded, fontname="Helvetica", fontsize=11];',
    'edge [fontname="Helvetica", fontsize=9];',
    ...stateLines(tree, tree.root),
    ...graph.edges.flatMap((edge) => edgeLines(tree, edge)),
  ];
  return `digraph ${dotString(graph.id)} {\n${lines.map((line) => `  ${line}`).join('\n')}\n}\n`;
}

/** Graphviz DOT text for `machine`, walked from its own definition. */
export function toDot(machine: AnyStateMachine, options: DotOptions = {}): string {
  return graphToDot(machineGraph(machine), options);
}
