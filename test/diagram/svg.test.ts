import type { AnyStateMachine } from 'xstate';
import { machineGraph, renderDot, toSvg } from '../../diagram';
import { accountMachine, environmentMachine, serviceLinkedRoleMachine } from '../../machines';
import { allStateNodes } from './walk';

const MACHINES: ReadonlyArray<[string, AnyStateMachine]> = [
  ['environment', environmentMachine],
  ['serviceLinkedRole', serviceLinkedRoleMachine],
  ['account', accountMachine],
];

describe('SVG diagrams (Graphviz in WebAssembly, offline)', () => {
  it.each(MACHINES)('the %s machine has an element per state and per transition', async (_name, machine) => {
    const svg = await toSvg(machine);
    expect(svg).toContain('<svg');
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    for (const node of allStateNodes(machine)) {
      const kind = node.type === 'compound' || node.type === 'parallel' ? 'cluster' : 'node';
      expect(svg).toMatch(new RegExp(`<g id="state:${node.id.replace(/\./g, '\\.')}" class="${kind}[ "]`));
    }
    for (const edge of machineGraph(machine).edges) expect(svg).toMatch(new RegExp(`<g id="edge:${edge.id.replace(/\./g, '\\.')}(:\\d+)?" class="edge`));
  });

  it('reports what Graphviz cannot read', async () => {
    await expect(renderDot('digraph { a -> }')).rejects.toThrow(/Graphviz could not lay out/);
  });
});
