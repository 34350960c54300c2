import type { AnyStateMachine } from 'xstate';
import { machineGraph, toJson, type MachineGraph } from '../../diagram';
import { accountMachine, environmentMachine, serviceLinkedRoleMachine } from '../../machines';
import { allStateNodes, allTransitions } from './walk';

const MACHINES: ReadonlyArray<[string, AnyStateMachine]> = [
  ['environment', environmentMachine],
  ['serviceLinkedRole', serviceLinkedRoleMachine],
  ['account', accountMachine],
];

describe.each(MACHINES)('JSON definition of the %s machine', (_name, machine) => {
  const text = toJson(machine);

  it('round-trips to the graph model and is stable', () => {
    const parsed = JSON.parse(text) as MachineGraph;
    expect(parsed).toEqual(machineGraph(machine));
    expect(toJson(machine)).toBe(text);
    expect(JSON.stringify(parsed, null, 2) + '\n').toBe(text);
  });

  it('lists every state node in document order and every transition', () => {
    const parsed = JSON.parse(text) as MachineGraph;
    expect(parsed.states.map((state) => state.id)).toEqual(allStateNodes(machine).map((node) => node.id));
    const targets = parsed.edges.reduce((sum, edge) => sum + Math.max(edge.targets.length, 1), 0);
    expect(targets).toBe(allTransitions(machine).length);
  });

  it('names the invoked actors of each state', () => {
    const parsed = JSON.parse(text) as MachineGraph;
    for (const node of allStateNodes(machine)) {
      const state = parsed.states.find((s) => s.id === node.id)!;
      expect(state.invoke.map((invoked) => invoked.id)).toEqual(node.invoke.map((invoked: { id: string }) => invoked.id));
      expect(state.type).toBe(node.type);
      expect(state.parent).toBe(node.parent?.id ?? null);
    }
  });
});
