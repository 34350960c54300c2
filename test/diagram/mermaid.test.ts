import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { toMermaid } from '../../diagram';
import { accountMachine, environmentMachine, serviceLinkedRoleMachine } from '../../machines';
import { mermaidEdges, mermaidProblems } from './mermaidSyntax';
import { allStateNodes, allTransitions, countKeys, edgeKey, readLabel } from './walk';

const MACHINES: ReadonlyArray<[string, AnyStateMachine]> = [
  ['environment', environmentMachine],
  ['serviceLinkedRole', serviceLinkedRoleMachine],
  ['account', accountMachine],
];

// The machines' keys are plain identifiers, so a Mermaid id is just the path joined by `__`.
const idOf = (node: AnyStateNode): string => (node.path.length === 0 ? node.machine.id : node.path.join('__'));

describe.each(MACHINES)('Mermaid diagram of the %s machine', (_name, machine) => {
  const text = toMermaid(machine);
  const nodes = allStateNodes(machine);

  it('is a stateDiagram-v2 in the syntax Mermaid reads', () => {
    expect(mermaidProblems(text)).toEqual([]);
  });

  it('declares every state node under its key, marks initial and final states', () => {
    for (const node of nodes.slice(1)) {
      expect(node.key).toMatch(/^\w+$/);
      expect(text).toContain(`state "${node.key}" as ${idOf(node)}`);
      if (node.type === 'final') expect(text).toContain(`${idOf(node)} --> [*]`);
    }
    for (const node of nodes.filter((n) => n.type === 'compound')) {
      expect(text).toContain(`[*] --> ${idOf(node.initial.target[0]!)}`);
    }
  });

  it('draws every transition of the definition once, with its trigger and guard, and nothing else', () => {
    const expected = allTransitions(machine).map((edge) => edgeKey(idOf(edge.source), idOf(edge.target), edge));
    const drawn = mermaidEdges(text).map((edge) => edgeKey(edge.from, edge.to, readLabel(edge.label)));
    expect(countKeys(drawn)).toEqual(countKeys(expected));
    expect(expected.length).toBeGreaterThan(nodes.length / 2);
  });

  it('nests every state inside its parent block', () => {
    const stack: string[] = [];
    const parentOf = new Map<string, string | null>();
    for (const line of text.split('\n').map((l) => l.trim())) {
      const declared = /^state ".*" as (\w+)/.exec(line);
      if (declared) parentOf.set(declared[1]!, stack.at(-1) ?? null);
      if (declared && line.endsWith('{')) stack.push(declared[1]!);
      if (line === '}') stack.pop();
    }
    for (const node of nodes.slice(1)) {
      const parent = node.parent && node.parent.parent ? idOf(node.parent) : null;
      expect(parentOf.get(idOf(node))).toBe(parent);
    }
  });
});
