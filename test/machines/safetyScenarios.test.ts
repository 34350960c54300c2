/**
 * One scenario per way the role gate, the create step or the waits were found to break under an
 * AWS we cannot rule out. Each names the defect it guards against.
 */
import { createActor } from 'xstate';
import { roleNotAssumableMessage } from '../../domain/awsMessages';
import type { AwsPorts } from '../../adapters/port';
import { createSimulatedAws, type SimulatorOptions } from '../../adapters/simulator';
import type { AccountInput, AccountOutcome } from '../../machines/account.types';
import { fixedIntervalPolicy } from '../../machines/polling';
import { restoreSnapshot, runMachine, startMachine } from '../../machines/run';
import { bindMachines } from '../../machines/wiring';
import { watchRoleDeletion } from '../support/roleGuard';
import { specFor } from '../support/world';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** A simulated account, machines bound through the role-deletion watcher. */
function world(options: SimulatorOptions = {}, bind: Parameters<typeof bindMachines>[1] = {}) {
  const sim = createSimulatedAws({ seed: 11, ...options });
  const violations: string[] = [];
  const ports: AwsPorts = watchRoleDeletion(sim, sim.ports(), violations);
  const bound = bindMachines(ports, { clock: sim.clock, ...bind });
  const setup = bindMachines(sim.ports(), { clock: sim.clock });
  const calls = (operation: string, region?: string) =>
    sim.calls().filter((c) => c.operation === operation && (region === undefined || c.region === region));
  return { sim, clock: sim.clock, bound, setup, violations, calls };
}

const deleteRole = (regions: string[], over: Partial<AccountInput> = {}): AccountInput => ({
  plan: 'deleteRole',
  regions,
  forceRoleDeletion: true,
  ...over,
});

