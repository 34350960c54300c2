/**
 * The uncertainty option: every unverified AWS behaviour, one variant at a time. The regions
 * option has its own file (uncertaintyRegions.test.ts).
 */
import type { DeletionTaskReport } from '../../adapters/port';
import {
  REALISTIC_UNCERTAINTY,
  UNCERTAINTY_VARIANTS,
  WORST_UNCERTAINTY,
  createSimulatedAws,
  type SimulatedAws,
  type SimulatorOptions,
  type Uncertainty,
  type UncertaintyOption,
} from '../../adapters/simulator';
import { MINUTE, REGION, advanceUntil, rejection, simulator, spec } from './support';

const range = (minMs: number, maxMs = minMs): { minMs: number; maxMs: number } => ({ minMs, maxMs });

/** Fixed, short timings so each step below lands at a known virtual moment. */
const TIMINGS: SimulatorOptions['timings'] = {
  create: range(20 * MINUTE),
  delete: range(15 * MINUTE),
  roleVisibilityLag: range(5000),
  slrDeletionStart: range(1000),
  slrDeletionRun: range(10_000),
};
/** The deletion task has finished this long after DeleteServiceLinkedRole. */
const TASK_MS = 11_000;

/** A simulator with fixed timings and these uncertainty overrides of the realistic preset. */
function world(uncertainty: Partial<Uncertainty>, timings: SimulatorOptions['timings'] = {}): SimulatedAws {
  return simulator({ timings: { ...TIMINGS, ...timings }, uncertainty });
}

async function available(sim: SimulatedAws, name: string): Promise<void> {
  await sim.ports().mwaa.createEnvironment(REGION, spec(name));
  await advanceUntil(sim, name, ['AVAILABLE']);
}

/** Requests the role's deletion and reports the task once it has finished. */
async function deleteRole(sim: SimulatedAws): Promise<DeletionTaskReport | null> {
  const { deletionTaskId } = await sim.ports().serviceLinkedRole.deleteRole();
  await sim.clock.advance(TASK_MS);
  return sim.ports().serviceLinkedRole.getDeletionStatus(deletionTaskId);
}

const arnOf = (name: string): string => `arn:aws:airflow:${REGION}:123456789012:environment/${name}`;
const kinds = (sim: SimulatedAws): string[] => sim.events().map((e) => e.kind);

describe('uncertainty: what IAM counts as using the role', () => {
  it('counts a DELETING environment when roleInUseCheck is allEnvironments', async () => {
    const sim = world({ roleInUseCheck: 'allEnvironments' });
    await available(sim, 'busy');
    await sim.ports().mwaa.deleteEnvironment(REGION, 'busy');
    const report = await deleteRole(sim);
    expect(report).toMatchObject({ status: 'FAILED', roleUsage: [{ region: REGION, resources: [arnOf('busy')] }] });
  });

  it('counts only environments that are not DELETING when roleInUseCheck is activeEnvironments', async () => {
    const sim = world({ roleInUseCheck: 'activeEnvironments' });
    await available(sim, 'going');
    await available(sim, 'staying');
    await sim.ports().mwaa.deleteEnvironment(REGION, 'going');
    expect(await deleteRole(sim)).toMatchObject({ status: 'FAILED', roleUsage: [{ region: REGION, resources: [arnOf('staying')] }] });

    await sim.ports().mwaa.deleteEnvironment(REGION, 'staying');
    // Both are DELETING: IAM lets the role go, and MWAA's cleanups find nothing to act through.
    expect(await deleteRole(sim)).toMatchObject({ status: 'SUCCEEDED', roleUsage: [] });
    await sim.clock.advance(30 * MINUTE);
    expect(kinds(sim).filter((k) => k === 'cleanup.skipped')).toHaveLength(2);
    expect(sim.inventory().vpcEndpoints.every((e) => e.orphaned)).toBe(true);
  });

  it('counts the endpoints and interfaces MWAA has not cleaned up yet when roleInUseCheck is environmentsAndCleanup', async () => {
    const sim = world({ roleInUseCheck: 'environmentsAndCleanup', cleanupAfterDelete: range(3 * MINUTE) });
    await available(sim, 'leaving');
    const customer = sim.createVpcEndpoint(REGION, { subnetIds: ['subnet-0cust'], securityGroupIds: ['sg-0cust'] });
    await sim.ports().mwaa.deleteEnvironment(REGION, 'leaving');
    await advanceUntil(sim, 'leaving', [null]);

    const report = await deleteRole(sim);
    const owned = sim.inventory();
    const pending = [
      ...owned.vpcEndpoints.filter((e) => e.environmentName === 'leaving').map((e) => e.vpcEndpointId),
      ...owned.networkInterfaces.filter((n) => n.environmentName === 'leaving').map((n) => n.networkInterfaceId),
    ];
    expect(pending).toHaveLength(8);
    expect(report?.status).toBe('FAILED');
    expect(report?.roleUsage).toEqual([{ region: REGION, resources: [...pending].sort() }]);
    expect(report?.roleUsage[0]?.resources).not.toContain(customer.vpcEndpointId);

    await sim.clock.advance(3 * MINUTE);
    expect(await deleteRole(sim)).toMatchObject({ status: 'SUCCEEDED' });
    expect(kinds(sim)).not.toContain('cleanup.skipped');
  });
});

