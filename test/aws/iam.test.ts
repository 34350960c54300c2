/**
 * The service-linked-role port over a mocked IAM client: request shapes, the URL-encoded trust
 * policy, deletion reports, error mapping and the AbortSignal.
 */
import {
  CreateServiceLinkedRoleCommand,
  DeleteServiceLinkedRoleCommand,
  GetRoleCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
  IAMClient,
  IAMServiceException,
  InvalidInputException,
  LimitExceededException,
  NoSuchEntityException,
  ServiceFailureException,
  UnmodifiableEntityException,
  UpdateRoleDescriptionCommand,
  type Role,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsPorts, decodePolicyDocument, serviceLinkedRoleDrift } from '../../adapters/aws';
import type { AwsErrorCode } from '../../adapters/errors';
import { SERVICE_LINKED_ROLE, type ServiceLinkedRole } from '../../adapters/port';
import { SERVICE_LINKED_ROLE_TRUST_POLICY } from '../../domain/serviceLinkedRolePolicies';
import { codeOf } from './support/errors';

const iamMock = mockClient(IAMClient);
const ROLE_ARN = 'arn:aws:iam::123456789012:role/aws-service-role/airflow.amazonaws.com/AWSServiceRoleForAmazonMWAA';
const TASK_ID = 'task/aws-service-role/airflow.amazonaws.com/AWSServiceRoleForAmazonMWAA/4f1c2a35-6a6f-4c54-9b6e-3a1f0e5e4b2c';
const ENCODED_TRUST = encodeURIComponent(JSON.stringify(SERVICE_LINKED_ROLE_TRUST_POLICY));

const sdkRole = (overrides: Partial<Role> = {}): Role => ({
  RoleName: SERVICE_LINKED_ROLE.roleName,
  RoleId: 'AROAEXAMPLEID',
  Arn: ROLE_ARN,
  Path: SERVICE_LINKED_ROLE.path,
  CreateDate: new Date(1_600_000_000_000),
  AssumeRolePolicyDocument: ENCODED_TRUST,
  Description: 'Amazon MWAA',
  MaxSessionDuration: 3600,
  ...overrides,
});

const DOMAIN_ROLE: ServiceLinkedRole = {
  roleName: SERVICE_LINKED_ROLE.roleName,
  roleId: 'AROAEXAMPLEID',
  arn: ROLE_ARN,
  path: SERVICE_LINKED_ROLE.path,
  createdAt: 1_600_000_000_000,
  description: 'Amazon MWAA',
  trustPolicy: SERVICE_LINKED_ROLE_TRUST_POLICY,
  maxSessionDuration: 3600,
};

const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

let ports: ReturnType<typeof createAwsPorts>;
beforeEach(() => {
  iamMock.reset();
  ports = createAwsPorts({ clients: { iam: new IAMClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }) } });
});

describe('getRole', () => {
  it('asks for AWSServiceRoleForAmazonMWAA and decodes the URL-encoded trust policy', async () => {
    iamMock.on(GetRoleCommand).resolves({ Role: sdkRole() });
    await expect(ports.serviceLinkedRole.getRole()).resolves.toEqual(DOMAIN_ROLE);
    expect(iamMock).toHaveReceivedCommandWith(GetRoleCommand, { RoleName: 'AWSServiceRoleForAmazonMWAA' });
  });

  it('returns null when IAM answers NoSuchEntity', async () => {
    iamMock.on(GetRoleCommand).rejects(new NoSuchEntityException({ message: 'The role with name AWSServiceRoleForAmazonMWAA cannot be found.', ...meta(404) }));
    await expect(ports.serviceLinkedRole.getRole()).resolves.toBeNull();
  });

  it('raises ServiceFailure as Unavailable', async () => {
    iamMock.on(GetRoleCommand).rejects(new ServiceFailureException({ message: 'failure', ...meta(500) }));
    await expect(codeOf(ports.serviceLinkedRole.getRole())).resolves.toBe('Unavailable');
  });

  it('uses the configured role name for emulators that name the role differently', async () => {
    const iam = new IAMClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    iamMock.on(GetRoleCommand).resolves({ Role: sdkRole({ RoleName: 'AWSServiceRoleForairflow' }) });
    await createAwsPorts({ clients: { iam }, serviceLinkedRoleName: 'AWSServiceRoleForairflow' }).serviceLinkedRole.getRole();
    expect(iamMock).toHaveReceivedCommandWith(GetRoleCommand, { RoleName: 'AWSServiceRoleForairflow' });
  });
});

