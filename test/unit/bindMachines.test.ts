/**
 * Machines bound by `bindMachines`: each binding talks to its own ports, however many bindings run
 * at once; the role and account machines are bound on first use, once; and the bound machines
 * still work as XState logic (provide, persist, restore).
 */
import { createActor, fromPromise, type Snapshot } from 'xstate';
import { createSimulatedAws } from '../../adapters/simulator';
import type { Environment, EnvironmentSpec } from '../../adapters/port';
import { environmentMachine } from '../../machines/environment.machine';
import { runMachine, startMachine } from '../../machines/run';
import { bindMachines } from '../../machines/wiring';
import type { CallResult } from '../../machines/results';

const spec = (name: string): EnvironmentSpec => ({
  name,
  executionRoleArn: 'arn:aws:iam::123456789012:role/mwaa-execution',
  sourceBucketArn: 'arn:aws:s3:::dags-bucket',
  dagS3Path: 'dags',
  networkConfiguration: { subnetIds: [`subnet-${name}-a`, `subnet-${name}-b`], securityGroupIds: [`sg-${name}`] },
});

describe('bindMachines', () => {
  it('gives each binding its own ports, also when several run at once', async () => {
    const first = createSimulatedAws({ seed: 1 });
    const second = createSimulatedAws({ seed: 2 });
    const a = bindMachines(first.ports(), { clock: first.clock });
    const b = bindMachines(second.ports(), { clock: second.clock });
    expect(a.environment).not.toBe(b.environment);
    const [one, two] = await Promise.all([
      first.clock.run(runMachine(a.environment, { operation: 'create', region: 'eu-west-1', spec: spec('first') })),
      second.clock.run(runMachine(b.environment, { operation: 'create', region: 'us-east-1', spec: spec('second') })),
    ]);
    expect(one.result).toBe('available');
    expect(two.result).toBe('available');
    expect(first.inventory().environments.map((e) => e.name)).toEqual(['first']);
    expect(second.inventory().environments.map((e) => e.name)).toEqual(['second']);
    expect(new Set(first.calls().map((c) => c.target ?? ''))).not.toContain('second');
    expect(new Set(second.calls().map((c) => c.target ?? ''))).not.toContain('first');
  });

  it('leaves the unbound machine unbound', async () => {
    const sim = createSimulatedAws({ seed: 3 });
    bindMachines(sim.ports(), { clock: sim.clock });
    const actor = createActor(environmentMachine, { input: { operation: 'delete', region: 'eu-west-1', name: 'x' } });
    const failed = new Promise<unknown>((resolve) => actor.subscribe({ error: resolve }));
    actor.start();
    expect(String(await failed)).toMatch(/not bound to an adapter/);
    expect(sim.calls()).toHaveLength(0);
  });

  it('binds the role and account machines once, on first use', () => {
    const sim = createSimulatedAws({ seed: 4 });
    const bound = bindMachines(sim.ports(), { clock: sim.clock });
    expect(bound.account).toBe(bound.account);
    expect(bound.serviceLinkedRole).toBe(bound.serviceLinkedRole);
    expect(bound.account.id).toBe('account');
  });

  it('can be provided again, persisted and restored', async () => {
    const sim = createSimulatedAws({ seed: 5 });
    const bound = bindMachines(sim.ports(), { clock: sim.clock });
    const missing = fromPromise<CallResult<Environment | null>, { region: string; name: string }>(async () => ({ ok: true, value: null, at: sim.clock.now(), startedAt: sim.clock.now() }));
    const stubbed = bound.environment.provide({ actors: { getEnvironment: missing } });
    const outcome = await sim.clock.run(runMachine(stubbed, { operation: 'delete', region: 'eu-west-1', name: 'never-made' }));
    expect(outcome.result).toBe('deleted');
    expect(sim.calls()).toHaveLength(0);

    const { actor } = startMachine(bound.environment, { operation: 'create', region: 'eu-west-1', spec: spec('saved') });
    await sim.clock.advance(5 * 60_000);
    const saved = JSON.parse(JSON.stringify(actor.getPersistedSnapshot())) as Snapshot<unknown>;
    actor.stop();
    const resumed = await sim.clock.run(runMachine(bound.environment, { operation: 'create', region: 'eu-west-1', spec: spec('saved') }, { snapshot: saved }));
    expect(resumed.result).toBe('available');
  });
});