describe('uncertainty: how MWAA shows environments', () => {
  it('hides a just-created environment from GetEnvironment and ListEnvironments for the createVisibilityLag, yet refuses its name', async () => {
    const sim = world({ createVisibilityLag: range(30_000) });
    const { mwaa } = sim.ports();
    await mwaa.createEnvironment(REGION, spec('shy'));
    await expect(mwaa.getEnvironment(REGION, 'shy')).resolves.toBeNull();
    await expect(mwaa.listEnvironments(REGION)).resolves.toEqual([]);
    expect((await rejection(mwaa.createEnvironment(REGION, spec('shy')))).code).toBe('AlreadyExists');

    await sim.clock.advance(30_000);
    await expect(mwaa.getEnvironment(REGION, 'shy')).resolves.toHaveProperty('status', 'CREATING');
    await expect(mwaa.listEnvironments(REGION)).resolves.toEqual(['shy']);
  });

  /** `deleting` is DELETING and `deleted` is DELETED when this resolves. */
  async function deletingAndDeleted(sim: SimulatedAws): Promise<void> {
    await available(sim, 'deleted');
    await available(sim, 'deleting');
    await available(sim, 'running');
    sim.planEnvironment(REGION, 'deleted', { deleteDurationMs: MINUTE });
    await sim.ports().mwaa.deleteEnvironment(REGION, 'deleted');
    await sim.ports().mwaa.deleteEnvironment(REGION, 'deleting');
    await advanceUntil(sim, 'deleted', ['DELETED']);
  }

  it('lists DELETING and DELETED environments when listedEnvironments is all', async () => {
    const sim = world({ listedEnvironments: 'all', deletedVisibility: range(2 * MINUTE) });
    await deletingAndDeleted(sim);
    await expect(sim.ports().mwaa.listEnvironments(REGION)).resolves.toEqual(['deleted', 'deleting', 'running']);
  });

  it('leaves DELETED environments out of ListEnvironments when listedEnvironments is notDeleted, though GetEnvironment finds them', async () => {
    const sim = world({ listedEnvironments: 'notDeleted', deletedVisibility: range(2 * MINUTE) });
    await deletingAndDeleted(sim);
    await expect(sim.ports().mwaa.listEnvironments(REGION)).resolves.toEqual(['deleting', 'running']);
    await expect(sim.ports().mwaa.getEnvironment(REGION, 'deleted')).resolves.toHaveProperty('status', 'DELETED');
  });

  it('leaves DELETING environments out of ListEnvironments too when listedEnvironments is notDeletingOrDeleted', async () => {
    const sim = world({ listedEnvironments: 'notDeletingOrDeleted', deletedVisibility: range(2 * MINUTE) });
    await deletingAndDeleted(sim);
    await expect(sim.ports().mwaa.listEnvironments(REGION)).resolves.toEqual(['running']);
    await expect(sim.ports().mwaa.getEnvironment(REGION, 'deleting')).resolves.toHaveProperty('status', 'DELETING');
  });

  it('drops a DELETED environment at once when deletedVisibility is 0', async () => {
    const sim = world({ deletedVisibility: range(0) });
    await available(sim, 'brief');
    await sim.ports().mwaa.deleteEnvironment(REGION, 'brief');
    await sim.clock.advance(15 * MINUTE);
    await expect(sim.ports().mwaa.getEnvironment(REGION, 'brief')).resolves.toBeNull();
    const gone = sim.events().find((e) => e.kind === 'environment.gone');
    const deleted = sim.events().find((e) => e.status === 'DELETED');
    expect(gone?.at).toBe(deleted?.at);
  });

  it('answers a duplicate name with the documented AlreadyExists text when duplicateNameMessage is documented', async () => {
    const sim = world({ duplicateNameMessage: 'documented' });
    await sim.ports().mwaa.createEnvironment(REGION, spec('twice'));
    const error = await rejection(sim.ports().mwaa.createEnvironment(REGION, spec('twice')));
    expect(error).toMatchObject({ code: 'AlreadyExists', awsName: 'ValidationException', message: 'Environment twice already exists.' });
  });

  it('answers a duplicate name with an unrecognisable ValidationException (InvalidInput) when duplicateNameMessage is other', async () => {
    const sim = world({ duplicateNameMessage: 'other' });
    await sim.ports().mwaa.createEnvironment(REGION, spec('twice'));
    const error = await rejection(sim.ports().mwaa.createEnvironment(REGION, spec('twice')));
    expect(error).toMatchObject({ code: 'InvalidInput', awsName: 'ValidationException', retryable: false });
    expect(error.message).toBe('Invalid request provided: Cannot create environment twice.');
  });
});

