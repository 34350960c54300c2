import { SERVICE_LINKED_ROLE } from '../../adapters/port';
import { SERVICE_LINKED_ROLE_TRUST_POLICY, trustPolicyDrift } from '../../domain/serviceLinkedRolePolicies';
import type { SimulatedAws } from '../../adapters/simulator';
import { MINUTE, OTHER_REGION, REGION, advanceUntil, rejection, simulator, spec } from './support';

const SECOND = 1000;
/** Fixed SLR timings so tests can step through a deletion task exactly. */
const fixed = {
  roleVisibilityLag: { minMs: 5 * SECOND, maxMs: 5 * SECOND },
  slrDeletionStart: { minMs: 2 * SECOND, maxMs: 2 * SECOND },
  slrDeletionRun: { minMs: 30 * SECOND, maxMs: 30 * SECOND },
  deletionTaskRetention: { minMs: 15 * MINUTE, maxMs: 15 * MINUTE },
};

async function visibleRole(sim: SimulatedAws): Promise<void> {
  await sim.ports().serviceLinkedRole.createRole({});
  await sim.clock.advance(fixed.roleVisibilityLag.maxMs);
}

describe('simulated IAM service-linked role', () => {
  it('creates the SLR on the first CreateEnvironment, and only then', async () => {
    const sim = simulator({ timings: fixed });
    await sim.ports().mwaa.createEnvironment(REGION, spec('first'));
    await sim.ports().mwaa.createEnvironment(OTHER_REGION, spec('second'));
    expect(sim.events().filter((e) => e.kind === 'role.created')).toHaveLength(1);
    expect(sim.inventory().serviceLinkedRole).toMatchObject({ roleName: SERVICE_LINKED_ROLE.roleName, path: SERVICE_LINKED_ROLE.path });
  });

  it('hides a new role from GetRole during the propagation lag, while createRole already says AlreadyExists', async () => {
    const sim = simulator({ timings: fixed });
    const created = await sim.ports().serviceLinkedRole.createRole({ description: 'mine' });
    await expect(sim.ports().serviceLinkedRole.getRole()).resolves.toBeNull();
    const duplicate = await rejection(sim.ports().serviceLinkedRole.createRole({}));
    expect(duplicate).toMatchObject({
      code: 'AlreadyExists',
      awsName: 'InvalidInput',
      message: 'Service role name AWSServiceRoleForAmazonMWAA has been taken in this account, please try a different suffix.',
    });
    await sim.clock.advance(5 * SECOND - 1);
    await expect(sim.ports().serviceLinkedRole.getRole()).resolves.toBeNull();
    await sim.clock.advance(1);
    await expect(sim.ports().serviceLinkedRole.getRole()).resolves.toEqual(created);
  });

  it('returns the documented trust policy decoded from its URL-encoded IAM form', async () => {
    const sim = simulator({ timings: fixed });
    await visibleRole(sim);
    const role = await sim.ports().serviceLinkedRole.getRole();
    expect(role?.trustPolicy).toEqual(SERVICE_LINKED_ROLE_TRUST_POLICY);
    expect(trustPolicyDrift(role!.trustPolicy)).toEqual([]);
    expect(role?.arn).toBe('arn:aws:iam::123456789012:role/aws-service-role/airflow.amazonaws.com/AWSServiceRoleForAmazonMWAA');
    expect(role?.roleId).toMatch(/^AROA[A-Z2-7]{17}$/);
  });

  it('changes the description and refuses every other edit as Unmodifiable', async () => {
    const sim = simulator({ timings: fixed });
    await expect(rejection(sim.modifyRole())).resolves.toHaveProperty('code', 'NotFound');
    await visibleRole(sim);
    await expect(sim.ports().serviceLinkedRole.updateDescription('Used by MWAA')).resolves.toHaveProperty('description', 'Used by MWAA');
    const refused = await rejection(sim.modifyRole(undefined, 'PutRolePolicy'));
    expect(refused).toMatchObject({
      code: 'Unmodifiable',
      awsName: 'UnmodifiableEntity',
      operation: 'PutRolePolicy',
      message: "Cannot perform the operation on the protected role 'AWSServiceRoleForAmazonMWAA' - this role is only modifiable by AWS",
    });
    const tooLong = await rejection(sim.ports().serviceLinkedRole.updateDescription('x'.repeat(1001)));
    expect(tooLong).toMatchObject({ code: 'InvalidInput', awsName: 'ValidationError' });
  });

  it('rejects updateDescription and deleteRole with NotFound when there is no role', async () => {
    const sim = simulator({ timings: fixed });
    await expect(rejection(sim.ports().serviceLinkedRole.updateDescription('x'))).resolves.toHaveProperty('code', 'NotFound');
    const error = await rejection(sim.ports().serviceLinkedRole.deleteRole());
    expect(error).toMatchObject({ code: 'NotFound', awsName: 'NoSuchEntity', message: 'The role with name AWSServiceRoleForAmazonMWAA cannot be found.' });
  });

  it('deletes the role through NOT_STARTED → IN_PROGRESS → SUCCEEDED when no environment exists', async () => {
    const sim = simulator({ timings: fixed });
    await visibleRole(sim);
    const slr = sim.ports().serviceLinkedRole;
    const { deletionTaskId } = await slr.deleteRole();
    expect(deletionTaskId).toMatch(/^task\/aws-service-role\/airflow\.amazonaws\.com\/AWSServiceRoleForAmazonMWAA\/[0-9a-f-]{36}$/);
    await expect(slr.getDeletionStatus(deletionTaskId)).resolves.toEqual({ status: 'NOT_STARTED', roleUsage: [] });
    await sim.clock.advance(2 * SECOND);
    await expect(slr.getDeletionStatus(deletionTaskId)).resolves.toHaveProperty('status', 'IN_PROGRESS');
    await expect(slr.getRole()).resolves.not.toBeNull();
    await sim.clock.advance(30 * SECOND);
    await expect(slr.getDeletionStatus(deletionTaskId)).resolves.toEqual({ status: 'SUCCEEDED', roleUsage: [] });
    await expect(slr.getRole()).resolves.toBeNull();
    expect(sim.events().map((e) => e.kind)).toEqual([
      'role.created',
      'role.deletionRequested',
      'role.deletionTask',
      'role.deletionTask',
      'role.deleted',
    ]);
  });

  it('returns the same deletion task id while a deletion is in progress', async () => {
    const sim = simulator({ timings: fixed });
    await visibleRole(sim);
    const slr = sim.ports().serviceLinkedRole;
    const first = await slr.deleteRole();
    await expect(slr.deleteRole()).resolves.toEqual(first);
    await sim.clock.advance(10 * SECOND);
    await expect(slr.deleteRole()).resolves.toEqual(first);
    expect(sim.events().filter((e) => e.kind === 'role.deletionRequested')).toHaveLength(1);
  });

  it('fails SLR deletion with the other region and environment ARN in RoleUsageList, keeps the role, and starts a new task next time', async () => {
    const sim = simulator({ timings: fixed });
    await sim.ports().mwaa.createEnvironment(OTHER_REGION, spec('far-away'));
    await sim.ports().mwaa.createEnvironment(REGION, spec('near'));
    await sim.clock.advance(fixed.roleVisibilityLag.maxMs);
    const slr = sim.ports().serviceLinkedRole;
    const first = await slr.deleteRole();
    await sim.clock.advance(32 * SECOND);

    const report = await slr.getDeletionStatus(first.deletionTaskId);
    expect(report).toEqual({
      status: 'FAILED',
      reason: expect.stringContaining('AWSServiceRoleForAmazonMWAA') as unknown,
      roleUsage: [
        { region: REGION, resources: [`arn:aws:airflow:${REGION}:123456789012:environment/near`] },
        { region: OTHER_REGION, resources: [`arn:aws:airflow:${OTHER_REGION}:123456789012:environment/far-away`] },
      ],
    });
    await expect(slr.getRole()).resolves.not.toBeNull();
    report!.roleUsage.length = 0;
    await expect(slr.getDeletionStatus(first.deletionTaskId)).resolves.toHaveProperty('roleUsage.length', 2);
    const second = await slr.deleteRole();
    expect(second.deletionTaskId).not.toBe(first.deletionTaskId);
  });

  it('fails SLR deletion while an environment is still DELETING', async () => {
    const sim = simulator({ timings: fixed });
    await sim.ports().mwaa.createEnvironment(REGION, spec('leaving'));
    await advanceUntil(sim, 'leaving', ['AVAILABLE']);
    await sim.ports().mwaa.deleteEnvironment(REGION, 'leaving');
    const { deletionTaskId } = await sim.ports().serviceLinkedRole.deleteRole();
    await sim.clock.advance(32 * SECOND);
    await expect(sim.ports().mwaa.getEnvironment(REGION, 'leaving')).resolves.toHaveProperty('status', 'DELETING');
    await expect(sim.ports().serviceLinkedRole.getDeletionStatus(deletionTaskId)).resolves.toHaveProperty('status', 'FAILED');
  });

  it('reports a purged deletion task as null', async () => {
    const sim = simulator({ timings: { ...fixed, deletionTaskRetention: { minMs: 0, maxMs: 0 } } });
    await visibleRole(sim);
    const { deletionTaskId } = await sim.ports().serviceLinkedRole.deleteRole();
    await sim.clock.advance(32 * SECOND);
    await expect(sim.ports().serviceLinkedRole.getDeletionStatus(deletionTaskId)).resolves.toBeNull();
    await expect(sim.ports().serviceLinkedRole.getRole()).resolves.toBeNull();
    expect(sim.inventory().deletionTasks).toEqual([]);
  });

  it('keeps a finished task for the retention time, then forgets it', async () => {
    const sim = simulator({ timings: fixed });
    await visibleRole(sim);
    const { deletionTaskId } = await sim.ports().serviceLinkedRole.deleteRole();
    await sim.clock.advance(32 * SECOND + 15 * MINUTE - 1);
    expect(sim.inventory().deletionTasks).toEqual([{ id: deletionTaskId, status: 'SUCCEEDED' }]);
    await sim.clock.advance(1);
    await expect(sim.ports().serviceLinkedRole.getDeletionStatus(deletionTaskId)).resolves.toBeNull();
  });

  it('returns null for an unknown task id and InvalidInput for a malformed one', async () => {
    const slr = simulator().ports().serviceLinkedRole;
    await expect(slr.getDeletionStatus('task/aws-service-role/airflow.amazonaws.com/AWSServiceRoleForAmazonMWAA/1b0e9f1e-0000-4000-8000-000000000000')).resolves.toBeNull();
    const error = await rejection(slr.getDeletionStatus('not a task'));
    expect(error).toMatchObject({ code: 'InvalidInput', awsName: 'InvalidInput' });
  });

  it('keeps accounts apart: a role and its tasks belong to one account', async () => {
    const sim = simulator({ timings: fixed });
    await visibleRole(sim);
    const { deletionTaskId } = await sim.ports().serviceLinkedRole.deleteRole();
    const other = sim.ports('999999999999').serviceLinkedRole;
    await expect(other.getRole()).resolves.toBeNull();
    await expect(other.getDeletionStatus(deletionTaskId)).resolves.toBeNull();
    expect(sim.inventory('999999999999').serviceLinkedRole).toBeNull();
  });
});