describe('createRole', () => {
  it('sends CreateServiceLinkedRole for airflow.amazonaws.com with the description and returns the role', async () => {
    iamMock.on(CreateServiceLinkedRoleCommand).resolves({ Role: sdkRole() });
    await expect(ports.serviceLinkedRole.createRole({ description: 'Amazon MWAA' })).resolves.toEqual(DOMAIN_ROLE);
    expect(iamMock.commandCalls(CreateServiceLinkedRoleCommand)[0]!.args[0].input).toEqual({
      AWSServiceName: 'airflow.amazonaws.com',
      Description: 'Amazon MWAA',
    });
  });

  it('sends no Description when none is given', async () => {
    iamMock.on(CreateServiceLinkedRoleCommand).resolves({ Role: sdkRole() });
    await ports.serviceLinkedRole.createRole({});
    expect(iamMock.commandCalls(CreateServiceLinkedRoleCommand)[0]!.args[0].input).toEqual({ AWSServiceName: 'airflow.amazonaws.com' });
  });

  it('reads the role back with GetRole when IAM’s answer carries none', async () => {
    iamMock.on(CreateServiceLinkedRoleCommand).resolves({});
    iamMock.on(GetRoleCommand).resolves({ Role: sdkRole() });
    await expect(ports.serviceLinkedRole.createRole({})).resolves.toEqual(DOMAIN_ROLE);
  });

  it('raises Unavailable when the created role cannot be read back yet', async () => {
    iamMock.on(CreateServiceLinkedRoleCommand).resolves({});
    iamMock.on(GetRoleCommand).rejects(new NoSuchEntityException({ message: 'not yet', ...meta(404) }));
    await expect(codeOf(ports.serviceLinkedRole.createRole({}))).resolves.toBe('Unavailable');
  });

  it.each<[string, AwsErrorCode, Error]>([
    [
      'InvalidInput "has been taken in this account"',
      'AlreadyExists',
      new InvalidInputException({ message: 'Service role name AWSServiceRoleForAmazonMWAA has been taken in this account, please try a different suffix.', ...meta(400) }),
    ],
    ['any other InvalidInput', 'InvalidInput', new InvalidInputException({ message: 'Custom suffix is not allowed for airflow.amazonaws.com', ...meta(400) })],
    ['LimitExceeded', 'LimitExceeded', new LimitExceededException({ message: 'Cannot exceed quota for RolesPerAccount: 1000', ...meta(409) })],
    ['the unmodeled Throttling', 'Throttled', new IAMServiceException({ name: 'Throttling', $fault: 'client', message: 'Rate exceeded', ...meta(400) })],
    ['ServiceFailure', 'Unavailable', new ServiceFailureException({ message: 'failure', ...meta(500) })],
  ])('maps %s to %s', async (_label, code, error) => {
    iamMock.on(CreateServiceLinkedRoleCommand).rejects(error);
    await expect(codeOf(ports.serviceLinkedRole.createRole({}))).resolves.toBe(code);
  });
});

describe('updateDescription', () => {
  it('sends UpdateRoleDescription for the role and returns the updated role', async () => {
    iamMock.on(UpdateRoleDescriptionCommand).resolves({ Role: sdkRole({ Description: 'new text' }) });
    await expect(ports.serviceLinkedRole.updateDescription('new text')).resolves.toEqual({ ...DOMAIN_ROLE, description: 'new text' });
    expect(iamMock).toHaveReceivedCommandWith(UpdateRoleDescriptionCommand, { RoleName: 'AWSServiceRoleForAmazonMWAA', Description: 'new text' });
  });

  it.each<[string, AwsErrorCode, Error]>([
    ['NoSuchEntity', 'NotFound', new NoSuchEntityException({ message: 'gone', ...meta(404) })],
    [
      'UnmodifiableEntity',
      'Unmodifiable',
      new UnmodifiableEntityException({ message: "Cannot perform the operation on the protected role 'AWSServiceRoleForAmazonMWAA' - this role is only modifiable by AWS", ...meta(400) }),
    ],
    ['ConcurrentModification', 'Conflict', new IAMServiceException({ name: 'ConcurrentModificationException', $fault: 'client', message: 'busy', ...meta(409) })],
  ])('maps %s to %s', async (_label, code, error) => {
    iamMock.on(UpdateRoleDescriptionCommand).rejects(error);
    await expect(codeOf(ports.serviceLinkedRole.updateDescription('x'))).resolves.toBe(code);
  });
  it('keeps ConcurrentModification a Conflict but retryable: IAM says to wait and send it again', async () => {
    const busy = Object.assign(new IAMServiceException({ name: 'ConcurrentModificationException', $fault: 'client', message: 'Rate of modification is too high', ...meta(409) }), {
      Code: 'ConcurrentModification',
    });
    iamMock.on(UpdateRoleDescriptionCommand).rejects(busy);
    await expect(ports.serviceLinkedRole.updateDescription('x')).rejects.toMatchObject({
      code: 'Conflict',
      retryable: true,
      awsName: 'ConcurrentModification',
      operation: 'updateDescription',
    });
  });
});