describe("uncertainty: the environment's network interfaces", () => {
  const lingering = (minutes: number): Partial<Uncertainty> => ({
    interfaces: { ...REALISTIC_UNCERTAINTY.interfaces, lingerAfterCleanup: range(minutes * MINUTE) },
    cleanupAfterDelete: range(3 * MINUTE),
  });

  it('shapes the environment interfaces as the interfaces option says, and leaves endpoint interfaces as EC2 makes them', async () => {
    const sim = world({ interfaces: { requesterManaged: false, interfaceType: 'lambda', description: 'blank', lingerAfterCleanup: range(0) } });
    await available(sim, 'shaped');
    const all = await sim.ports().network.listNetworkInterfaces(REGION, { subnetIds: ['subnet-0aaa111', 'subnet-0bbb222'] });
    const own = all.filter((n) => n.interfaceType === 'lambda');
    expect(own).toHaveLength(2);
    for (const eni of own) expect(eni).toMatchObject({ requesterManaged: false, description: '', status: 'in-use' });
    const ofEndpoints = all.filter((n) => n.interfaceType === 'vpc_endpoint');
    expect(ofEndpoints).toHaveLength(4);
    expect(ofEndpoints.every((n) => n.requesterManaged)).toBe(true);
  });

  it("keeps an environment's interfaces available for the linger after its endpoints are deleted", async () => {
    const sim = world(lingering(10));
    await available(sim, 'linger');
    await sim.ports().mwaa.deleteEnvironment(REGION, 'linger');
    await advanceUntil(sim, 'linger', [null]);
    await sim.clock.advance(3 * MINUTE);

    await expect(sim.ports().network.listManagedVpcEndpoints(REGION)).resolves.toEqual([]);
    const left = sim.inventory().networkInterfaces;
    expect(left).toHaveLength(2);
    expect(left.every((n) => n.status === 'available' && n.interfaceType === 'interface' && !n.orphaned)).toBe(true);
    expect(kinds(sim)).not.toContain('cleanup.done');

    await sim.clock.advance(10 * MINUTE);
    expect(sim.inventory().networkInterfaces).toEqual([]);
    expect(kinds(sim).filter((k) => k === 'eni.deleted')).toHaveLength(6);
    expect(kinds(sim).at(-1)).toBe('cleanup.done');
  });

  it('orphans the lingering interfaces when the role is gone by the end of the linger', async () => {
    const sim = world(lingering(10));
    await available(sim, 'stranded');
    await sim.ports().mwaa.deleteEnvironment(REGION, 'stranded');
    await advanceUntil(sim, 'stranded', [null]);
    await sim.clock.advance(3 * MINUTE);
    // Endpoints gone, environment gone: IAM (allEnvironments) sees nothing and lets the role go.
    expect(await deleteRole(sim)).toMatchObject({ status: 'SUCCEEDED' });
    await sim.clock.advance(10 * MINUTE);

    const left = sim.inventory().networkInterfaces;
    expect(left).toHaveLength(2);
    expect(left.every((n) => n.orphaned && n.status === 'available' && n.environmentName === 'stranded')).toBe(true);
    const skipped = sim.events().find((e) => e.kind === 'cleanup.skipped');
    expect(skipped?.detail).toMatchObject({ endpoints: [], networkInterfaces: left.map((n) => n.networkInterfaceId) });
    expect(kinds(sim)).not.toContain('cleanup.done');
  });
});

