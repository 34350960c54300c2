/**
 * The MWAA port's requests, responses, pagination, error mapping and abort handling, with
 * aws-sdk-client-mock standing in for the service (the wire-level gap fix is in newFields.test.ts).
 */
import {
  AccessDeniedException,
  CreateEnvironmentCommand,
  DeleteEnvironmentCommand,
  GetEnvironmentCommand,
  InternalServerException,
  ListEnvironmentsCommand,
  ListTagsForResourceCommand,
  MWAAClient,
  MWAAServiceException,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateEnvironmentCommand,
  ValidationException,
} from '@aws-sdk/client-mwaa';
import 'aws-sdk-client-mock-jest';
import { createAwsPorts } from '../../adapters/aws';
import { AwsError, type AwsErrorCode } from '../../adapters/errors';
import type { EnvironmentSpec } from '../../adapters/port';
import { mockMwaaClient, mwaaCommand, sendOptionsOf } from './support/mwaaMock';
import { codeOf } from './support/errors';

const REGION = 'eu-west-1';
const ARN = 'arn:aws:airflow:eu-west-1:123456789012:environment/full-env';
const mwaaMock = mockMwaaClient();
// client-mwaa 3.523.0's command classes, re-typed for aws-sdk-client-mock (see support/mwaaMock.ts).
const CreateEnvironment = mwaaCommand(CreateEnvironmentCommand);
const GetEnvironment = mwaaCommand(GetEnvironmentCommand);
const UpdateEnvironment = mwaaCommand(UpdateEnvironmentCommand);
const DeleteEnvironment = mwaaCommand(DeleteEnvironmentCommand);
const ListEnvironments = mwaaCommand(ListEnvironmentsCommand);
const TagResource = mwaaCommand(TagResourceCommand);
const UntagResource = mwaaCommand(UntagResourceCommand);
const ListTagsForResource = mwaaCommand(ListTagsForResourceCommand);

const FULL_SPEC: EnvironmentSpec = {
  name: 'full-env',
  executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
  sourceBucketArn: 'arn:aws:s3:::my-bucket',
  dagS3Path: 'dags',
  networkConfiguration: { subnetIds: ['subnet-1', 'subnet-2'], securityGroupIds: ['sg-1'] },
  pluginsS3Path: 'plugins.zip',
  pluginsS3ObjectVersion: 'pv',
  requirementsS3Path: 'requirements.txt',
  requirementsS3ObjectVersion: 'rv',
  startupScriptS3Path: 'startup.sh',
  startupScriptS3ObjectVersion: 'sv',
  airflowConfigurationOptions: { 'core.default_timezone': 'utc' },
  environmentClass: 'mw1.small',
  maxWorkers: 10,
  minWorkers: 1,
  minWebservers: 2,
  maxWebservers: 3,
  schedulers: 2,
  kmsKey: 'alias/mwaa',
  airflowVersion: '2.8.1',
  loggingConfiguration: {
    dagProcessingLogs: { enabled: true, logLevel: 'INFO' },
    taskLogs: { enabled: false, logLevel: 'ERROR' },
  },
  weeklyMaintenanceWindowStart: 'TUE:03:30',
  tags: { team: 'data' },
  webserverAccessMode: 'PRIVATE_ONLY',
  endpointManagement: 'SERVICE',
};

