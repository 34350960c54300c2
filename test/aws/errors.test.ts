/**
 * SDK error → AwsError: every client-side row, every AWS error the adapter can meet (classified by
 * the project table `classifyAwsError`, retryability from `isTransientAwsError`), and real network
 * failures, DNS failures and aborts through real clients.
 */
import { Agent, createServer, type Server } from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import { Agent as HttpsAgent } from 'node:https';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import {
  AccessDeniedException,
  InternalServerException,
  MWAAClient,
  MWAAServiceException,
  ResourceNotFoundException,
  ValidationException,
} from '@aws-sdk/client-mwaa';
import {
  IAMServiceException,
  InvalidInputException,
  LimitExceededException,
  NoSuchEntityException,
  ServiceFailureException,
  UnmodifiableEntityException,
} from '@aws-sdk/client-iam';
import { EC2Client, EC2ServiceException } from '@aws-sdk/client-ec2';
import { CLIENT_SIDE_ERRORS, matchClientSideError, sdkErrorFacts, toAwsError, type ClientSideErrorRule } from '../../adapters/aws/errors';
import { isTransientAwsError } from '../../domain/awsErrorClasses';
import { UnsentFieldsError } from '../../adapters/aws/newFields';
import { createAwsPorts } from '../../adapters/aws';
import { AwsError, type AwsErrorCode, type AwsService } from '../../adapters/errors';

const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });
const named = (name: string, extra: Record<string, unknown> = {}): Error => Object.assign(new Error(`${name} happened`), { name, ...extra });
const errno = (code: string): Error => Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });
/** What the SDK's deserializer middleware appends to whatever the response parser threw. */
const HINT = '\n  Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.';

