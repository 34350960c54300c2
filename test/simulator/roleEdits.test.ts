import type { AwsError } from '../../adapters/errors';
import type { SimulatedAws, WireError } from '../../adapters/simulator';
import { rejection, simulator } from './support';

const SECOND = 1000;
const timings = { roleVisibilityLag: { minMs: SECOND, maxMs: SECOND } };
const PROTECTED = "Cannot perform the operation on the protected role 'AWSServiceRoleForAmazonMWAA' - this role is only modifiable by AWS";
/** A character IAM's description pattern refuses (an em dash). */
const EM_DASH = 'Used by MWAA \u2014 do not delete';

async function withRole(): Promise<SimulatedAws> {
  const sim = simulator({ timings });
  await sim.ports().serviceLinkedRole.createRole({});
  await sim.clock.advance(SECOND);
  return sim;
}

const wire = (error: AwsError): WireError => error.cause as WireError;

describe('simulated IAM: editing the service-linked role', () => {
  it('changes the description through UpdateRole when the description is all it sets', async () => {
    const sim = await withRole();
    await expect(sim.modifyRole(undefined, 'UpdateRole', { description: 'Used by MWAA' })).resolves.toMatchObject({ description: 'Used by MWAA' });
    await expect(sim.ports().serviceLinkedRole.getRole()).resolves.toHaveProperty('description', 'Used by MWAA');
  });

  it.each([
    ['UpdateRole setting MaxSessionDuration', 'UpdateRole', { maxSessionDuration: 7200 }],
    ['UpdateRole setting the description and MaxSessionDuration', 'UpdateRole', { description: 'x', maxSessionDuration: 3600 }],
    ['UpdateRole setting nothing', 'UpdateRole', {}],
    ['UpdateAssumeRolePolicy', 'UpdateAssumeRolePolicy', undefined],
    ['DeleteRole', 'DeleteRole', undefined],
    ['AttachRolePolicy, even with a description given', 'AttachRolePolicy', { description: 'x' }],
  ] as const)('refuses %s as UnmodifiableEntity and leaves the role as it was', async (_, action, update) => {
    const sim = await withRole();
    const refused = await rejection(sim.modifyRole(undefined, action, update));
    expect(refused).toMatchObject({ code: 'Unmodifiable', awsName: 'UnmodifiableEntity', operation: action, message: PROTECTED, retryable: false });
    expect(sim.inventory().serviceLinkedRole).not.toHaveProperty('description');
  });

  it('answers NotFound to a description-only UpdateRole when there is no role', async () => {
    const sim = simulator({ timings });
    await expect(rejection(sim.modifyRole(undefined, 'UpdateRole', { description: 'x' }))).resolves.toMatchObject({ code: 'NotFound', awsName: 'NoSuchEntity' });
  });

  it("refuses a description IAM's pattern or length refuses with ValidationError 400, on every way to set one", async () => {
    const sim = await withRole();
    const refusals = [
      await rejection(sim.ports().serviceLinkedRole.updateDescription(EM_DASH)),
      await rejection(sim.modifyRole(undefined, 'UpdateRole', { description: 'x'.repeat(1001) })),
      await rejection(simulator().ports().serviceLinkedRole.createRole({ description: EM_DASH })),
    ];
    for (const refusal of refusals) {
      expect(refusal).toMatchObject({ code: 'InvalidInput', awsName: 'ValidationError', retryable: false });
      expect(refusal.message).toMatch(/^1 validation error detected: Value '.*' at 'description' failed to satisfy constraint: Member must /);
      expect(wire(refusal)).toMatchObject({ name: 'ValidationError', Code: 'ValidationError', $fault: 'client', $metadata: { httpStatusCode: 400 } });
    }
    expect(sim.inventory().serviceLinkedRole).not.toHaveProperty('description');
  });
});

describe('simulated IAM: LimitExceeded', () => {
  it.each([
    ['createRole', 'iam.createRole'],
    ['deleteRole', 'iam.deleteRole'],
  ] as const)('codes a scripted LimitExceeded on %s as LimitExceeded, not retryable, though the SDK would retry it', async (method, operation) => {
    const sim = await withRole();
    sim.failNext({ operation, awsName: 'LimitExceeded', message: 'Cannot exceed quota for RolesPerAccount: 1000' });
    const role = sim.ports().serviceLinkedRole;
    const error = await rejection(method === 'createRole' ? role.createRole({}) : role.deleteRole());
    expect(error).toMatchObject({ code: 'LimitExceeded', awsName: 'LimitExceeded', retryable: false });
    expect(wire(error)).toMatchObject({ name: 'LimitExceededException', Code: 'LimitExceeded', $fault: 'client', $metadata: { httpStatusCode: 409 } });
    expect(sim.calls().at(-1)).toMatchObject({ operation, outcome: 'LimitExceeded' });
  });
});