let ports: ReturnType<typeof createAwsPorts>;
beforeEach(() => {
  mwaaMock.reset();
  const client = new MWAAClient({ region: REGION, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  ports = createAwsPorts({ clients: { mwaa: () => client } });
});

const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

describe('createEnvironment', () => {
  it('sends every spec field in PascalCase and returns the ARN', async () => {
    mwaaMock.on(CreateEnvironment).resolves({ Arn: ARN });
    await expect(ports.mwaa.createEnvironment(REGION, FULL_SPEC)).resolves.toEqual({ arn: ARN });
    expect(mwaaMock).toHaveReceivedCommandTimes(CreateEnvironment, 1);
    expect(mwaaMock.commandCalls(CreateEnvironment)[0]!.args[0].input).toEqual({
      Name: 'full-env',
      ExecutionRoleArn: 'arn:aws:iam::123456789012:role/exec',
      SourceBucketArn: 'arn:aws:s3:::my-bucket',
      DagS3Path: 'dags',
      NetworkConfiguration: { SubnetIds: ['subnet-1', 'subnet-2'], SecurityGroupIds: ['sg-1'] },
      PluginsS3Path: 'plugins.zip',
      PluginsS3ObjectVersion: 'pv',
      RequirementsS3Path: 'requirements.txt',
      RequirementsS3ObjectVersion: 'rv',
      StartupScriptS3Path: 'startup.sh',
      StartupScriptS3ObjectVersion: 'sv',
      AirflowConfigurationOptions: { 'core.default_timezone': 'utc' },
      EnvironmentClass: 'mw1.small',
      MaxWorkers: 10,
      MinWorkers: 1,
      // Not modeled by 3.523.0: carried in the input for the build middleware to put on the wire.
      MinWebservers: 2,
      MaxWebservers: 3,
      Schedulers: 2,
      KmsKey: 'alias/mwaa',
      AirflowVersion: '2.8.1',
      LoggingConfiguration: {
        DagProcessingLogs: { Enabled: true, LogLevel: 'INFO' },
        TaskLogs: { Enabled: false, LogLevel: 'ERROR' },
      },
      WeeklyMaintenanceWindowStart: 'TUE:03:30',
      Tags: { team: 'data' },
      WebserverAccessMode: 'PRIVATE_ONLY',
      EndpointManagement: 'SERVICE',
    });
  });

  it('sends no key for an optional field the spec leaves out', async () => {
    mwaaMock.on(CreateEnvironment).resolves({ Arn: ARN });
    const { name, executionRoleArn, sourceBucketArn, dagS3Path, networkConfiguration } = FULL_SPEC;
    await ports.mwaa.createEnvironment(REGION, { name, executionRoleArn, sourceBucketArn, dagS3Path, networkConfiguration });
    expect(Object.keys(mwaaMock.commandCalls(CreateEnvironment)[0]!.args[0].input).sort()).toEqual(
      ['DagS3Path', 'ExecutionRoleArn', 'Name', 'NetworkConfiguration', 'SourceBucketArn'].sort(),
    );
  });

  it.each<[string, AwsErrorCode, Error]>([
    ['an invalid name', 'InvalidInput', new ValidationException({ message: "1 validation error detected: Value '1 bad' at 'name'", ...meta(400) })],
    ['a duplicate name', 'AlreadyExists', new ValidationException({ message: 'Environment full-env already exists.', ...meta(400) })],
    ['the environment quota', 'LimitExceeded', new ValidationException({ message: 'You have reached the maximum number of environments (10) for this account in eu-west-1.', ...meta(400) })],
    ['AccessDeniedException', 'AccessDenied', new AccessDeniedException({ message: 'denied', Message: 'denied', ...meta(403) })],
    ['InternalServerException', 'Unavailable', new InternalServerException({ message: 'oops', ...meta(500) })],
    ['an unmodeled ServiceUnavailableException', 'Unavailable', new MWAAServiceException({ name: 'ServiceUnavailableException', $fault: 'client', message: 'busy', ...meta(503) })],
    ['an unmodeled ThrottlingException', 'Throttled', new MWAAServiceException({ name: 'ThrottlingException', $fault: 'client', message: 'Rate exceeded', ...meta(429) })],
  ])('maps %s to %s', async (_label, code, error) => {
    mwaaMock.on(CreateEnvironment).rejects(error);
    await expect(codeOf(ports.mwaa.createEnvironment(REGION, FULL_SPEC))).resolves.toBe(code);
  });

  it('keeps the SDK error as cause and its name as awsName', async () => {
    const sdkError = new ValidationException({ message: 'bad', ...meta(400) });
    mwaaMock.on(CreateEnvironment).rejects(sdkError);
    const error = (await ports.mwaa.createEnvironment(REGION, FULL_SPEC).catch((e: unknown) => e)) as AwsError;
    expect(error).toBeInstanceOf(AwsError);
    expect(error).toMatchObject({ code: 'InvalidInput', awsName: 'ValidationException', service: 'mwaa', operation: 'createEnvironment', retryable: false });
    expect(error.cause).toBe(sdkError);
  });
});

describe('getEnvironment', () => {
  it('maps the SDK environment to the domain, with ms-epoch dates and camelCase logging', async () => {
    mwaaMock.on(GetEnvironment, { Name: 'full-env' }).resolves({
      Environment: {
        Name: 'full-env',
        Arn: ARN,
        Status: 'AVAILABLE',
        CreatedAt: new Date(1_700_000_000_000),
        ExecutionRoleArn: FULL_SPEC.executionRoleArn,
        ServiceRoleArn: 'arn:aws:iam::123456789012:role/aws-service-role/airflow.amazonaws.com/AWSServiceRoleForAmazonMWAA',
        SourceBucketArn: FULL_SPEC.sourceBucketArn,
        DagS3Path: 'dags',
        NetworkConfiguration: { SubnetIds: ['subnet-1', 'subnet-2'], SecurityGroupIds: ['sg-1'] },
        WebserverUrl: 'https://abc.airflow.eu-west-1.amazonaws.com',
        AirflowConfigurationOptions: { 'core.default_timezone': '***' },
        EnvironmentClass: 'mw1.small',
        MaxWorkers: 10,
        MinWorkers: 1,
        Schedulers: 2,
        AirflowVersion: '2.8.1',
        LoggingConfiguration: {
          TaskLogs: { Enabled: true, LogLevel: 'INFO', CloudWatchLogGroupArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:airflow-full-env-Task' },
        },
        LastUpdate: {
          Status: 'FAILED',
          CreatedAt: new Date(1_700_000_500_000),
          Error: { ErrorCode: 'INCORRECT_CONFIGURATION', ErrorMessage: 'check the role' },
          Source: 'service',
        },
        WeeklyMaintenanceWindowStart: 'TUE:03:30',
        Tags: { team: 'data' },
        WebserverAccessMode: 'PRIVATE_ONLY',
        EndpointManagement: 'SERVICE',
        DatabaseVpcEndpointService: 'com.amazonaws.vpce.eu-west-1.vpce-svc-db',
        WebserverVpcEndpointService: 'com.amazonaws.vpce.eu-west-1.vpce-svc-web',
        CeleryExecutorQueue: 'arn:aws:sqs:eu-west-1:123456789012:airflow-celery',
      },
    });
    await expect(ports.mwaa.getEnvironment(REGION, 'full-env')).resolves.toEqual({
      name: 'full-env',
      arn: ARN,
      status: 'AVAILABLE',
      createdAt: 1_700_000_000_000,
      executionRoleArn: FULL_SPEC.executionRoleArn,
      serviceRoleArn: 'arn:aws:iam::123456789012:role/aws-service-role/airflow.amazonaws.com/AWSServiceRoleForAmazonMWAA',
      sourceBucketArn: FULL_SPEC.sourceBucketArn,
      dagS3Path: 'dags',
      networkConfiguration: { subnetIds: ['subnet-1', 'subnet-2'], securityGroupIds: ['sg-1'] },
      webserverUrl: 'https://abc.airflow.eu-west-1.amazonaws.com',
      airflowConfigurationOptions: { 'core.default_timezone': '***' },
      environmentClass: 'mw1.small',
      maxWorkers: 10,
      minWorkers: 1,
      schedulers: 2,
      airflowVersion: '2.8.1',
      loggingConfiguration: {
        taskLogs: { enabled: true, logLevel: 'INFO', cloudWatchLogGroupArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:airflow-full-env-Task' },
      },
      lastUpdate: {
        status: 'FAILED',
        createdAt: 1_700_000_500_000,
        error: { errorCode: 'INCORRECT_CONFIGURATION', errorMessage: 'check the role' },
        source: 'service',
      },
      weeklyMaintenanceWindowStart: 'TUE:03:30',
      tags: { team: 'data' },
      webserverAccessMode: 'PRIVATE_ONLY',
      endpointManagement: 'SERVICE',
      databaseVpcEndpointService: 'com.amazonaws.vpce.eu-west-1.vpce-svc-db',
      webserverVpcEndpointService: 'com.amazonaws.vpce.eu-west-1.vpce-svc-web',
      celeryExecutorQueue: 'arn:aws:sqs:eu-west-1:123456789012:airflow-celery',
    });
    expect(mwaaMock).toHaveReceivedCommandWith(GetEnvironment, { Name: 'full-env' });
  });

  it('returns null when MWAA answers ResourceNotFoundException', async () => {
    mwaaMock.on(GetEnvironment).rejects(new ResourceNotFoundException({ message: 'Environment x was not found.', ...meta(404) }));
    await expect(ports.mwaa.getEnvironment(REGION, 'x')).resolves.toBeNull();
  });

  it('passes an unknown status through as AWS spells it (Smithy enums are open)', async () => {
    mwaaMock.on(GetEnvironment).resolves({ Environment: { Name: 'x', Status: 'HIBERNATING' as 'AVAILABLE', CreatedAt: new Date(0) } });
    await expect(ports.mwaa.getEnvironment(REGION, 'x')).resolves.toMatchObject({ status: 'HIBERNATING', arn: '', createdAt: 0 });
  });

  it.each<[string, AwsErrorCode, Error]>([
    ['AccessDeniedException', 'AccessDenied', new AccessDeniedException({ message: 'no', Message: 'no', ...meta(403) })],
    ['InternalServerException', 'Unavailable', new InternalServerException({ message: 'oops', ...meta(500) })],
    ['ValidationException', 'InvalidInput', new ValidationException({ message: 'bad name', ...meta(400) })],
  ])('raises %s as %s rather than null', async (_label, code, error) => {
    mwaaMock.on(GetEnvironment).rejects(error);
    await expect(codeOf(ports.mwaa.getEnvironment(REGION, 'x'))).resolves.toBe(code);
  });
});

describe('updateEnvironment', () => {
  it('sends the name, the changed fields and only the security groups of the network', async () => {
    mwaaMock.on(UpdateEnvironment).resolves({ Arn: ARN });
    await expect(
      ports.mwaa.updateEnvironment(REGION, {
        name: 'full-env',
        maxWorkers: 5,
        airflowVersion: '2.10.3',
        networkConfiguration: { securityGroupIds: ['sg-2'] },
        loggingConfiguration: { workerLogs: { enabled: true, logLevel: 'WARNING' } },
        workerReplacementStrategy: 'GRACEFUL',
      }),
    ).resolves.toEqual({ arn: ARN });
    expect(mwaaMock.commandCalls(UpdateEnvironment)[0]!.args[0].input).toEqual({
      Name: 'full-env',
      MaxWorkers: 5,
      AirflowVersion: '2.10.3',
      NetworkConfiguration: { SecurityGroupIds: ['sg-2'] },
      LoggingConfiguration: { WorkerLogs: { Enabled: true, LogLevel: 'WARNING' } },
      WorkerReplacementStrategy: 'GRACEFUL',
    });
  });

  it.each<[string, AwsErrorCode, Error]>([
    ['an unknown environment', 'NotFound', new ResourceNotFoundException({ message: 'Environment x was not found.', ...meta(404) })],
    ['a busy environment', 'Conflict', new ValidationException({ message: 'Environments with UPDATING status must complete previous operation before initiating a new operation', ...meta(400) })],
    ['a CREATE_FAILED environment', 'Conflict', new ValidationException({ message: 'Environments with CREATE_FAILED status cannot be updated.', ...meta(400) })],
  ])('maps %s to %s', async (_label, code, error) => {
    mwaaMock.on(UpdateEnvironment).rejects(error);
    await expect(codeOf(ports.mwaa.updateEnvironment(REGION, { name: 'x', maxWorkers: 2 }))).resolves.toBe(code);
  });
});

describe('deleteEnvironment', () => {
  it('sends DeleteEnvironment with the name', async () => {
    mwaaMock.on(DeleteEnvironment).resolves({});
    await expect(ports.mwaa.deleteEnvironment(REGION, 'full-env')).resolves.toBeUndefined();
    expect(mwaaMock).toHaveReceivedCommandWith(DeleteEnvironment, { Name: 'full-env' });
  });

  it.each<[string, AwsErrorCode, Error]>([
    ['an unknown environment', 'NotFound', new ResourceNotFoundException({ message: 'Environment x was not found.', ...meta(404) })],
    ['an environment that is already DELETED', 'NotFound', new ValidationException({ message: 'Environments with DELETED status cannot be deleted.', ...meta(400) })],
    ['a creating environment', 'Conflict', new ValidationException({ message: 'Environments with CREATING status must complete previous operation before initiating a new operation', ...meta(400) })],
  ])('maps %s to %s', async (_label, code, error) => {
    mwaaMock.on(DeleteEnvironment).rejects(error);
    await expect(codeOf(ports.mwaa.deleteEnvironment(REGION, 'x'))).resolves.toBe(code);
  });
});

describe('listEnvironments', () => {
  it('follows NextToken across pages of at most 25 and returns every name in order', async () => {
    mwaaMock
      .on(ListEnvironments)
      .resolvesOnce({ Environments: ['a', 'b'], NextToken: 't1' })
      .resolvesOnce({ Environments: ['c'], NextToken: 't2' })
      .resolvesOnce({ Environments: ['d'] });
    await expect(ports.mwaa.listEnvironments(REGION)).resolves.toEqual(['a', 'b', 'c', 'd']);
    const inputs = mwaaMock.commandCalls(ListEnvironments).map((c) => c.args[0].input);
    expect(inputs).toEqual([{ MaxResults: 25 }, { MaxResults: 25, NextToken: 't1' }, { MaxResults: 25, NextToken: 't2' }]);
  });

  it('uses the configured page size, capped at 25', async () => {
    const client = new MWAAClient({ region: REGION, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    mwaaMock.on(ListEnvironments).resolves({ Environments: [] });
    await createAwsPorts({ clients: { mwaa: () => client }, pageSizes: { listEnvironments: 2 } }).mwaa.listEnvironments(REGION);
    await createAwsPorts({ clients: { mwaa: () => client }, pageSizes: { listEnvironments: 100 } }).mwaa.listEnvironments(REGION);
    expect(mwaaMock.commandCalls(ListEnvironments).map((c) => c.args[0].input.MaxResults)).toEqual([2, 25]);
  });

  it('fails instead of returning a partial list when the service repeats a page token', async () => {
    mwaaMock.on(ListEnvironments).resolves({ Environments: ['a'], NextToken: 'same' });
    await expect(codeOf(ports.mwaa.listEnvironments(REGION))).resolves.toBe('Unavailable');
    expect(mwaaMock).toHaveReceivedCommandTimes(ListEnvironments, 2);
  });

  it('maps a failing page to a coded error', async () => {
    mwaaMock.on(ListEnvironments).resolvesOnce({ Environments: ['a'], NextToken: 't1' }).rejectsOnce(new InternalServerException({ message: 'x', ...meta(500) }));
    await expect(codeOf(ports.mwaa.listEnvironments(REGION))).resolves.toBe('Unavailable');
  });
});

describe('tagging', () => {
  it('sends TagResource with the ARN and the tags', async () => {
    mwaaMock.on(TagResource).resolves({});
    await expect(ports.mwaa.tagResource(REGION, ARN, { owner: 'team-a', cost: 'x1' })).resolves.toBeUndefined();
    expect(mwaaMock).toHaveReceivedCommandTimes(TagResource, 1);
    expect(mwaaMock.commandCalls(TagResource)[0]!.args[0].input).toEqual({ ResourceArn: ARN, Tags: { owner: 'team-a', cost: 'x1' } });
  });

  it('sends UntagResource with the ARN and the tag keys', async () => {
    mwaaMock.on(UntagResource).resolves({});
    await expect(ports.mwaa.untagResource(REGION, ARN, ['owner', 'cost'])).resolves.toBeUndefined();
    expect(mwaaMock.commandCalls(UntagResource)[0]!.args[0].input).toEqual({ ResourceArn: ARN, tagKeys: ['owner', 'cost'] });
  });

  it('sends ListTagsForResource with the ARN and returns the tags', async () => {
    mwaaMock.on(ListTagsForResource).resolves({ Tags: { owner: 'team-a' } });
    await expect(ports.mwaa.listTagsForResource(REGION, ARN)).resolves.toEqual({ owner: 'team-a' });
    expect(mwaaMock).toHaveReceivedCommandWith(ListTagsForResource, { ResourceArn: ARN });
  });

  it('returns {} when ListTagsForResource answers without Tags', async () => {
    mwaaMock.on(ListTagsForResource).resolves({});
    await expect(ports.mwaa.listTagsForResource(REGION, ARN)).resolves.toEqual({});
  });

  const errors: Array<[string, AwsErrorCode, () => Error]> = [
    ['ResourceNotFoundException', 'NotFound', () => new ResourceNotFoundException({ message: 'not found', ...meta(404) })],
    ['ValidationException', 'InvalidInput', () => new ValidationException({ message: "1 validation error detected: Value '{}' at 'tags'", ...meta(400) })],
    ['AccessDeniedException', 'AccessDenied', () => new AccessDeniedException({ message: 'denied', Message: 'denied', ...meta(403) })],
    ['InternalServerException', 'Unavailable', () => new InternalServerException({ message: 'oops', ...meta(500) })],
    ['an unmodeled ThrottlingException', 'Throttled', () => new MWAAServiceException({ name: 'ThrottlingException', $fault: 'client', message: 'Rate exceeded', ...meta(429) })],
  ];
  const calls: Array<[string, () => Promise<unknown>]> = [
    ['tagResource', () => ports.mwaa.tagResource(REGION, ARN, { owner: 'x' })],
    ['untagResource', () => ports.mwaa.untagResource(REGION, ARN, ['owner'])],
    ['listTagsForResource', () => ports.mwaa.listTagsForResource(REGION, ARN)],
  ];

  it.each(calls.flatMap(([operation, run]) => errors.map(([label, code, error]) => [operation, label, code, run, error] as const)))(
    '%s maps %s to %s',
    async (operation, _label, code, run, error) => {
      const sdkError = error();
      mwaaMock.on(TagResource).rejects(sdkError);
      mwaaMock.on(UntagResource).rejects(sdkError);
      mwaaMock.on(ListTagsForResource).rejects(sdkError);
      const caught = (await run().catch((e: unknown) => e)) as AwsError;
      expect(caught).toBeInstanceOf(AwsError);
      expect(caught).toMatchObject({ code, service: 'mwaa', operation });
      expect(caught.cause).toBe(sdkError);
    },
  );

  it('keeps an unknown ARN a NotFound error in listTagsForResource (never a null or {})', async () => {
    mwaaMock.on(ListTagsForResource).rejects(new ResourceNotFoundException({ message: 'not found', ...meta(404) }));
    await expect(codeOf(ports.mwaa.listTagsForResource(REGION, ARN))).resolves.toBe('NotFound');
  });
});

describe('MWAA calls and the AbortSignal', () => {
  const operations: Array<[string, (signal: AbortSignal) => Promise<unknown>]> = [
    ['createEnvironment', (s) => ports.mwaa.createEnvironment(REGION, FULL_SPEC, s)],
    ['getEnvironment', (s) => ports.mwaa.getEnvironment(REGION, 'x', s)],
    ['updateEnvironment', (s) => ports.mwaa.updateEnvironment(REGION, { name: 'x', maxWorkers: 2 }, s)],
    ['deleteEnvironment', (s) => ports.mwaa.deleteEnvironment(REGION, 'x', s)],
    ['listEnvironments', (s) => ports.mwaa.listEnvironments(REGION, s)],
    ['tagResource', (s) => ports.mwaa.tagResource(REGION, ARN, { owner: 'x' }, s)],
    ['untagResource', (s) => ports.mwaa.untagResource(REGION, ARN, ['owner'], s)],
    ['listTagsForResource', (s) => ports.mwaa.listTagsForResource(REGION, ARN, s)],
  ];

  it.each(operations)('%s hands the caller’s signal to send', async (_name, run) => {
    mwaaMock.on(CreateEnvironment).resolves({ Arn: ARN });
    mwaaMock.on(UpdateEnvironment).resolves({ Arn: ARN });
    mwaaMock.on(GetEnvironment).resolves({ Environment: { Name: 'x' } });
    mwaaMock.on(DeleteEnvironment).resolves({});
    mwaaMock.on(ListEnvironments).resolves({ Environments: [] });
    mwaaMock.on(TagResource).resolves({});
    mwaaMock.on(UntagResource).resolves({});
    mwaaMock.on(ListTagsForResource).resolves({ Tags: {} });
    const controller = new AbortController();
    await run(controller.signal);
    expect((sendOptionsOf(mwaaMock.call(0)) as { abortSignal?: AbortSignal }).abortSignal).toBe(controller.signal);
  });

  it.each(operations)('%s raises Aborted without calling AWS when the signal has already fired', async (_name, run) => {
    const controller = new AbortController();
    controller.abort();
    await expect(codeOf(run(controller.signal))).resolves.toBe('Aborted');
    expect(mwaaMock.calls()).toHaveLength(0);
  });

  it('maps an abort during the request to Aborted, whatever the SDK threw', async () => {
    const controller = new AbortController();
    mwaaMock.on(GetEnvironment).callsFake(() => {
      controller.abort();
      return Promise.reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' }));
    });
    const error = (await ports.mwaa.getEnvironment(REGION, 'x', controller.signal).catch((e: unknown) => e)) as AwsError;
    expect(error).toMatchObject({ code: 'Aborted', retryable: false, operation: 'getEnvironment' });
  });

  it('maps an AbortError to Aborted even when the caller passed no signal', async () => {
    mwaaMock.on(DeleteEnvironment).rejects(Object.assign(new Error('aborted'), { name: 'AbortError' }));
    await expect(codeOf(ports.mwaa.deleteEnvironment(REGION, 'x'))).resolves.toBe('Aborted');
  });
});

describe('MWAA region argument', () => {
  it('rejects a malformed region with InvalidInput before calling AWS', async () => {
    await expect(codeOf(ports.mwaa.getEnvironment('not a region', 'x'))).resolves.toBe('InvalidInput');
    expect(mwaaMock.calls()).toHaveLength(0);
  });
});
