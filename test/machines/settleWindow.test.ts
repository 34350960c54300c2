/**
 * The role gate's settle window on the simulated AWS: a region that cannot be read for a few
 * minutes keeps its watch, one unreadable for longer than the watch gap starts it again.
 */
import { createSimulatedAws, type FaultRule } from '../../adapters/simulator';
import type { AccountInput } from '../../machines/account.types';
import { runMachine, startMachine } from '../../machines/run';
import { bindMachines } from '../../machines/wiring';
import { watchRoleDeletion } from '../support/roleGuard';
import { specFor } from '../support/world';

const MIN = 60_000;
const SETTLE = 30 * MIN;

/** Deletes the role of a world with no environment while `faults` (minutes from the start) apply; returns when the deletion was requested. */
async function deletionRequestedAfter(faults: Array<Omit<FaultRule, 'from' | 'until' | 'rate' | 'kind'> & { fromMin: number; untilMin: number }>, discoverRegions = false) {
  const sim = createSimulatedAws({ seed: 5 });
  await sim.clock.run(runMachine(bindMachines(sim.ports(), { clock: sim.clock }).serviceLinkedRole, { operation: 'ensure' }));
  const start = sim.clock.now();
  for (const f of faults) sim.addFault({ operation: f.operation, ...(f.region === undefined ? {} : { region: f.region }), kind: 'throttle', rate: 1, from: start + f.fromMin * MIN, until: start + f.untilMin * MIN });
  const violations: string[] = [];
  const bound = bindMachines(watchRoleDeletion(sim, sim.ports(), violations), { clock: sim.clock });
  const input: AccountInput = { plan: 'deleteRole', regions: ['eu-west-1', 'us-east-1'], discoverRegions, forceRoleDeletion: true, timeouts: { settleMs: SETTLE } };
  const outcome = await sim.clock.run(runMachine(bound.account, input));
  const requests = sim.calls().filter((c) => c.operation === 'iam.deleteRole' && c.at >= start);
  expect(violations).toEqual([]);
  expect(outcome.result).toBe('roleDeleted');
  expect(requests).toHaveLength(1);
  // Each fault did make a survey miss what it covers.
  for (const f of faults) {
    const covered = sim.calls().filter((c) => c.operation === f.operation && (f.region === undefined || c.region === f.region) && c.startedAt >= start + f.fromMin * MIN && c.startedAt < start + f.untilMin * MIN);
    expect(covered.length).toBeGreaterThan(0);
    expect(covered.every((c) => c.outcome === 'Throttled')).toBe(true);
  }
  return ((requests[0]?.at ?? Number.NaN) - start) / MIN;
}