describe('uncertainty: IAM clock and deletion tasks', () => {
  it.each([-7, 7])("stamps the role's CreateDate with IAM's clock, %i min off the caller's, when iamClockSkewMs says so", async (minutes) => {
    const sim = world({ iamClockSkewMs: minutes * MINUTE });
    const role = await sim.ports().serviceLinkedRole.createRole({});
    expect(role.createdAt - sim.clock.now()).toBe(minutes * MINUTE);
    expect(sim.inventory().serviceLinkedRole?.createdAt).toBe(role.createdAt);
  });

  it('purges a finished deletion task before anyone can read it when deletionTaskRetention is 0', async () => {
    const sim = world({ deletionTaskRetention: range(0) });
    await sim.ports().serviceLinkedRole.createRole({});
    await expect(deleteRole(sim)).resolves.toBeNull();
    await expect(sim.ports().serviceLinkedRole.getRole()).resolves.toBeNull();
    expect(sim.inventory().deletionTasks).toEqual([]);
  });
});

describe('uncertainty: presets and resolution', () => {
  it('resolves the realistic preset by default and the worst one by name', () => {
    expect(createSimulatedAws().uncertainty).toEqual(REALISTIC_UNCERTAINTY);
    const worst = createSimulatedAws({ uncertainty: 'worst' });
    expect(worst.uncertainty).toEqual(WORST_UNCERTAINTY);
    expect(worst.timings.deletedVisibility).toEqual(WORST_UNCERTAINTY.deletedVisibility);
    expect(worst.timings.deletionTaskRetention).toEqual(range(0));
  });

  it('lets an explicit timing win over the uncertainty, and reports the value in force', () => {
    const sim = simulator({ uncertainty: { preset: 'worst', roleInUseCheck: 'allEnvironments' }, timings: { deletedVisibility: range(MINUTE) } });
    expect(sim.timings.deletedVisibility).toEqual(range(MINUTE));
    expect(sim.uncertainty.deletedVisibility).toEqual(range(MINUTE));
    expect(sim.uncertainty.roleInUseCheck).toBe('allEnvironments');
    expect(sim.uncertainty.listedEnvironments).toBe(WORST_UNCERTAINTY.listedEnvironments);
  });

  it('keeps the presets and the uncertainty in force frozen', () => {
    expect(Object.isFrozen(REALISTIC_UNCERTAINTY.regions.mwaaRegions)).toBe(true);
    expect(Object.isFrozen(simulator().uncertainty.interfaces)).toBe(true);
  });

  it('refuses an uncertainty outside its domain, naming each problem', () => {
    const bad: Partial<Uncertainty> = {
      createVisibilityLag: { minMs: 5, maxMs: 1 },
      regions: { mwaaRegions: ['Mars'], enabledOptInRegions: [], launchedLater: [{ region: 'eu-west-1', afterMs: -1 }] },
    };
    expect(() => simulator({ uncertainty: bad })).toThrow(/createVisibilityLag.*"Mars".*afterMs/);
  });

  const everyVariant: Array<[string, UncertaintyOption]> = [
    ...UNCERTAINTY_VARIANTS.map((v): [string, UncertaintyOption] => [v.name, v.uncertainty]),
    ['the worst preset', 'worst'],
  ];
  it.each(everyVariant)(
    'leaves nothing behind under %s when the role goes only after the cleanup',
    async (_name, uncertainty) => {
      const sim = simulator({ uncertainty });
      const { timings } = sim;
      const linger = sim.uncertainty.interfaces.lingerAfterCleanup.maxMs;
      await available(sim, 'whole');
      await sim.ports().mwaa.deleteEnvironment(REGION, 'whole');
      await advanceUntil(sim, 'whole', [null]);
      await sim.clock.advance(timings.cleanupAfterDelete.maxMs + linger);
      const { deletionTaskId } = await sim.ports().serviceLinkedRole.deleteRole();
      await sim.clock.advance(timings.slrDeletionStart.maxMs + timings.slrDeletionRun.maxMs);
      const report = await sim.ports().serviceLinkedRole.getDeletionStatus(deletionTaskId);
      expect(report === null || report.status === 'SUCCEEDED').toBe(true);
      await sim.clock.advance(timings.deletionTaskRetention.maxMs);
      expect(sim.inventory()).toEqual({ serviceLinkedRole: null, environments: [], vpcEndpoints: [], networkInterfaces: [], deletionTasks: [] });
    },
  );
});
