import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

/** Every module reachable from `entry` through static imports, with the packages each imports. */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const queue = [resolve(ROOT, entry)];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (graph.has(file)) continue;
    const source = readFileSync(file, 'utf8');
    const specifiers = [...source.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1] as string);
    const packages: string[] = [];
    for (const spec of specifiers) {
      if (!spec.startsWith('.')) {
        packages.push(spec);
        continue;
      }
      const base = join(dirname(file), spec);
      const target = [`${base}.ts`, join(base, 'index.ts')].find((p) => existsSync(p));
      if (target) queue.push(target);
    }
    graph.set(file, packages);
  }
  return graph;
}

describe('packaging', () => {
  it.each(['index.ts', 'adapters/simulator/index.ts', 'machines/index.ts'])('%s never loads the AWS SDK', (entry) => {
    const offenders = [...importGraph(entry)].filter(([, pkgs]) => pkgs.some((p) => p.startsWith('@aws-sdk/') || p.startsWith('@smithy/')));
    expect(offenders.map(([file]) => file.slice(ROOT.length + 1))).toEqual([]);
  });

  it('the AWS entry point does load it (so the check above can see SDK imports)', () => {
    const graph = importGraph('adapters/aws/index.ts');
    expect([...graph.values()].flat().some((p) => p.startsWith('@aws-sdk/'))).toBe(true);
  });
});