describe('deleteRole', () => {
  it('sends DeleteServiceLinkedRole and returns the deletion task id', async () => {
    iamMock.on(DeleteServiceLinkedRoleCommand).resolves({ DeletionTaskId: TASK_ID });
    await expect(ports.serviceLinkedRole.deleteRole()).resolves.toEqual({ deletionTaskId: TASK_ID });
    expect(iamMock).toHaveReceivedCommandWith(DeleteServiceLinkedRoleCommand, { RoleName: 'AWSServiceRoleForAmazonMWAA' });
  });

  it.each<[string, AwsErrorCode, Error]>([
    ['NoSuchEntity', 'NotFound', new NoSuchEntityException({ message: 'The role with name AWSServiceRoleForAmazonMWAA cannot be found.', ...meta(404) })],
    ['DeleteConflict', 'InUse', new IAMServiceException({ name: 'DeleteConflictException', $fault: 'client', message: 'in use', ...meta(409) })],
  ])('maps %s to %s', async (_label, code, error) => {
    iamMock.on(DeleteServiceLinkedRoleCommand).rejects(error);
    await expect(codeOf(ports.serviceLinkedRole.deleteRole())).resolves.toBe(code);
  });
});

describe('getDeletionStatus', () => {
  it('asks for the task and maps a failure with its role usage per region', async () => {
    iamMock.on(GetServiceLinkedRoleDeletionStatusCommand).resolves({
      Status: 'FAILED',
      Reason: {
        Reason: 'SLR [AWSServiceRoleForAmazonMWAA] is in use by other resources',
        RoleUsageList: [
          { Region: 'eu-west-1', Resources: ['arn:aws:airflow:eu-west-1:123456789012:environment/a'] },
          { Region: 'us-east-1', Resources: ['arn:aws:airflow:us-east-1:123456789012:environment/b', 'arn:aws:airflow:us-east-1:123456789012:environment/c'] },
        ],
      },
    });
    await expect(ports.serviceLinkedRole.getDeletionStatus(TASK_ID)).resolves.toEqual({
      status: 'FAILED',
      reason: 'SLR [AWSServiceRoleForAmazonMWAA] is in use by other resources',
      roleUsage: [
        { region: 'eu-west-1', resources: ['arn:aws:airflow:eu-west-1:123456789012:environment/a'] },
        { region: 'us-east-1', resources: ['arn:aws:airflow:us-east-1:123456789012:environment/b', 'arn:aws:airflow:us-east-1:123456789012:environment/c'] },
      ],
    });
    expect(iamMock).toHaveReceivedCommandWith(GetServiceLinkedRoleDeletionStatusCommand, { DeletionTaskId: TASK_ID });
  });

  it('reports a running task with an empty role usage', async () => {
    iamMock.on(GetServiceLinkedRoleDeletionStatusCommand).resolves({ Status: 'IN_PROGRESS' });
    await expect(ports.serviceLinkedRole.getDeletionStatus(TASK_ID)).resolves.toEqual({ status: 'IN_PROGRESS', roleUsage: [] });
  });

  it('returns null when IAM no longer knows the task (NoSuchEntity)', async () => {
    iamMock.on(GetServiceLinkedRoleDeletionStatusCommand).rejects(new NoSuchEntityException({ message: 'no task', ...meta(404) }));
    await expect(ports.serviceLinkedRole.getDeletionStatus(TASK_ID)).resolves.toBeNull();
  });

  it('raises a malformed task id as InvalidInput', async () => {
    iamMock.on(GetServiceLinkedRoleDeletionStatusCommand).rejects(new InvalidInputException({ message: 'Invalid deletion task id', ...meta(400) }));
    await expect(codeOf(ports.serviceLinkedRole.getDeletionStatus('junk'))).resolves.toBe('InvalidInput');
  });
});

