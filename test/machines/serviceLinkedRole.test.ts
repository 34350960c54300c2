import { runMachine } from '../../machines/run';
import { newWorld, specFor } from '../support/world';

describe('service-linked role machine: ensure', () => {
  it('creates the role when absent, waits until IAM shows it, and records that it created it', async () => {
    const { bound, run, sim, callsTo } = newWorld({ timings: { roleVisibilityLag: { minMs: 8_000, maxMs: 8_000 } } });
    const outcome = await run(bound.serviceLinkedRole, { operation: 'ensure' });
    expect(outcome).toMatchObject({ result: 'ensured', ownership: 'created', trustPolicyDrift: [] });
    expect(sim.inventory().serviceLinkedRole).not.toBeNull();
    expect(callsTo('iam.createRole')).toHaveLength(1);
    // IAM hid the new role for a while: the machine polled through the lag instead of creating again.
    expect(callsTo('iam.getRole').length).toBeGreaterThan(2);
  });

  it('adopts a role that is already there and never creates another', async () => {
    const { bound, run, ports, callsTo } = newWorld({ timings: { roleVisibilityLag: { minMs: 0, maxMs: 0 } } });
    await ports.serviceLinkedRole.createRole({});
    const outcome = await run(bound.serviceLinkedRole, { operation: 'ensure' });
    expect(outcome).toMatchObject({ result: 'ensured', ownership: 'adopted' });
    expect(callsTo('iam.createRole')).toHaveLength(1);
  });

  it('treats "has been taken" during its own create as the role existing', async () => {
    const { bound, run, ports } = newWorld({ timings: { roleVisibilityLag: { minMs: 30_000, maxMs: 30_000 } } });
    // Created moments ago by someone else, still invisible to GetRole.
    await ports.serviceLinkedRole.createRole({});
    const outcome = await run(bound.serviceLinkedRole, { operation: 'ensure' });
    expect(outcome.result).toBe('ensured');
  });

  it('edits the description, the only editable part of the role', async () => {
    const { bound, run, sim } = newWorld();
    const outcome = await run(bound.serviceLinkedRole, { operation: 'ensure', description: 'MWAA, managed by mwaa-lifecycle' });
    expect(outcome).toMatchObject({ result: 'ensured', description: 'MWAA, managed by mwaa-lifecycle' });
    expect(sim.inventory().serviceLinkedRole?.description).toBe('MWAA, managed by mwaa-lifecycle');
  });

  it('rejects a description IAM would refuse before any call', async () => {
    const { bound, run, sim } = newWorld();
    const outcome = await run(bound.serviceLinkedRole, { operation: 'ensure', description: 'x'.repeat(1001) });
    expect(outcome.result).toBe('invalidInput');
    expect(sim.calls()).toHaveLength(0);
  });
});

describe('service-linked role machine: delete', () => {
  it('keeps an adopted role unless forced', async () => {
    const { bound, run, sim } = newWorld();
    await sim.ports().serviceLinkedRole.createRole({});
    const outcome = await run(bound.serviceLinkedRole, { operation: 'delete', ownership: 'adopted', verdict: { surveyedAt: sim.clock.now() } });
    expect(outcome.result).toBe('kept');
    expect(sim.calls().filter((c) => c.operation === 'iam.deleteRole')).toHaveLength(0);
  });

  it('deletes a role it created and confirms it is gone', async () => {
    const { bound, run, sim } = newWorld();
    await run(bound.serviceLinkedRole, { operation: 'ensure' });
    const outcome = await run(bound.serviceLinkedRole, { operation: 'delete', ownership: 'created', verdict: { surveyedAt: sim.clock.now() } });
    expect(outcome.result).toBe('deleted');
    expect(sim.inventory().serviceLinkedRole).toBeNull();
  });

  it('is blocked with the region and environment ARN that still use the role', async () => {
    const { bound, run, sim, ports } = newWorld();
    await ports.mwaa.createEnvironment('ap-southeast-2', specFor('elsewhere'));
    const outcome = await run(bound.serviceLinkedRole, { operation: 'delete', force: true, verdict: { surveyedAt: sim.clock.now() } });
    expect(outcome).toMatchObject({
      result: 'blocked',
      blockers: [{ region: 'ap-southeast-2', resources: ['arn:aws:airflow:ap-southeast-2:123456789012:environment/elsewhere'] }],
    });
    expect(sim.inventory().serviceLinkedRole).not.toBeNull();
  });

  it('confirms a purged deletion task with GetRole', async () => {
    const { bound, run, sim, callsTo } = newWorld({ timings: { deletionTaskRetention: { minMs: 0, maxMs: 0 } } });
    await run(bound.serviceLinkedRole, { operation: 'ensure' });
    const outcome = await run(bound.serviceLinkedRole, { operation: 'delete', ownership: 'created', verdict: { surveyedAt: sim.clock.now() } });
    expect(outcome.result).toBe('deleted');
    expect(sim.inventory().serviceLinkedRole).toBeNull();
    expect(callsTo('iam.getDeletionStatus').length).toBeGreaterThan(0);
  });

  it('is done when there is no role to delete', async () => {
    const { bound, run, clock } = newWorld();
    await expect(run(bound.serviceLinkedRole, { operation: 'delete', force: true, verdict: { surveyedAt: clock.now() } })).resolves.toMatchObject({
      result: 'deleted',
    });
  });

  it('refuses to delete without the clean survey the request rests on', async () => {
    const { bound, run, sim } = newWorld();
    await run(bound.serviceLinkedRole, { operation: 'ensure' });
    const input = { operation: 'delete', ownership: 'created' } as unknown as Parameters<typeof run<typeof bound.serviceLinkedRole>>[1];
    await expect(run(bound.serviceLinkedRole, input)).resolves.toMatchObject({ result: 'invalidInput', message: expect.stringContaining('verdict') as unknown });
    expect(sim.calls().filter((c) => c.operation === 'iam.deleteRole')).toHaveLength(0);
  });

  it('does not send the deletion request when the survey it rests on is older than allowed', async () => {
    const { bound, run, sim, clock } = newWorld();
    await run(bound.serviceLinkedRole, { operation: 'ensure' });
    const surveyedAt = clock.now();
    await clock.advance(3 * 60_000);
    const outcome = await run(bound.serviceLinkedRole, { operation: 'delete', ownership: 'created', verdict: { surveyedAt, maxAgeMs: 2 * 60_000 } });
    expect(outcome).toMatchObject({ result: 'notSent', verdictAgeMs: 3 * 60_000 });
    expect(sim.calls().filter((c) => c.operation === 'iam.deleteRole')).toHaveLength(0);
    expect(sim.inventory().serviceLinkedRole).not.toBeNull();
  });

  it('can be cancelled with an AbortSignal', async () => {
    const { bound, clock } = newWorld();
    const controller = new AbortController();
    const running = runMachine(bound.serviceLinkedRole, { operation: 'ensure' }, { signal: controller.signal });
    controller.abort();
    await expect(clock.run(running)).rejects.toThrow('aborted');
  });
});
