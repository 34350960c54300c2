import type { AnyStateMachine } from 'xstate';
import { toDot } from '../../diagram';
import { accountMachine, environmentMachine, serviceLinkedRoleMachine } from '../../machines';
import { allStateNodes, allTransitions, countKeys, edgeKey, readLabel } from './walk';

const MACHINES: ReadonlyArray<[string, AnyStateMachine]> = [
  ['environment', environmentMachine],
  ['serviceLinkedRole', serviceLinkedRoleMachine],
  ['account', accountMachine],
];

interface DotEdge {
  readonly from: string;
  readonly to: string;
  readonly attrs: Record<string, string>;
}

/** Labelled edge statements of DOT text; a container's `<id>/initial` point stands for the container. */
function dotEdges(text: string): DotEdge[] {
  const state = (node: string): string => node.replace(/\/initial$/, '');
  return text
    .split('\n')
    .map((line) => /^\s*"((?:[^"\\]|\\.)*)" -> "((?:[^"\\]|\\.)*)" \[(.*)\];$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => {
      const attrs = Object.fromEntries([...match[3]!.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((a) => [a[1]!, a[2]!]));
      return { from: state(match[1]!), to: state(match[2]!), attrs };
    })
    .filter((edge) => edge.attrs['label'] !== undefined && edge.attrs['label'] !== '');
}

describe.each(MACHINES)('DOT diagram of the %s machine', (_name, machine) => {
  const text = toDot(machine);
  const nodes = allStateNodes(machine);

  it('is one digraph with balanced blocks', () => {
    expect(text.startsWith(`digraph "${machine.id}" {`)).toBe(true);
    expect(text.split('{').length).toBe(text.split('}').length);
    expect(text).toContain('compound=true');
  });

  it('has a node for every atomic or final state and a cluster for every container', () => {
    for (const node of nodes) {
      const container = node.type === 'compound' || node.type === 'parallel';
      expect(text).toContain(container ? `subgraph "cluster_${node.id}" {` : `"${node.id}" [id="state:${node.id}"`);
      expect(text).toContain(`"state:${node.id}"`);
    }
  });

  it('draws every transition of the definition once, with its trigger and guard, and nothing else', () => {
    const expected = allTransitions(machine).map((edge) => edgeKey(edge.source.id, edge.target.id, edge));
    const drawn = dotEdges(text).map((edge) => edgeKey(edge.from, edge.to, readLabel(edge.attrs['label']!)));
    expect(countKeys(drawn)).toEqual(countKeys(expected));
  });

  it('clips edges of containers to their cluster border', () => {
    for (const edge of dotEdges(text)) {
      const from = nodes.find((n) => n.id === edge.from)!;
      const to = nodes.find((n) => n.id === edge.to)!;
      const outside = (inner: typeof from, outer: typeof from) => !outer.path.every((key: string, i: number) => inner.path[i] === key);
      if (from.type === 'compound' && from !== to && outside(to, from)) expect(edge.attrs['ltail']).toBe(`cluster_${from.id}`);
      if (to.type === 'compound' && from !== to && outside(from, to)) expect(edge.attrs['lhead']).toBe(`cluster_${to.id}`);
    }
  });
});