describe('client-side error rows', () => {
  const samples: Array<[string, Error, AwsErrorCode]> = [
    ['AbortError', named('AbortError'), 'Aborted'],
    ['TimeoutError', named('TimeoutError'), 'Unavailable'],
    ['RequestTimeout', named('RequestTimeout'), 'Unavailable'],
    ['RequestTimeoutException', named('RequestTimeoutException'), 'Unavailable'],
    ['ECONNREFUSED', errno('ECONNREFUSED'), 'Unavailable'],
    ['ECONNRESET', errno('ECONNRESET'), 'Unavailable'],
    ['ENOTFOUND', errno('ENOTFOUND'), 'NoEndpoint'],
    ['EAI_AGAIN', errno('EAI_AGAIN'), 'Unavailable'],
    ['ETIMEDOUT', errno('ETIMEDOUT'), 'Unavailable'],
    ['EPIPE', errno('EPIPE'), 'Unavailable'],
    ['EHOSTUNREACH', errno('EHOSTUNREACH'), 'Unavailable'],
    ['ENETUNREACH', errno('ENETUNREACH'), 'Unavailable'],
    ['SyntaxError (MWAA restJson body that is not JSON)', Object.assign(new SyntaxError(`Unexpected token '<', "<html>" is not valid JSON${HINT}`), { $metadata: {} }), 'Unavailable'],
    ['XML parse error (IAM/EC2 body that is not XML)', Object.assign(new Error(`@aws-sdk XML parse error: unexpected content.${HINT}`), { $metadata: { httpStatusCode: 200 } }), 'Unavailable'],
    ['a body cut short (wrapped "aborted")', new Error(`AWS SDK error wrapper for Error: aborted${HINT}`), 'Unavailable'],
    ['CredentialsProviderError', named('CredentialsProviderError'), 'AccessDenied'],
    ['UnsentFieldsError', new UnsentFieldsError('could not add MinWebservers'), 'InvalidInput'],
  ];

  it.each(samples)('maps %s to its row’s code', (_label, error, code) => {
    expect(toAwsError('mwaa', 'op', error).code).toBe(code);
  });

  it('has a sample above for every row, so no row goes untested', () => {
    const hit = new Set<ClientSideErrorRule>();
    for (const [, error] of samples) {
      const rule = matchClientSideError(sdkErrorFacts('mwaa', error));
      if (rule !== undefined) hit.add(rule);
    }
    expect(hit.size).toBe(CLIENT_SIDE_ERRORS.length);
  });

  it('unwraps the SDK’s "AWS SDK error wrapper" and finds the errno in its message', () => {
    const wrapped = Object.assign(new Error('AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:1'), { $metadata: {} });
    expect(sdkErrorFacts('mwaa', wrapped)).toEqual({ service: 'mwaa', name: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:1', errno: 'ECONNREFUSED' });
    const timeout = new Error('AWS SDK error wrapper for TimeoutError: socket hang up');
    expect(toAwsError('iam', 'op', timeout)).toMatchObject({ code: 'Unavailable', awsName: 'TimeoutError' });
  });

  it('does not read an errno out of the message of an AWS error', () => {
    const aws = new ValidationException({ message: 'Value ETIMEDOUT is not a valid name', ...meta(400) });
    expect(sdkErrorFacts('mwaa', aws).errno).toBeUndefined();
    expect(toAwsError('mwaa', 'op', aws).code).toBe('InvalidInput');
  });

  it('marks network failures, temporary DNS failures and timeouts retryable, and aborts and unknown hosts not', () => {
    expect(toAwsError('ec2', 'op', errno('ECONNRESET')).retryable).toBe(true);
    expect(toAwsError('ec2', 'op', errno('EAI_AGAIN'))).toMatchObject({ code: 'Unavailable', retryable: true });
    expect(toAwsError('ec2', 'op', named('TimeoutError')).retryable).toBe(true);
    expect(toAwsError('ec2', 'op', named('AbortError')).retryable).toBe(false);
    // The host name does not resolve: the service has no endpoint in the region, and a retry cannot change that.
    expect(toAwsError('mwaa', 'op', errno('ENOTFOUND'))).toMatchObject({ code: 'NoEndpoint', retryable: false });
  });

  it('finds ENOTFOUND in the message of a wrapped DNS error', () => {
    const wrapped = new Error('AWS SDK error wrapper for Error: getaddrinfo ENOTFOUND api.airflow.ap-east-2.amazonaws.com');
    expect(toAwsError('mwaa', 'op', wrapped)).toMatchObject({ code: 'NoEndpoint', retryable: false });
  });

  it('marks unparseable responses retryable, whatever the status, and never InvalidInput', () => {
    for (const status of [200, 400, 502]) {
      const mwaa = Object.assign(new SyntaxError(`Unexpected end of JSON input${HINT}`), { $metadata: {}, $response: { statusCode: status } });
      const iam = Object.assign(new Error(`@aws-sdk XML parse error: expected ">" not found.${HINT}`), { $metadata: { httpStatusCode: status } });
      expect(toAwsError('mwaa', 'op', mwaa)).toMatchObject({ code: 'Unavailable', retryable: true });
      expect(toAwsError('iam', 'op', iam)).toMatchObject({ code: 'Unavailable', retryable: true });
    }
  });

  it('never reads the message of an AWS answer (an error with $fault) with the client-side patterns', () => {
    const aws = new ValidationException({ message: `Value XML parse error is not a valid name${HINT}`, ...meta(400) });
    expect(matchClientSideError(sdkErrorFacts('mwaa', aws))).toBeUndefined();
    expect(toAwsError('mwaa', 'op', aws).code).toBe('InvalidInput');
  });
});

describe('AWS errors that AWS says to retry', () => {
  it('knows IAM ConcurrentModification by wire and SDK name, and nothing else', () => {
    expect(isTransientAwsError('iam', 'ConcurrentModification')).toBe(true);
    expect(isTransientAwsError('iam', 'ConcurrentModificationException')).toBe(true);
    expect(isTransientAwsError('iam', 'DeleteConflict')).toBe(false);
    expect(isTransientAwsError('mwaa', 'ConcurrentModification')).toBe(false);
    expect(isTransientAwsError('ec2', 'ConcurrentModification')).toBe(false);
  });

  it('keeps IAM ConcurrentModification a Conflict but makes it retryable', () => {
    const error = Object.assign(new IAMServiceException({ name: 'ConcurrentModificationException', $fault: 'client', message: 'Rate of modification is too high', ...meta(409) }), {
      Code: 'ConcurrentModification',
    });
    expect(toAwsError('iam', 'updateDescription', error)).toMatchObject({ code: 'Conflict', retryable: true, awsName: 'ConcurrentModification' });
  });

  it('leaves other Conflicts not retryable', () => {
    const busy = new ValidationException({ message: 'Environments with UPDATING status cannot be deleted.', ...meta(400) });
    expect(toAwsError('mwaa', 'deleteEnvironment', busy)).toMatchObject({ code: 'Conflict', retryable: false });
  });
});

describe('AWS errors the adapter can meet, through the project table', () => {
  const rows: Array<[AwsService, string, AwsErrorCode, Error]> = [
    ['mwaa', 'ResourceNotFoundException', 'NotFound', new ResourceNotFoundException({ message: 'Environment x was not found.', ...meta(404) })],
    ['mwaa', 'ValidationException (constraint)', 'InvalidInput', new ValidationException({ message: 'Value at name failed to satisfy constraint', ...meta(400) })],
    ['mwaa', 'ValidationException (busy)', 'Conflict', new ValidationException({ message: 'Environments with DELETING status must complete previous operation before initiating a new operation', ...meta(400) })],
    ['mwaa', 'ValidationException (CREATE_FAILED update)', 'Conflict', new ValidationException({ message: 'Environments with CREATE_FAILED status cannot be updated.', ...meta(400) })],
    ['mwaa', 'ValidationException (DELETED delete)', 'NotFound', new ValidationException({ message: 'Environments with DELETED status cannot be deleted.', ...meta(400) })],
    ['mwaa', 'ValidationException (duplicate)', 'AlreadyExists', new ValidationException({ message: 'Environment x already exists.', ...meta(400) })],
    ['mwaa', 'ValidationException (quota)', 'LimitExceeded', new ValidationException({ message: 'You have reached the maximum number of environments (10) for this account in us-east-1.', ...meta(400) })],
    ['mwaa', 'AccessDeniedException', 'AccessDenied', new AccessDeniedException({ message: 'User is not authorized', Message: 'User is not authorized', ...meta(403) })],
    ['mwaa', 'InternalServerException', 'Unavailable', new InternalServerException({ message: 'internal', ...meta(500) })],
    ['mwaa', 'ServiceUnavailableException', 'Unavailable', new MWAAServiceException({ name: 'ServiceUnavailableException', $fault: 'client', message: 'unavailable', ...meta(503) })],
    ['mwaa', 'ThrottlingException', 'Throttled', new MWAAServiceException({ name: 'ThrottlingException', $fault: 'client', message: 'Rate exceeded', ...meta(429) })],
    ['iam', 'NoSuchEntityException', 'NotFound', new NoSuchEntityException({ message: 'The role with name x cannot be found.', ...meta(404) })],
    ['iam', 'InvalidInputException (has been taken)', 'AlreadyExists', new InvalidInputException({ message: 'Service role name AWSServiceRoleForAmazonMWAA has been taken in this account, please try a different suffix.', ...meta(400) })],
    ['iam', 'InvalidInputException', 'InvalidInput', new InvalidInputException({ message: 'Invalid deletion task id', ...meta(400) })],
    ['iam', 'EntityAlreadyExistsException (moto’s duplicate SLR)', 'AlreadyExists', new IAMServiceException({ name: 'EntityAlreadyExistsException', $fault: 'client', message: 'Role with name x already exists.', ...meta(409) })],
    ['iam', 'UnmodifiableEntityException', 'Unmodifiable', new UnmodifiableEntityException({ message: "Cannot perform the operation on the protected role 'AWSServiceRoleForAmazonMWAA' - this role is only modifiable by AWS", ...meta(400) })],
    ['iam', 'LimitExceededException', 'LimitExceeded', new LimitExceededException({ message: 'quota', ...meta(409) })],
    ['iam', 'ServiceFailureException', 'Unavailable', new ServiceFailureException({ message: 'failure', ...meta(500) })],
    ['iam', 'Throttling', 'Throttled', new IAMServiceException({ name: 'Throttling', $fault: 'client', message: 'Rate exceeded', ...meta(400) })],
    ['iam', 'ConcurrentModificationException', 'Conflict', new IAMServiceException({ name: 'ConcurrentModificationException', $fault: 'client', message: 'busy', ...meta(409) })],
    ['iam', 'DeleteConflictException', 'InUse', new IAMServiceException({ name: 'DeleteConflictException', $fault: 'client', message: 'in use', ...meta(409) })],
    ['ec2', 'RequestLimitExceeded', 'Throttled', new EC2ServiceException({ name: 'RequestLimitExceeded', $fault: 'client', message: 'Request limit exceeded.', ...meta(503) })],
    ['ec2', 'InvalidVpcEndpointId.NotFound', 'NotFound', new EC2ServiceException({ name: 'InvalidVpcEndpointId.NotFound', $fault: 'client', message: 'nope', ...meta(400) })],
    ['ec2', 'InvalidNetworkInterfaceID.NotFound', 'NotFound', new EC2ServiceException({ name: 'InvalidNetworkInterfaceID.NotFound', $fault: 'client', message: 'nope', ...meta(400) })],
    ['ec2', 'UnauthorizedOperation', 'AccessDenied', new EC2ServiceException({ name: 'UnauthorizedOperation', $fault: 'client', message: 'no', ...meta(403) })],
    ['ec2', 'DependencyViolation', 'InUse', new EC2ServiceException({ name: 'DependencyViolation', $fault: 'client', message: 'in use', ...meta(400) })],
    ['mwaa', 'a plain SDK Error (missing URI label)', 'InvalidInput', new Error('No value provided for input HTTP label: Name.')],
  ];

  it.each(rows)('%s %s → %s', (service, _label, code, error) => {
    const mapped = toAwsError(service, 'op', error);
    expect(mapped.code).toBe(code);
    expect(mapped.awsName).toBe(error.name);
    expect(mapped.cause).toBe(error);
    expect(mapped.service).toBe(service);
  });
});

describe('toAwsError', () => {
  it('returns an AwsError unchanged', () => {
    const original = new AwsError({ code: 'Conflict', message: 'x', service: 'iam', operation: 'op' });
    expect(toAwsError('iam', 'other', original)).toBe(original);
  });

  it('reports Aborted when the caller’s signal fired, whatever the SDK threw', () => {
    const controller = new AbortController();
    controller.abort();
    const thrown = errno('ECONNRESET');
    const mapped = toAwsError('mwaa', 'getEnvironment', thrown, controller.signal);
    expect(mapped).toMatchObject({ code: 'Aborted', operation: 'getEnvironment', retryable: false });
    expect(mapped.cause).toBe(thrown);
  });

  it('describes a thrown non-Error value', () => {
    expect(toAwsError('ec2', 'op', 'boom')).toMatchObject({ code: 'InvalidInput', message: 'boom', awsName: 'Error' });
  });
});

describe('real clients, real sockets', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    // Accepts requests and never answers, so only an abort can end them.
    server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const credentials = { accessKeyId: 'a', secretAccessKey: 'b' };

  it('maps a refused connection to Unavailable (MWAA client 3.523.0)', async () => {
    const aws = createAwsPorts({ credentials, maxAttempts: 1, endpoints: { mwaa: 'http://127.0.0.1:1' } });
    const error = (await aws.mwaa.getEnvironment('eu-west-1', 'x').catch((e: unknown) => e)) as AwsError;
    expect(error).toMatchObject({ code: 'Unavailable', retryable: true, service: 'mwaa' });
    aws.destroy();
  });

  it('maps a refused connection to Unavailable (IAM client)', async () => {
    const aws = createAwsPorts({ credentials, maxAttempts: 1, endpoints: { iam: 'http://127.0.0.1:1' } });
    await expect(aws.serviceLinkedRole.getRole()).rejects.toMatchObject({ code: 'Unavailable', service: 'iam' });
    aws.destroy();
  });

  it('ends a hanging MWAA request with Aborted when the signal fires', async () => {
    const aws = createAwsPorts({ credentials, maxAttempts: 1, endpoints: { mwaa: `http://127.0.0.1:${port}` } });
    const controller = new AbortController();
    const pending = aws.mwaa.listEnvironments('eu-west-1', controller.signal);
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ code: 'Aborted', operation: 'listEnvironments' });
    aws.destroy();
  }, 5000);

  it('ends a hanging EC2 request with Aborted when the signal fires', async () => {
    const aws = createAwsPorts({ credentials, maxAttempts: 1, endpoints: { ec2: `http://127.0.0.1:${port}` } });
    const controller = new AbortController();
    const pending = aws.network.listNetworkInterfaces('eu-west-1', {}, controller.signal);
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ code: 'Aborted', operation: 'listNetworkInterfaces' });
    aws.destroy();
  }, 5000);

  /** A resolver that fails every look-up the way getaddrinfo does, with `code`. */
  const failingLookup =
    (code: string): LookupFunction =>
    (hostname, _options, callback) =>
      callback(Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), { code, syscall: 'getaddrinfo', hostname }), '', 4);
  const resolvingWith = (code: string) =>
    new NodeHttpHandler({ httpAgent: new Agent({ lookup: failingLookup(code) }), httpsAgent: new HttpsAgent({ lookup: failingLookup(code) }) });

  it('maps a host name that does not resolve (ENOTFOUND) to NoEndpoint, not retryable (MWAA client 3.523.0)', async () => {
    const mwaa = new MWAAClient({ region: 'ap-east-2', credentials, maxAttempts: 1, requestHandler: resolvingWith('ENOTFOUND') });
    const aws = createAwsPorts({ clients: { mwaa: () => mwaa } });
    await expect(aws.mwaa.listEnvironments('ap-east-2')).rejects.toMatchObject({ code: 'NoEndpoint', retryable: false, service: 'mwaa' });
    mwaa.destroy();
  });

  it('maps ENOTFOUND to NoEndpoint after the new SDK’s retries (EC2 client)', async () => {
    const ec2 = new EC2Client({ region: 'eu-west-1', credentials, maxAttempts: 2, requestHandler: resolvingWith('ENOTFOUND') });
    const aws = createAwsPorts({ clients: { ec2: () => ec2 } });
    await expect(aws.network.listManagedVpcEndpoints('eu-west-1')).rejects.toMatchObject({ code: 'NoEndpoint', retryable: false, service: 'ec2' });
    ec2.destroy();
  });

  it('keeps a temporary DNS failure (EAI_AGAIN) Unavailable and retryable', async () => {
    const mwaa = new MWAAClient({ region: 'eu-west-1', credentials, maxAttempts: 1, requestHandler: resolvingWith('EAI_AGAIN') });
    const aws = createAwsPorts({ clients: { mwaa: () => mwaa } });
    await expect(aws.mwaa.getEnvironment('eu-west-1', 'x')).rejects.toMatchObject({ code: 'Unavailable', retryable: true });
    mwaa.destroy();
  });
});
