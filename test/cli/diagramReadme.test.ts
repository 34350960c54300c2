import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderDiagram } from '../../diagram';
import { DIAGRAM_MACHINES, type DiagramMachineName } from '../../cli/diagramCommand';
import { embeddedDiagrams } from '../../cli/markdownDiagrams';

const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

describe("the README's diagrams", () => {
  const embedded = embeddedDiagrams(README);

  it('embeds the Mermaid diagram of each of the three machines', () => {
    expect(Object.keys(embedded).sort()).toEqual(Object.keys(DIAGRAM_MACHINES).sort());
  });

  it.each(Object.keys(DIAGRAM_MACHINES) as DiagramMachineName[])('shows the %s machine as it is now (run `npm run diagrams` after changing it)', async (name) => {
    expect(embedded[name]).toBe(await renderDiagram(DIAGRAM_MACHINES[name], 'mermaid'));
  });
});
