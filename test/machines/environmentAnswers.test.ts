import type { InspectionEvent } from 'xstate';
import type { Environment } from '../../adapters/port';
import { runMachine } from '../../machines/run';
import { newWorld, specFor } from '../support/world';

describe('environment machine: the environment it holds', () => {
  it('keeps the environment it holds while polls see no change, and takes every changed answer', async () => {
    const { bound, sim, callsTo } = newWorld();
    const held: Environment[] = [];
    const inspect = (event: InspectionEvent): void => {
      if (event.type !== '@xstate.snapshot' || event.actorRef.sessionId !== event.rootId) return;
      const environment = (event.snapshot as { context?: { environment?: Environment | null } }).context?.environment;
      if (environment && held[held.length - 1] !== environment) held.push(environment);
    };
    const outcome = await sim.clock.run(runMachine(bound.environment, { operation: 'create', region: 'eu-west-1', spec: specFor('analytics') }, { inspect }));
    expect(outcome).toMatchObject({ result: 'available' });
    // Many polls, but the held environment changed only when the answer did.
    expect(callsTo('mwaa.getEnvironment').length).toBeGreaterThan(5);
    expect(held.map((e) => e.status)).toEqual(['CREATING', 'AVAILABLE']);
    for (let i = 1; i < held.length; i++) expect(held[i]).not.toEqual(held[i - 1]);
    // What it holds at the end is what GetEnvironment says now.
    expect(held[held.length - 1]).toEqual(await sim.clock.run(sim.ports().mwaa.getEnvironment('eu-west-1', 'analytics')));
  });
});