describe('the role gate under the worst AWS we cannot rule out', () => {
  it('(1) watches a region nobody listed, and never re-sends the deletion in a loop when IAM names one', async () => {
    const w = world();
    await w.clock.run(runMachine(w.setup.environment, { operation: 'create', region: 'ap-northeast-1', spec: specFor('foreign') }));
    // Discovery on (the default): the environment blocks before any deletion request.
    const discovered = await w.clock.run(runMachine(w.bound.account, deleteRole(['eu-west-1'], { timeouts: { blockedMs: HOUR } })));
    expect(discovered).toMatchObject({ result: 'blocked', blockers: expect.arrayContaining([expect.objectContaining({ region: 'ap-northeast-1', id: 'foreign' })]) as unknown });
    expect(w.calls('iam.deleteRole')).toHaveLength(0);

    // Discovery off: IAM's refusal names the region, which joins the watch at once; requests stay few.
    const blind = await w.clock.run(
      runMachine(w.bound.account, deleteRole(['eu-west-1'], { discoverRegions: false, timeouts: { blockedMs: 24 * HOUR, settleMs: 0 } })),
    );
    expect(blind).toMatchObject({ result: 'blocked' });
    // Unwatched, the environment is only seen by IAM: its one refusal is the last request of the day.
    expect(w.calls('iam.deleteRole')).toHaveLength(1);
    expect(w.calls('mwaa.listEnvironments', 'ap-northeast-1').length).toBeGreaterThan(1);
    expect(blind.result === 'blocked' && blind.blockers.some((b) => b.region === 'ap-northeast-1' && b.kind === 'environment')).toBe(true);
  });

  it('(2) sends every deletion request, resends included, right after a fresh clean survey', async () => {
    const w = world();
    await w.clock.run(runMachine(w.setup.serviceLinkedRole, { operation: 'ensure' }));
    w.sim.failNext({ operation: 'iam.deleteRole', times: 3, awsName: 'ServiceFailure', message: 'failure', httpStatus: 500 });
    const outcome = await w.clock.run(runMachine(w.bound.account, deleteRole(['eu-west-1'], { timeouts: { settleMs: 0 } })));
    expect(outcome).toMatchObject({ result: 'roleDeleted' });
    const calls = w.sim.calls();
    const requests = calls.flatMap((c, i) => (c.operation === 'iam.deleteRole' ? [i] : []));
    expect(requests).toHaveLength(4);
    for (const [n, index] of requests.entries()) {
      const previous = n === 0 ? -1 : (requests[n - 1] as number);
      const surveyed = calls.slice(previous + 1, index).some((c) => c.operation === 'mwaa.listEnvironments');
      expect(surveyed).toBe(true);
    }
    expect(outcome.result === 'roleDeleted' && outcome.verdictAgeMs !== null && outcome.verdictAgeMs <= 2 * MIN).toBe(true);
  });

  it('(2) does not send a deletion request restored hours later on the old survey', async () => {
    const w = world();
    await w.clock.run(runMachine(w.setup.serviceLinkedRole, { operation: 'ensure' }));
    w.sim.setLatency('iam.deleteRole', { minMs: 5_000, maxMs: 5_000 });
    const input = deleteRole(['eu-west-1'], { timeouts: { settleMs: 0, blockedMs: HOUR } });
    const first = startMachine(w.bound.account, input);
    await w.clock.run(new Promise<void>((resolve) => first.actor.subscribe((s) => s.matches('deletingRole') && resolve())));
    const saved = JSON.parse(JSON.stringify(first.actor.getPersistedSnapshot())) as never;
    first.actor.stop();
    // Three hours later, someone has made an environment in a watched region.
    await w.clock.advance(3 * HOUR);
    await w.clock.run(runMachine(w.setup.environment, { operation: 'create', region: 'eu-west-1', spec: specFor('newcomer') }));
    const resumed = startMachine(w.bound.account, input, { snapshot: saved });
    const outcome = await w.clock.run(resumed.done);
    expect(outcome).toMatchObject({ result: 'blocked', blockers: expect.arrayContaining([expect.objectContaining({ id: 'newcomer' })]) as unknown });
    expect(w.violations).toEqual([]);
    expect(w.sim.inventory().serviceLinkedRole).not.toBeNull();
  });

  it('(3) finds interfaces that are not requester-managed and outlive their endpoints, and waits for them', async () => {
    const w = world({ uncertainty: { interfaces: { requesterManaged: false, interfaceType: 'interface', description: 'blank', lingerAfterCleanup: { minMs: 10 * MIN, maxMs: 10 * MIN } } } });
    await w.clock.run(runMachine(w.bound.serviceLinkedRole, { operation: 'ensure' }));
    const network = specFor('alpha').networkConfiguration;
    await w.clock.run(runMachine(w.bound.environment, { operation: 'create', region: 'eu-west-1', spec: specFor('alpha') }));
    const deleted = await w.clock.run(runMachine(w.bound.environment, { operation: 'delete', region: 'eu-west-1', name: 'alpha', network }));
    expect(deleted).toMatchObject({ result: 'deleted', cleanupVerified: true });
    expect(w.sim.inventory().networkInterfaces).toEqual([]);
    const outcome = await w.clock.run(runMachine(w.bound.account, deleteRole(['eu-west-1'])));
    expect(outcome).toMatchObject({ result: 'roleDeleted' });
    expect(w.violations).toEqual([]);
  });

  it('(4, 11) never deletes the role while an environment nobody watched is DELETING or being cleaned up, though IAM and ListEnvironments ignore it', async () => {
    const w = world({ uncertainty: 'worst' });
    await w.clock.run(runMachine(w.setup.environment, { operation: 'create', region: 'eu-west-1', spec: specFor('shadow', { endpointManagement: 'CUSTOMER' }), returnWhenPending: true }));
    w.sim.releasePendingEnvironment('eu-west-1', 'shadow');
    await w.clock.advance(10 * MIN);
    // Its owner deletes it just before our first survey: it is hidden from ListEnvironments from now on.
    await w.sim.ports().mwaa.deleteEnvironment('eu-west-1', 'shadow');
    const outcome = await w.clock.run(runMachine(w.bound.account, deleteRole(['eu-west-1'])));
    expect(outcome).toMatchObject({ result: 'roleDeleted' });
    expect(w.violations).toEqual([]);
    expect(w.sim.events().filter((e) => e.kind === 'cleanup.skipped')).toEqual([]);
    expect(w.sim.inventory()).toMatchObject({ serviceLinkedRole: null, environments: [], vpcEndpoints: [], networkInterfaces: [] });
  });

  it('(5) adopts its own environment after a restore mid-create, whatever the duplicate-name wording and however late GetEnvironment shows it', async () => {
    const w = world({ uncertainty: { duplicateNameMessage: 'other', createVisibilityLag: { minMs: 45_000, maxMs: 45_000 } } });
    await w.clock.run(runMachine(w.setup.serviceLinkedRole, { operation: 'ensure' }));
    w.sim.setLatency('mwaa.createEnvironment', { minMs: 2_000, maxMs: 2_000 });
    const input = { operation: 'create' as const, region: 'eu-west-1', spec: specFor('alpha') };
    const first = createActor(w.bound.environment, { input });
    first.start();
    await w.clock.advance(1_000);
    // The last persisted snapshot is from before the answer; the answer is lost with the process.
    const saved = JSON.parse(JSON.stringify(first.getPersistedSnapshot())) as never;
    await w.clock.advance(1_500);
    first.stop();
    expect(w.calls('mwaa.createEnvironment').filter((c) => c.outcome === 'ok')).toHaveLength(1);
    const restoredAt = w.clock.now();
    const resumed = createActor(w.bound.environment, { input, snapshot: restoreSnapshot(saved) });
    const done = new Promise((resolve) => resumed.subscribe({ complete: () => resolve(resumed.getSnapshot().output) }));
    resumed.start();
    const outcome = await w.clock.run(done);
    expect(outcome).toMatchObject({ result: 'available' });
    expect(w.calls('mwaa.createEnvironment').filter((c) => c.outcome === 'ok')).toHaveLength(1);
    // Looked up with backoff while GetEnvironment lagged: no spin.
    expect(w.calls('mwaa.getEnvironment').filter((c) => c.at < restoredAt + 2 * MIN).length).toBeLessThan(15);
  });

  it('(5) does not take a not-found right after its own create for a vanished environment', async () => {
    const w = world({ uncertainty: { createVisibilityLag: { minMs: 50_000, maxMs: 50_000 } } }, { pollPolicy: fixedIntervalPolicy(5_000) });
    await w.clock.run(runMachine(w.setup.serviceLinkedRole, { operation: 'ensure' }));
    const outcome = await w.clock.run(runMachine(w.bound.environment, { operation: 'create', region: 'eu-west-1', spec: specFor('alpha') }));
    expect(outcome).toMatchObject({ result: 'available', adopted: false });
  });

  it('(6) fails a create at once on a validation error that is not IAM propagation, naming AWS\'s message', async () => {
    const w = world();
    const message = 'Invalid request provided: Provided bucket does not have BlockPublicAccess set for s3 bucket airflow-dags-bucket.';
    w.sim.failNext({ operation: 'mwaa.createEnvironment', awsName: 'ValidationException', message });
    const started = w.clock.now();
    const outcome = await w.clock.run(runMachine(w.bound.environment, { operation: 'create', region: 'eu-west-1', spec: specFor('alpha') }));
    expect(outcome).toMatchObject({ result: 'failed', error: { code: 'InvalidInput', message } });
    expect(w.calls('mwaa.createEnvironment')).toHaveLength(1);
    expect(w.clock.now() - started).toBeLessThan(5_000);
  });

  it('(6) retries a create MWAA refuses while IAM propagates the execution role', async () => {
    const w = world();
    const spec = specFor('alpha');
    w.sim.failNext({ operation: 'mwaa.createEnvironment', times: 3, awsName: 'ValidationException', message: roleNotAssumableMessage(spec.executionRoleArn) });
    const outcome = await w.clock.run(runMachine(w.bound.environment, { operation: 'create', region: 'eu-west-1', spec }));
    expect(outcome).toMatchObject({ result: 'available' });
    expect(w.calls('mwaa.createEnvironment')).toHaveLength(4);
  });

  it('(7) does not count the time the process was down against a wait', async () => {
    const w = world({ timings: { roleVisibilityLag: { minMs: 8_000, maxMs: 8_000 } } });
    w.sim.setLatency('iam.createRole', { minMs: 2_000, maxMs: 2_000 });
    const first = createActor(w.bound.serviceLinkedRole, { input: { operation: 'ensure' } });
    first.start();
    await w.clock.advance(1_000);
    const saved = JSON.parse(JSON.stringify(first.getPersistedSnapshot())) as never;
    first.stop();
    await w.clock.advance(7 * MIN);
    const resumed = createActor(w.bound.serviceLinkedRole, { input: { operation: 'ensure' }, snapshot: restoreSnapshot(saved) });
    const done = new Promise((resolve) => resumed.subscribe({ complete: () => resolve(resumed.getSnapshot().output) }));
    resumed.start();
    await expect(w.clock.run(done)).resolves.toMatchObject({ result: 'ensured', ownership: 'created' });
  });

  it.each([-7 * MIN, 7 * MIN])('(8) knows it created the role whatever IAM\'s clock says (skew %i ms)', async (skew) => {
    const w = world({ uncertainty: { iamClockSkewMs: skew } });
    const outcome = await w.clock.run(runMachine(w.bound.serviceLinkedRole, { operation: 'ensure' }));
    expect(outcome).toMatchObject({ result: 'ensured', ownership: 'created' });
  });

  it('(9) ends blocked with the unreadable region and its error, and skips an opt-in region the account has not enabled', async () => {
    const w = world();
    await w.clock.run(runMachine(w.setup.serviceLinkedRole, { operation: 'ensure' }));
    w.sim.addFault({ operation: 'mwaa.listEnvironments', region: 'ap-southeast-2', kind: 'unavailable', rate: 1 });
    const blocked = await w.clock.run(runMachine(w.bound.account, deleteRole(['eu-west-1', 'ap-southeast-2'], { timeouts: { blockedMs: HOUR } })));
    expect(blocked).toMatchObject({
      result: 'blocked',
      reason: 'unreadable',
      surveyErrors: [expect.objectContaining({ region: 'ap-southeast-2', error: expect.objectContaining({ code: 'Unavailable' }) as unknown }) as unknown],
    });
    w.sim.clearFaults();
    const optIn = await w.clock.run(runMachine(w.bound.account, deleteRole(['eu-west-1', 'af-south-1'], { timeouts: { settleMs: 0 } })));
    expect(optIn).toMatchObject({ result: 'roleDeleted' });
  });

  it('(10) ends a wait at its deadline through an outage, without a burst of calls', async () => {
    const w = world();
    await w.clock.run(runMachine(w.setup.environment, { operation: 'create', region: 'eu-west-1', spec: specFor('alpha') }));
    w.sim.addFault({ operation: 'mwaa.getEnvironment', kind: 'unavailable', rate: 1 });
    const before = w.calls('mwaa.getEnvironment').length;
    const outcome = await w.clock.run(
      runMachine(w.bound.environment, { operation: 'delete', region: 'eu-west-1', name: 'alpha', timeouts: { deleteMs: 20 * MIN } }),
    );
    expect(outcome).toMatchObject({ result: 'timedOut' });
    const polls = w.calls('mwaa.getEnvironment').slice(before).map((c) => c.at);
    expect(polls.length).toBeLessThan(100);
    for (let i = 1; i < polls.length; i++) expect((polls[i] as number) - (polls[i - 1] as number)).toBeGreaterThanOrEqual(1_000);
  });

  it('(12) keeps ownership of the role it created through a restore in the middle of ensuring it', async () => {
    const w = world();
    w.sim.setLatency('iam.createRole', { minMs: 2_000, maxMs: 2_000 });
    const input: AccountInput = { plan: 'apply', regions: ['eu-west-1'], timeouts: { settleMs: 0 } };
    let latest: unknown = null;
    const first = startMachine(w.bound.account, input, { persist: (s) => (latest = JSON.parse(JSON.stringify(s)) as unknown) });
    await w.clock.advance(1_000);
    // The last snapshot the process wrote before it died: CreateServiceLinkedRole in flight.
    const saved = latest;
    await w.clock.advance(1_500);
    first.actor.stop();
    expect(w.calls('iam.createRole').filter((c) => c.outcome === 'ok')).toHaveLength(1);
    const resumed = startMachine(w.bound.account, input, { snapshot: saved as never });
    await w.clock.run(new Promise<void>((resolve) => resumed.actor.subscribe((s) => s.matches('ready') && resolve())));
    expect(resumed.actor.getSnapshot().context.ownership).toBe('created');
    resumed.actor.send({ type: 'DELETE_ROLE' });
    await expect(w.clock.run(resumed.done)).resolves.toMatchObject({ result: 'roleDeleted' });
  });

  it('(13) leaves alone an environment of the same name that apply found with another spec', async () => {
    const w = world();
    await w.clock.run(runMachine(w.setup.environment, { operation: 'create', region: 'eu-west-1', spec: specFor('alpha', { environmentClass: 'mw1.large' }) }));
    const { actor, done } = startMachine(w.bound.account, {
      plan: 'apply',
      regions: ['eu-west-1'],
      environments: [{ region: 'eu-west-1', spec: specFor('alpha') }],
      timeouts: { blockedMs: HOUR },
    });
    await w.clock.run(new Promise<void>((resolve) => actor.subscribe((s) => s.matches('ready') && resolve())));
    expect(actor.getSnapshot().context.results['eu-west-1/alpha']).toMatchObject({ result: 'failed', foreign: true, error: { code: 'Conflict' } });
    actor.send({ type: 'TEARDOWN' });
    const outcome: AccountOutcome = await w.clock.run(done);
    expect(w.calls('mwaa.deleteEnvironment')).toHaveLength(0);
    expect(outcome).toMatchObject({ result: 'blocked', blockers: expect.arrayContaining([expect.objectContaining({ id: 'alpha', kind: 'environment' })]) as unknown });
  });

  it.each(['Apply', 'destroy', ''])('(14) refuses an unknown plan %j before any call', async (plan) => {
    const w = world();
    await w.clock.run(runMachine(w.setup.serviceLinkedRole, { operation: 'ensure' }));
    const before = w.sim.calls().length;
    const outcome = await w.clock.run(runMachine(w.bound.account, { ...deleteRole(['eu-west-1']), plan } as unknown as AccountInput));
    expect(outcome).toMatchObject({ result: 'invalidInput', message: expect.stringContaining('plan') as unknown });
    expect(w.sim.calls()).toHaveLength(before);
  });

  it('(15) rides out throttling, 5xx and IAM concurrent modification on every call', async () => {
    const w = world();
    w.sim.failNext({ operation: 'iam.updateDescription', awsName: 'Throttling', message: 'Rate exceeded' });
    const ensured = await w.clock.run(runMachine(w.bound.serviceLinkedRole, { operation: 'ensure', description: 'managed by mwaa-lifecycle' }));
    expect(ensured).toMatchObject({ result: 'ensured', description: 'managed by mwaa-lifecycle' });

    await w.clock.run(runMachine(w.setup.environment, { operation: 'create', region: 'eu-west-1', spec: specFor('alpha') }));
    w.sim.addFault({ operation: 'mwaa.deleteEnvironment', kind: 'throttle', rate: 1, until: w.clock.now() + 5 * MIN });
    const deleted = await w.clock.run(runMachine(w.bound.environment, { operation: 'delete', region: 'eu-west-1', name: 'alpha', network: specFor('alpha').networkConfiguration }));
    expect(deleted).toMatchObject({ result: 'deleted', cleanupVerified: true });

    w.sim.failNext({ operation: 'iam.deleteRole', awsName: 'ConcurrentModification', message: 'concurrent modification' });
    const outcome = await w.clock.run(runMachine(w.bound.account, deleteRole(['eu-west-1'], { roleOwnership: 'created', timeouts: { settleMs: 0 } })));
    expect(outcome).toMatchObject({ result: 'roleDeleted' });
  });

  it('(16) abandons a call that never answers and tries again', async () => {
    const w = world();
    await w.clock.run(runMachine(w.setup.serviceLinkedRole, { operation: 'ensure' }));
    const ports = w.sim.ports();
    let hung = 0;
    const hanging: AwsPorts = {
      ...ports,
      mwaa: {
        ...ports.mwaa,
        createEnvironment: (region, spec, signal) => (hung++ === 0 ? new Promise<never>(() => undefined) : ports.mwaa.createEnvironment(region, spec, signal)),
      },
    };
    const bound = bindMachines(hanging, { clock: w.clock, requestTimeoutMs: 30_000 });
    const outcome = await w.clock.run(runMachine(bound.environment, { operation: 'create', region: 'eu-west-1', spec: specFor('alpha') }));
    expect(outcome).toMatchObject({ result: 'available' });
    expect(hung).toBe(2);
  });

  it('(17) keeps waiting for ever after a restore when blockedMs is Infinity', async () => {
    const w = world();
    await w.clock.run(runMachine(w.setup.environment, { operation: 'create', region: 'eu-west-1', spec: specFor('foreign') }));
    const input = deleteRole(['eu-west-1'], { timeouts: { blockedMs: Infinity } });
    const first = startMachine(w.bound.account, input);
    await w.clock.run(new Promise<void>((resolve) => first.actor.subscribe((s) => s.matches({ roleGate: 'blocked' }) && resolve())));
    const saved = JSON.parse(JSON.stringify(first.actor.getPersistedSnapshot())) as never;
    first.actor.stop();
    const resumed = startMachine(w.bound.account, input, { snapshot: saved });
    await w.clock.advance(48 * HOUR);
    expect(resumed.actor.getSnapshot().status).toBe('active');
    expect(resumed.actor.getSnapshot().context.blockedMs).toBeNull();
    resumed.actor.stop();
  });

  it("reproduces the seed's warning under the worst preset, and the orchestrator never strands anything there", async () => {
    // A naive script: delete the environment, then the role while it is still DELETING.
    const naive = world({ uncertainty: 'worst' });
    const ports = naive.sim.ports();
    await naive.clock.run(runMachine(naive.setup.environment, { operation: 'create', region: 'eu-west-1', spec: specFor('alpha') }));
    await ports.mwaa.deleteEnvironment('eu-west-1', 'alpha');
    expect((await ports.mwaa.getEnvironment('eu-west-1', 'alpha'))?.status).toBe('DELETING');
    const { deletionTaskId } = await ports.serviceLinkedRole.deleteRole();
    await naive.clock.advance(2 * HOUR);
    expect(await ports.serviceLinkedRole.getDeletionStatus(deletionTaskId)).toBeNull();
    expect(naive.sim.inventory().serviceLinkedRole).toBeNull();
    const stranded = naive.sim.inventory();
    expect(stranded.vpcEndpoints.length).toBeGreaterThan(0);
    expect(stranded.networkInterfaces.length).toBeGreaterThan(0);
    expect([...stranded.vpcEndpoints, ...stranded.networkInterfaces].every((r) => r.orphaned)).toBe(true);

    // The same world, driven by the orchestrator: apply, then teardown.
    const safe = world({ uncertainty: 'worst' });
    const { actor, done } = startMachine(safe.bound.account, { plan: 'apply', regions: ['eu-west-1'], environments: [{ region: 'eu-west-1', spec: specFor('alpha') }] });
    await safe.clock.run(new Promise<void>((resolve) => actor.subscribe((s) => s.matches('ready') && resolve())));
    actor.send({ type: 'TEARDOWN' });
    await expect(safe.clock.run(done)).resolves.toMatchObject({ result: 'roleDeleted' });
    expect(safe.violations).toEqual([]);
    expect(safe.sim.events().filter((e) => e.kind === 'cleanup.skipped')).toEqual([]);
    expect(safe.sim.inventory()).toMatchObject({ serviceLinkedRole: null, environments: [], vpcEndpoints: [], networkInterfaces: [] });
  });
});
