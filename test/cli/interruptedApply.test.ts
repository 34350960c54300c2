/**
 * An apply interrupted in the middle of a 30-minute create resumes from its state file: the
 * environments' own progress is kept, no second CreateEnvironment is sent, and a second apply
 * after the first finished reads AWS afresh and creates only what the plan added.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSimulatedAws } from '../../adapters/simulator';
import { runAccount } from '../../cli/runAccount';
import type { PlanFile } from '../../cli/planFile';
import { specFor } from '../support/world';
import { plan, tmp } from './helpers';

describe('an interrupted apply', () => {
  it('resumes mid-create without a second CreateEnvironment, keeping each environment\'s progress', async () => {
    const sim = createSimulatedAws({ seed: 11 });
    const stateFile = join(tmp(), 'state.json');
    const common = { plan, ports: sim.ports(), clock: sim.clock, virtualClock: sim.clock, stateFile };
    const controller = new AbortController();
    sim.clock.setTimeout(() => controller.abort(), 12 * 60_000);
    await expect(runAccount({ ...common, command: 'apply', signal: controller.signal })).rejects.toThrow('interrupted');

    // The state file holds the children mid-create, not only the orchestrator.
    const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as { snapshot: { children: Record<string, { snapshot: { value: unknown } }> } };
    const children = Object.values(saved.snapshot.children);
    expect(children.length).toBe(plan.environments.length);
    for (const child of children) expect(child.snapshot.value).toMatchObject({ creating: { inProgress: expect.any(String) as unknown } });

    const creates = () => sim.calls().filter((c) => c.operation === 'mwaa.createEnvironment' && c.outcome === 'ok').length;
    expect(creates()).toBe(plan.environments.length);
    const resumed = await runAccount({ ...common, command: 'apply' });
    expect(resumed.kind).toBe('ready');
    expect(creates()).toBe(plan.environments.length);
  });

  it('creates only what the plan added when apply runs again after it finished', async () => {
    const sim = createSimulatedAws({ seed: 12 });
    const stateFile = join(tmp(), 'state.json');
    const common = { ports: sim.ports(), clock: sim.clock, virtualClock: sim.clock, stateFile };
    expect((await runAccount({ ...common, plan, command: 'apply' })).kind).toBe('ready');
    const before = sim.calls().length;
    const again = await runAccount({ ...common, plan, command: 'apply' });
    expect(again.kind).toBe('ready');
    // It read AWS again (lookups), and sent no create.
    const since = sim.calls().slice(before);
    expect(since.some((c) => c.operation === 'mwaa.getEnvironment')).toBe(true);
    expect(since.filter((c) => c.operation === 'mwaa.createEnvironment')).toEqual([]);
    expect(again.kind === 'ready' ? again.context.ownership : null).toBe('created');
  });

  it('converges a changed plan on the next apply: updates what differs, creates what was added', async () => {
    const sim = createSimulatedAws({ seed: 13 });
    const stateFile = join(tmp(), 'state.json');
    const common = { ports: sim.ports(), clock: sim.clock, virtualClock: sim.clock };
    expect((await runAccount({ ...common, plan, command: 'apply', stateFile })).kind).toBe('ready');
    const first = plan.environments[0]!;
    const changed: PlanFile = {
      ...plan,
      environments: [{ region: first.region, spec: { ...first.spec, maxWorkers: 7 } }, ...plan.environments.slice(1), { region: first.region, spec: specFor('added') }],
    };
    // A changed plan is a new plan: its own state file (the old one is tied to the old plan).
    const result = await runAccount({ ...common, plan: changed, command: 'apply', stateFile: join(tmp(), 'state2.json') });
    expect(result.kind).toBe('ready');
    const results = result.kind === 'ready' ? result.context.results : {};
    expect(results[`${first.region}/${first.spec.name}`]).toMatchObject({ result: 'updated', changed: ['maxWorkers'] });
    expect(results[`${first.region}/added`]).toMatchObject({ result: 'available', adopted: false });
  });
});
