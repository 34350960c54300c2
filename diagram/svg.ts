/**
 * SVG for a machine, laid out by Graphviz compiled to WebAssembly (`@viz-js/viz`): offline, the
 * WASM ships inside the package.
 *
 * `@viz-js/viz` is an ES module package that also publishes a CommonJS build under its `require`
 * export condition. This project compiles to CommonJS, where a static `import` of an ES module
 * package does not type-check and a dynamic `import()` fails under Jest's CommonJS runtime; so the
 * package is loaded through `createRequire` (Node picks the CommonJS build, in Jest and in `dist/`
 * alike) and typed from its own declarations with a type-only import.
 */
import { createRequire } from 'node:module';
import type { Viz } from '@viz-js/viz' with { 'resolution-mode': 'import' };
import type { AnyStateMachine } from 'xstate';
import { graphToDot, type DotOptions } from './dot';
import { machineGraph } from './graph';
import type { MachineGraph } from './model';

interface VizModule {
  instance(): Promise<Viz>;
}

let viz: Promise<Viz> | null = null;

/** The shared Graphviz instance, compiled once per process. */
function graphviz(): Promise<Viz> {
  if (viz === null) {
    const load = createRequire(__filename);
    viz = (load('@viz-js/viz') as VizModule).instance();
    viz.catch(() => {
      viz = null;
    });
  }
  return viz;
}

/** Lays out DOT text with Graphviz's `dot` engine and returns the SVG; throws with Graphviz's errors. */
export async function renderDot(dot: string): Promise<string> {
  const result = (await graphviz()).render(dot, { format: 'svg', engine: 'dot' });
  if (result.status === 'success') return result.output;
  throw new Error(`Graphviz could not lay out the diagram: ${result.errors.map((error) => error.message).join('; ')}`);
}

/** SVG for an already walked graph. */
export function graphToSvg(graph: MachineGraph, options: DotOptions = {}): Promise<string> {
  return renderDot(graphToDot(graph, options));
}

/**
 * SVG for `machine`: its DOT laid out by Graphviz. Every state is a `<g>` with id `state:<state id>`
 * (a node, or a cluster for compound states) and every edge one with id `edge:<edge id>`.
 */
export function toSvg(machine: AnyStateMachine, options: DotOptions = {}): Promise<string> {
  return graphToSvg(machineGraph(machine), options);
}