describe('the role gate settle window', () => {
  it('requests the deletion one window after the first survey when nothing is ever unreadable', async () => {
    const minute = await deletionRequestedAfter([]);
    expect(minute).toBeGreaterThanOrEqual(30);
    expect(minute).toBeLessThan(36);
  });

  it('keeps the window of a region that could not be read for a few minutes', async () => {
    const minute = await deletionRequestedAfter([{ operation: 'mwaa.listEnvironments', region: 'eu-west-1', fromMin: 10, untilMin: 14 }]);
    expect(minute).toBeGreaterThanOrEqual(30);
    expect(minute).toBeLessThan(36);
  });

  it('starts the window again for a region unreadable for longer than 10 minutes', async () => {
    const minute = await deletionRequestedAfter([{ operation: 'mwaa.listEnvironments', region: 'eu-west-1', fromMin: 8, untilMin: 25 }]);
    // Its first read after the fault opens a new window.
    expect(minute).toBeGreaterThanOrEqual(25 + 30);
    expect(minute).toBeLessThan(25 + 36);
  });

  it('keeps discovered regions watched through a few minutes without the region listing, and restarts them after longer', async () => {
    const short = await deletionRequestedAfter([{ operation: 'ec2.listRegions', fromMin: 10, untilMin: 14 }], true);
    expect(short).toBeLessThan(36);
    const long = await deletionRequestedAfter([{ operation: 'ec2.listRegions', fromMin: 8, untilMin: 25 }], true);
    expect(long).toBeGreaterThanOrEqual(25 + 30);
  });

  it('never deletes the role while an environment made and deleted during a long unreadable spell is still going', async () => {
    // The worst world: ListEnvironments hides DELETING, IAM does not count it, interfaces look like nothing in particular.
    const sim = createSimulatedAws({ seed: 3, uncertainty: 'worst' });
    const setup = bindMachines(sim.ports(), { clock: sim.clock });
    await sim.clock.run(runMachine(setup.serviceLinkedRole, { operation: 'ensure' }));
    const start = sim.clock.now();
    sim.addFault({ operation: 'mwaa.listEnvironments', region: 'eu-west-1', kind: 'throttle', rate: 1, from: start + 5 * MIN, until: start + 45 * MIN });
    // Someone else's environment (its own endpoints, in a network no survey has seen) is made and deleted while no survey can list the region.
    const spec = specFor('passer', { endpointManagement: 'CUSTOMER' });
    let deletionStarted = Number.NaN;
    const passer = new Promise<void>((resolve) => {
      sim.clock.setTimeout(() => {
        void (async () => {
          await runMachine(setup.environment, { operation: 'create', region: 'eu-west-1', spec, returnWhenPending: true });
          sim.releasePendingEnvironment('eu-west-1', 'passer');
          await runMachine(setup.environment, { operation: 'create', region: 'eu-west-1', spec });
          deletionStarted = sim.clock.now();
          await runMachine(setup.environment, { operation: 'delete', region: 'eu-west-1', name: 'passer' });
          resolve();
        })();
      }, 6 * MIN);
    });
    const violations: string[] = [];
    const bound = bindMachines(watchRoleDeletion(sim, sim.ports(), violations), { clock: sim.clock });
    const input: AccountInput = { plan: 'deleteRole', regions: ['eu-west-1'], discoverRegions: false, forceRoleDeletion: true, timeouts: { settleMs: 45 * MIN } };
    const outcome = await sim.clock.run(Promise.all([runMachine(bound.account, input), passer]).then(([o]) => o));
    // The spell outlasted the watch gap, so the region's window started again at its next read.
    const requested = sim.calls().find((c) => c.operation === 'iam.deleteRole' && c.at >= start)?.at ?? Number.NaN;
    expect(deletionStarted - start).toBeLessThan(45 * MIN);
    expect(requested - start).toBeGreaterThanOrEqual(45 * MIN + 45 * MIN);
    expect(violations).toEqual([]);
    expect(outcome.result).toBe('roleDeleted');
    expect(sim.inventory()).toMatchObject({ environments: [], networkInterfaces: [] });
  });

  it('starts the window again after a restore that followed more than 10 minutes of downtime, and keeps it after a short one', async () => {
    const requestedAfterRestore = async (downtimeMin: number): Promise<{ saved: number; requested: number }> => {
      const sim = createSimulatedAws({ seed: 5 });
      await sim.clock.run(runMachine(bindMachines(sim.ports(), { clock: sim.clock }).serviceLinkedRole, { operation: 'ensure' }));
      const start = sim.clock.now();
      const violations: string[] = [];
      const bound = bindMachines(watchRoleDeletion(sim, sim.ports(), violations), { clock: sim.clock });
      const input: AccountInput = { plan: 'deleteRole', regions: ['eu-west-1', 'us-east-1'], discoverRegions: false, forceRoleDeletion: true, timeouts: { settleMs: SETTLE } };
      const first = startMachine(bound.account, input);
      await sim.clock.advance(20 * MIN);
      const saved = JSON.parse(JSON.stringify(first.actor.getPersistedSnapshot())) as never;
      first.actor.stop();
      await sim.clock.advance(downtimeMin * MIN);
      const outcome = await sim.clock.run(startMachine(bound.account, input, { snapshot: saved }).done);
      expect(outcome.result).toBe('roleDeleted');
      expect(violations).toEqual([]);
      const requests = sim.calls().filter((c) => c.operation === 'iam.deleteRole' && c.at >= start);
      expect(requests).toHaveLength(1);
      return { saved: 20, requested: ((requests[0]?.at ?? Number.NaN) - start) / MIN };
    };
    const long = await requestedAfterRestore(30);
    // Back at minute 50: the reads before the downtime no longer count.
    expect(long.requested).toBeGreaterThanOrEqual(long.saved + 30 + 30);
    const short = await requestedAfterRestore(2);
    expect(short.requested).toBeLessThan(36);
  });
});
