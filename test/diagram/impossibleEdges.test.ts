/**
 * The environment chart draws only edges that can happen: every verdict a waiting loop's decision
 * table branches on is one that `classify` can return in that loop's phase, for some MWAA status.
 * A shared table drawing, say, `deleting → available` would fail here.
 */
import { machineGraph } from '../../diagram';
import type { Environment, EnvironmentStatus } from '../../adapters/port';
import { classify, type EnvironmentPhase, type Verdict } from '../../machines/environment.logic';
import { environmentMachine } from '../../machines/environment.machine';

const STATUSES: Array<EnvironmentStatus | null> = [
  null, 'CREATING', 'CREATE_FAILED', 'AVAILABLE', 'UPDATING', 'DELETING', 'DELETED', 'UNAVAILABLE',
  'UPDATE_FAILED', 'ROLLING_BACK', 'CREATING_SNAPSHOT', 'PENDING', 'MAINTENANCE',
];
const LAST_UPDATES = [undefined, 'SUCCESS', 'PENDING', 'FAILED'] as const;

/** Every verdict `classify` can return in `phase`. */
function possibleVerdicts(phase: EnvironmentPhase): Set<Verdict> {
  const out = new Set<Verdict>();
  for (const status of STATUSES) {
    for (const last of LAST_UPDATES) {
      const env = status === null ? null : ({ status, ...(last ? { lastUpdate: { status: last } } : {}) } as unknown as Environment);
      out.add(classify(phase, env));
    }
  }
  return out;
}

/** The phase each waiting loop of the chart polls in. */
const LOOPS: Record<string, EnvironmentPhase> = {
  'environment.creating.inProgress.deciding': 'create',
  'environment.pending.deciding': 'pending',
  'environment.updating.awaitingIdle.deciding': 'awaitIdle',
  'environment.updating.inProgress.deciding': 'update',
  'environment.deleting.awaitingDeletable.deciding': 'delete',
  'environment.deleting.inProgress.deciding': 'delete',
};

describe('the environment chart', () => {
  const graph = machineGraph(environmentMachine);
  const verdictEdges = graph.edges.filter((e) => e.guard?.kind === 'named' && e.guard.name === 'verdictIs');

  it('has a decision table in every loop it names, and no other', () => {
    expect(new Set(verdictEdges.map((e) => e.source))).toEqual(new Set(Object.keys(LOOPS)));
  });

  it.each(Object.entries(LOOPS))('%s branches only on verdicts its phase can produce', (source, phase) => {
    const possible = possibleVerdicts(phase);
    const branched = verdictEdges.filter((e) => e.source === source).map((e) => (e.guard?.kind === 'named' ? e.guard.params?.['verdict'] : null) as Verdict);
    expect(branched.length).toBeGreaterThan(0);
    expect(branched.filter((v) => !possible.has(v))).toEqual([]);
  });

  it('reads as the lifecycle: each operation is one state, and the finals say how it ended', () => {
    const top = graph.states.filter((s) => s.parent === 'environment').map((s) => s.key);
    expect(top.slice(0, 5)).toEqual(['routing', 'creating', 'pending', 'updating', 'deleting']);
    const deleting = graph.states.filter((s) => s.parent === 'environment.deleting').map((s) => s.key);
    expect(deleting.indexOf('requesting')).toBeLessThan(deleting.indexOf('inProgress'));
  });
});
