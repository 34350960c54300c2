/**
 * Progress for embedding programs: typed events from every machine in the tree, a subscriber that
 * sees the first transition, and promise waiters that settle with the answer or with "never".
 */
import { createSimulatedAws } from '../../adapters/simulator';
import { bindMachines, startMachine, observeProgress, progressReporter, waitForEnvironment, waitForRoleDeletion, WaitError, type ProgressEvent } from '../../machines';
import { specFor } from '../support/world';

const setup = (seed = 2) => {
  const sim = createSimulatedAws({ seed });
  return { sim, machines: bindMachines(sim.ports(), { clock: sim.clock }), now: () => sim.clock.now() };
};
const input = { plan: 'teardown' as const, regions: ['eu-west-1'], environments: [{ region: 'eu-west-1', spec: specFor('alpha') }], forceRoleDeletion: true };

describe('typed progress', () => {
  it('reports environment statuses and the role task from the start of a run', async () => {
    const { sim, machines } = setup();
    await sim.ports().mwaa.createEnvironment('eu-west-1', specFor('alpha'));
    await sim.clock.advance(40 * 60_000);
    const events: ProgressEvent[] = [];
    const snapshots: unknown[] = [];
    const { done } = startMachine(machines.account, input, { onProgress: (e) => events.push(e), onSnapshot: (s) => snapshots.push((s as unknown as { value: unknown }).value), clock: sim.clock });
    await sim.clock.run(done);
    // The subscriber saw the initial state, which a subscription made after the start would have missed.
    expect(snapshots[0]).toEqual({ tearingDown: 'watching' });
    const statuses = events.flatMap((e) => (e.type === 'environment' && e.status ? [e.status] : []));
    expect(statuses).toEqual(expect.arrayContaining(['AVAILABLE', 'DELETING']));
    const role = events.filter((e) => e.type === 'role');
    expect(role.map((e) => e.type === 'role' && e.taskStatus)).toContain('SUCCEEDED');
    expect(role.every((e) => e.type === 'role' && e.state !== '' && e.operation === 'delete')).toBe(true);
    expect(events).toContainEqual(expect.objectContaining({ type: 'account', state: 'roleDeleted', outcome: expect.objectContaining({ result: 'roleDeleted' }) as unknown }));
    const times = events.map((e) => e.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('follows an actor that is already running, and its reporter writes lines and heartbeats', async () => {
    const { sim, machines, now } = setup(3);
    const lines: string[] = [];
    const reporter = progressReporter((line) => lines.push(line), { now });
    const { actor, done } = startMachine(machines.account, { ...input, plan: 'apply' });
    const subscription = observeProgress(actor, () => undefined, { tracker: reporter.tracker });
    sim.clock.setTimeout(() => reporter.heartbeat(), 10 * 60_000);
    done.catch(() => undefined);
    await sim.clock.run(waitForEnvironment(actor, 'eu-west-1/alpha', 'AVAILABLE'));
    subscription.unsubscribe();
    actor.stop();
    expect(lines).toContain('eu-west-1/alpha: CREATING');
    expect(lines.some((l) => /^still creating eu-west-1\/alpha \(CREATING\) \[9m\d+s elapsed, expected 20–35 min\]$/.test(l))).toBe(true);
  });
});

describe('waiters', () => {
  it('waits for the role deletion of a teardown', async () => {
    const { sim, machines } = setup(4);
    const { actor, done } = startMachine(machines.account, input);
    const outcome = await sim.clock.run(waitForRoleDeletion(actor));
    expect(outcome).toMatchObject({ result: 'deleted' });
    await sim.clock.run(done);
  });

  it('says "never" when the environment ends elsewhere', async () => {
    const { sim, machines } = setup(5);
    sim.planEnvironment('eu-west-1', 'alpha', { createFails: { errorCode: 'INCORRECT_CONFIGURATION', errorMessage: 'no' } });
    const { actor } = startMachine(machines.environment, { operation: 'create', region: 'eu-west-1', spec: specFor('alpha') });
    const waited = sim.clock.run(waitForEnvironment(actor, 'alpha', 'AVAILABLE'));
    await expect(waited).rejects.toThrow(WaitError);
    await expect(waited).rejects.toThrow('ended createFailed without reaching AVAILABLE');
  });

  it('stops waiting when aborted', async () => {
    const { machines } = setup(6);
    const { actor } = startMachine(machines.account, input);
    const controller = new AbortController();
    const waited = waitForRoleDeletion(actor, { signal: controller.signal });
    controller.abort();
    await expect(waited).rejects.toThrow('aborted');
    actor.stop();
  });
});
