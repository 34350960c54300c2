import { and, createMachine, fromPromise, not, or, setup, stateIn } from 'xstate';
import { machineGraph, toDot, toMermaid, toSvg } from '../../diagram';
import { mermaidEdges, mermaidProblems } from './mermaidSyntax';
import { allTransitions, countKeys, edgeKey, readLabel } from './walk';

/** A small chart with every construct the walker reads: parallel regions, history, delays, combinators, invoke errors. */
const sample = setup({
  actors: { fetchThing: fromPromise(async () => 1) },
  guards: { ready: () => true, busy: () => false, allowed: () => true },
  actions: { note: () => undefined, tidy: () => undefined },
  delays: { patience: 2_000 },
}).createMachine({
  id: 'sample',
  initial: 'idle',
  on: { RESET: { target: '.idle', actions: 'tidy' } },
  states: {
    idle: {
      on: {
        GO: { guard: and(['ready', not('busy')]), target: 'working' },
        ALT: { guard: or(['busy', { type: 'allowed', params: { level: 2 } }]), target: 'working.hist' },
        PING: { actions: 'note' },
      },
    },
    working: {
      type: 'parallel',
      states: {
        fetch: {
          initial: 'loading',
          states: {
            loading: {
              invoke: { id: 'load', src: 'fetchThing', onDone: 'loaded', onError: { target: '#sample.broken', actions: 'note' } },
              after: { 1500: 'slow', patience: { target: 'slow', guard: stateIn('#sample.working.watch.on') } },
            },
            slow: { after: { 60_000: '#sample.broken' } },
            loaded: { type: 'final' },
          },
        },
        watch: {
          initial: 'on',
          states: {
            on: { on: { FLIP: 'off' } },
            off: { on: { FLIP: { target: 'on', guard: ({ context }) => context === undefined } } },
          },
        },
        hist: { type: 'history', history: 'deep' },
      },
      onDone: 'done',
    },
    broken: { always: { target: 'idle', guard: 'allowed' } },
    done: { type: 'final' },
  },
});

describe('the graph model of a chart with every construct', () => {
  const graph = machineGraph(sample);
  const edge = (source: string, label: string) => graph.edges.find((e) => e.source === `sample.${source}` && e.label === label)!;

  it('reads state kinds, parents, initial states and invoked actors', () => {
    const byId = new Map(graph.states.map((s) => [s.id, s]));
    expect(byId.get('sample')?.parent).toBeNull();
    expect(byId.get('sample.working')?.type).toBe('parallel');
    expect(byId.get('sample.working.hist')).toMatchObject({ type: 'history', history: 'deep' });
    expect(byId.get('sample.working.fetch')).toMatchObject({ type: 'compound', initial: 'sample.working.fetch.loading' });
    expect(byId.get('sample.working.fetch.loading')?.invoke).toEqual([{ id: 'load', src: 'fetchThing' }]);
    expect(byId.get('sample.broken')?.transient).toBe(true);
    expect(byId.get('sample.done')?.type).toBe('final');
  });

  it('reads triggers, delays, guards (combinators included) and actions', () => {
    expect(edge('idle', 'GO').guardLabel).toBe('ready and not busy');
    expect(edge('idle', 'ALT').guardLabel).toBe('busy or allowed(2)');
    expect(edge('idle', 'PING')).toMatchObject({ targets: [], actions: ['note'] });
    expect(edge('working.fetch.loading', 'error: fetchThing')).toMatchObject({ trigger: 'error', targets: ['sample.broken'], actions: ['note'] });
    expect(edge('working.fetch.loading', 'done: fetchThing').targets).toEqual(['sample.working.fetch.loaded']);
    expect(edge('working.fetch.loading', 'after 1.5s').delay).toBe(1500);
    expect(edge('working.fetch.loading', 'after patience').guardLabel).toBe('in(#sample.working.watch.on)');
    expect(edge('working.fetch.slow', 'after 1min').targets).toEqual(['sample.broken']);
    expect(edge('working.watch.off', 'FLIP').guardLabel).toBe('inline');
    expect(edge('working', 'done').trigger).toBe('stateDone');
    expect(edge('broken', 'always').guard).toEqual({ kind: 'named', name: 'allowed', params: null });
    expect(edge('', 'RESET')).toBeUndefined();
    expect(graph.edges.find((e) => e.source === 'sample' && e.label === 'RESET')).toMatchObject({ targets: ['sample.idle'], actions: ['tidy'] });
  });

  it('draws parallel regions, history and root transitions in valid Mermaid', () => {
    const text = toMermaid(sample, { direction: 'LR' });
    expect(mermaidProblems(text)).toEqual([]);
    expect(text).toContain('direction LR');
    expect(text).toMatch(/\n\s+--\n/);
    expect(text).toContain('state "hist (H*)" as working__hist');
    // A transition of the machine itself: the root is drawn as a box it can leave.
    expect(text).toContain('[*] --> sample');
    expect(text).toContain('sample --> idle : RESET');
    const idOf = (path: readonly string[]) => (path.length === 0 ? 'sample' : path.join('__'));
    const drawn = mermaidEdges(text).map((e) => edgeKey(e.from, e.to, readLabel(e.label)));
    for (const [key, count] of countKeys(allTransitions(sample).map((t) => edgeKey(idOf(t.source.path), idOf(t.target.path), t)))) {
      expect([key, drawn.filter((d) => d === key).length]).toEqual([key, count]);
    }
  });

  it('lays out in Graphviz with a cluster per container', async () => {
    const dot = toDot(sample, { rankdir: 'LR' });
    expect(dot).toContain('subgraph "cluster_sample.working" {');
    const svg = await toSvg(sample);
    for (const state of graph.states) expect(svg).toContain(`id="state:${state.id}"`);
  });
});

describe('Mermaid ids and labels of awkward state keys', () => {
  const awkward = createMachine({
    id: 'odd',
    initial: 'a-b',
    states: {
      'a-b': { on: { 'GO;NOW': 'a_b' } },
      a_b: { on: { '<back>': 'say "hi" #1' } },
      'say "hi" #1': { on: { END: 'end' } },
      end: { type: 'final' },
    },
  });

  it('keeps ids distinct and plain and escapes what Mermaid would read', () => {
    const text = toMermaid(awkward);
    expect(mermaidProblems(text)).toEqual([]);
    expect(text).toContain('state "a-b" as a_b\n');
    expect(text).toContain('state "a_b" as a_b_2\n');
    expect(text).toContain('state "say #quot;hi#quot; #35;1" as say__hi___1');
    expect(text).toContain('state "end" as s_end');
    expect(mermaidEdges(text).map((e) => `${e.from} ${e.to} ${e.label}`)).toEqual([
      'a_b a_b_2 GO;NOW',
      'a_b_2 say__hi___1 <back>',
      'say__hi___1 s_end END',
    ]);
  });
});
