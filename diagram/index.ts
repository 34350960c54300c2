/**
 * Diagrams of the statecharts, drawn from each machine's own definition: Mermaid, Graphviz DOT,
 * SVG (Graphviz in WebAssembly, offline) and the definition as JSON.
 */
import type { AnyStateMachine } from 'xstate';
import { toDot } from './dot';
import { toJson } from './json';
import { toMermaid } from './mermaid';
import { toSvg } from './svg';

export type { GraphEdge, GraphState, GuardModel, InvokedActor, MachineGraph, StateKind, TriggerKind } from './model';
export { machineGraph, stateById } from './graph';
export { guardLabel, guardNames } from './labels';
export { edgeLabel } from './tree';
export { toMermaid, graphToMermaid, mermaidStateId, escapeMermaid, type MermaidOptions } from './mermaid';
export { toDot, graphToDot, dotString, clusterName, anchorNode, type DotOptions } from './dot';
export { toSvg, graphToSvg, renderDot } from './svg';
export { toJson, graphToJson } from './json';

/** The formats {@link renderDiagram} writes. */
export const DIAGRAM_FORMATS = ['mermaid', 'dot', 'svg', 'json'] as const;

/** One of {@link DIAGRAM_FORMATS}. */
export type DiagramFormat = (typeof DIAGRAM_FORMATS)[number];

/** `machine` drawn in `format` (what `mwaa-lifecycle diagram` prints). */
export async function renderDiagram(machine: AnyStateMachine, format: DiagramFormat): Promise<string> {
  switch (format) {
    case 'mermaid':
      return toMermaid(machine);
    case 'dot':
      return toDot(machine);
    case 'svg':
      return toSvg(machine);
    case 'json':
      return toJson(machine);
  }
}
