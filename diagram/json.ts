/**
 * The machine definition as JSON: the neutral graph model, states and edges in document order, so
 * the same machine always gives the same text.
 */
import type { AnyStateMachine } from 'xstate';
import { machineGraph } from './graph';
import type { MachineGraph } from './model';

/** JSON text for an already walked graph (two-space indented, trailing newline). */
export function graphToJson(graph: MachineGraph): string {
  return `${JSON.stringify(graph, null, 2)}\n`;
}

/** The definition of `machine` as JSON text; `JSON.parse` gives back its {@link MachineGraph}. */
export function toJson(machine: AnyStateMachine): string {
  return graphToJson(machineGraph(machine));
}
