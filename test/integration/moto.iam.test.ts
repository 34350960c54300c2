/**
 * The service-linked-role port against moto_server. moto implements CreateServiceLinkedRole,
 * GetRole, UpdateRoleDescription, DeleteServiceLinkedRole and GetServiceLinkedRoleDeletionStatus,
 * but differs from AWS in ways these tests assert explicitly:
 * - it names the role for airflow.amazonaws.com `AWSServiceRoleForairflow` (AWS:
 *   `AWSServiceRoleForAmazonMWAA`), so the port is pointed at that name with `serviceLinkedRoleName`;
 * - a duplicate create fails with EntityAlreadyExists (AWS: InvalidInput "has been taken");
 * - deletion is synchronous, the task id is a bare UUID (AWS: `task/aws-service-role/...`), and
 *   the status of any task id, even one never issued, is SUCCEEDED (AWS: NoSuchEntity).
 */
import { createAwsPorts, serviceLinkedRoleDrift, type AwsAdapter } from '../../adapters/aws';
import { SERVICE_LINKED_ROLE } from '../../adapters/port';
import { SERVICE_LINKED_ROLE_TRUST_POLICY } from '../../domain/serviceLinkedRolePolicies';
import { UNKNOWN_DELETION_TASK_ID } from '../contract/portContract';
import { rawTrustPolicyDocument } from '../aws/support/iamFixtures';
import { useMotoServer } from './support/motoServer';

/** What moto calls the role it creates for airflow.amazonaws.com. */
const MOTO_ROLE_NAME = 'AWSServiceRoleForairflow';

const motoServer = useMotoServer();
let aws: AwsAdapter;
/** The same adapter with the AWS role name, to observe the naming difference. */
let awsNamed: AwsAdapter;

beforeEach(async () => {
  await motoServer().reset();
  aws = createAwsPorts({ endpoints: { iam: motoServer().endpoint }, maxAttempts: 1, serviceLinkedRoleName: MOTO_ROLE_NAME });
  awsNamed = createAwsPorts({ endpoints: { iam: motoServer().endpoint }, maxAttempts: 1 });
});
afterEach(() => {
  aws.destroy();
  awsNamed.destroy();
});

describe('moto’s service-linked role for airflow.amazonaws.com', () => {
  it('is named AWSServiceRoleForairflow, not AWSServiceRoleForAmazonMWAA, so the AWS name finds nothing', async () => {
    const created = await aws.serviceLinkedRole.createRole({ description: 'MWAA' });
    expect(created.roleName).toBe(MOTO_ROLE_NAME);
    expect(created.roleName).not.toBe(SERVICE_LINKED_ROLE.roleName);
    await expect(awsNamed.serviceLinkedRole.getRole()).resolves.toBeNull();
  });

  it('otherwise matches the documented role: path, ARN shape and the URL-encoded trust policy GetRole returns', async () => {
    await aws.serviceLinkedRole.createRole({ description: 'MWAA' });
    // Like AWS, moto's GetRole URL-encodes the document; the port decodes it.
    await expect(rawTrustPolicyDocument(motoServer().endpoint, MOTO_ROLE_NAME)).resolves.toMatch(/^%7B%22Version%22/);
    const role = await aws.serviceLinkedRole.getRole();
    expect(role).toMatchObject({
      roleName: MOTO_ROLE_NAME,
      path: SERVICE_LINKED_ROLE.path,
      arn: `arn:aws:iam::123456789012:role${SERVICE_LINKED_ROLE.path}${MOTO_ROLE_NAME}`,
      description: 'MWAA',
      maxSessionDuration: 3600,
    });
    expect(typeof role?.createdAt).toBe('number');
    // moto writes Action and Principal.Service as one-element lists; the documented policy uses strings.
    expect(role?.trustPolicy).toEqual({
      Version: SERVICE_LINKED_ROLE_TRUST_POLICY.Version,
      Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole'], Principal: { Service: ['airflow.amazonaws.com'] } }],
    });
    expect(serviceLinkedRoleDrift(role!)).toEqual([`role name is ${MOTO_ROLE_NAME}, not ${SERVICE_LINKED_ROLE.roleName}`]);
  });
});

describe('ServiceLinkedRolePort on moto', () => {
  it('returns null before the role exists', async () => {
    await expect(aws.serviceLinkedRole.getRole()).resolves.toBeNull();
  });

  it('rejects a second create with AlreadyExists (moto says EntityAlreadyExists, AWS says InvalidInput "has been taken")', async () => {
    await aws.serviceLinkedRole.createRole({});
    await expect(aws.serviceLinkedRole.createRole({})).rejects.toMatchObject({ code: 'AlreadyExists', awsName: 'EntityAlreadyExists' });
  });

  it('changes only the description', async () => {
    await aws.serviceLinkedRole.createRole({ description: 'before' });
    const before = await aws.serviceLinkedRole.getRole();
    const updated = await aws.serviceLinkedRole.updateDescription('after');
    expect(updated.description).toBe('after');
    const after = await aws.serviceLinkedRole.getRole();
    expect(after).toEqual({ ...before, description: 'after' });
  });

  it('rejects updateDescription and deleteRole with NotFound when there is no role', async () => {
    await expect(aws.serviceLinkedRole.updateDescription('x')).rejects.toMatchObject({ code: 'NotFound' });
    await expect(aws.serviceLinkedRole.deleteRole()).rejects.toMatchObject({ code: 'NotFound', awsName: 'NoSuchEntity' });
  });

  it('deletes the role at once and reports the task SUCCEEDED (moto: a bare UUID task id, no asynchronous task)', async () => {
    await aws.serviceLinkedRole.createRole({});
    const { deletionTaskId } = await aws.serviceLinkedRole.deleteRole();
    expect(deletionTaskId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(deletionTaskId).not.toMatch(/^task\/aws-service-role\//);
    await expect(aws.serviceLinkedRole.getDeletionStatus(deletionTaskId)).resolves.toEqual({ status: 'SUCCEEDED', roleUsage: [] });
    await expect(aws.serviceLinkedRole.getRole()).resolves.toBeNull();
  });

  it('reports SUCCEEDED even for a task id it never issued, where AWS answers NoSuchEntity (port: null)', async () => {
    await expect(aws.serviceLinkedRole.getDeletionStatus(UNKNOWN_DELETION_TASK_ID)).resolves.toEqual({ status: 'SUCCEEDED', roleUsage: [] });
  });
});