describe('IAM calls and the AbortSignal', () => {
  const operations: Array<[string, (signal: AbortSignal) => Promise<unknown>]> = [
    ['getRole', (s) => ports.serviceLinkedRole.getRole(s)],
    ['createRole', (s) => ports.serviceLinkedRole.createRole({}, s)],
    ['updateDescription', (s) => ports.serviceLinkedRole.updateDescription('d', s)],
    ['deleteRole', (s) => ports.serviceLinkedRole.deleteRole(s)],
    ['getDeletionStatus', (s) => ports.serviceLinkedRole.getDeletionStatus(TASK_ID, s)],
  ];

  it.each(operations)('%s hands the caller’s signal to send', async (_name, run) => {
    iamMock.onAnyCommand().resolves({ Role: sdkRole(), DeletionTaskId: TASK_ID, Status: 'SUCCEEDED' });
    const controller = new AbortController();
    await run(controller.signal);
    expect(((iamMock.call(0).args as unknown[])[1] as { abortSignal?: AbortSignal } | undefined)?.abortSignal).toBe(controller.signal);
  });

  it.each(operations)('%s raises Aborted without calling IAM when the signal has already fired', async (_name, run) => {
    const controller = new AbortController();
    controller.abort();
    await expect(codeOf(run(controller.signal))).resolves.toBe('Aborted');
    expect(iamMock.calls()).toHaveLength(0);
  });
});

describe('trust policy decoding and drift', () => {
  it('decodes URL-encoded and plain JSON documents alike', () => {
    expect(decodePolicyDocument(ENCODED_TRUST)).toEqual(SERVICE_LINKED_ROLE_TRUST_POLICY);
    expect(decodePolicyDocument(JSON.stringify(SERVICE_LINKED_ROLE_TRUST_POLICY))).toEqual(SERVICE_LINKED_ROLE_TRUST_POLICY);
  });

  it('wraps a single Statement object in a list', () => {
    const single = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'airflow.amazonaws.com' } } };
    expect(decodePolicyDocument(encodeURIComponent(JSON.stringify(single))).Statement).toHaveLength(1);
  });

  it('rejects a document that is not JSON, or badly URL-encoded, with a SyntaxError', () => {
    expect(() => decodePolicyDocument('%7Bnot json')).toThrow(SyntaxError);
    expect(() => decodePolicyDocument('%E0%A4%A')).toThrow(SyntaxError);
  });

  it('raises an undecodable trust policy from IAM as an AwsError, not a bare SyntaxError', async () => {
    iamMock.on(GetRoleCommand).resolves({ Role: sdkRole({ AssumeRolePolicyDocument: '%7Bbroken' }) });
    await expect(codeOf(ports.serviceLinkedRole.getRole())).resolves.toBe('Unavailable');
  });

  it('reports no drift for the documented role', () => {
    expect(serviceLinkedRoleDrift(DOMAIN_ROLE)).toEqual([]);
  });

  it('reports a foreign principal, a missing airflow principal, a wrong name and a wrong path', () => {
    const drift = serviceLinkedRoleDrift({
      ...DOMAIN_ROLE,
      roleName: 'AWSServiceRoleForairflow',
      path: '/',
      trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
    });
    expect(drift).toEqual(
      expect.arrayContaining([
        expect.stringContaining('AWSServiceRoleForairflow'),
        expect.stringContaining('role path is /'),
        'airflow.amazonaws.com may not assume the role',
        'unexpected service principal ec2.amazonaws.com',
      ]),
    );
  });

  it('reports drift when IAM returned no trust policy at all', async () => {
    iamMock.on(GetRoleCommand).resolves({ Role: sdkRole({ AssumeRolePolicyDocument: undefined }) });
    const role = await ports.serviceLinkedRole.getRole();
    expect(serviceLinkedRoleDrift(role!)).toContain('airflow.amazonaws.com may not assume the role');
  });
});
