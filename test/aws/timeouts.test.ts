/**
 * Request and connect timeouts on every client the adapter builds: a peer that accepts the
 * connection and never answers fails the call within the timeout as a retryable Unavailable,
 * through real sockets; and the timeouts reach each client's own HTTP handler.
 */
import { ListEnvironmentsCommand, MWAAClient } from '@aws-sdk/client-mwaa';
import { IAMClient } from '@aws-sdk/client-iam';
import { EC2Client } from '@aws-sdk/client-ec2';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createAwsPorts, type AwsAdapter } from '../../adapters/aws';
import { createAwsClients } from '../../adapters/aws/clients';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS, httpTimeouts } from '../../adapters/aws/httpHandler';
import { AwsError } from '../../adapters/errors';
import { startCannedServer, startSilentServer, type LocalServer } from './support/fakeHttp';

const credentials = { accessKeyId: 'a', secretAccessKey: 'b' };
const TIMEOUT_MS = 250;
/** Generous slack for a loaded CI machine; without a timeout the calls would hang until jest's 60 s. */
const WITHIN_MS = TIMEOUT_MS + 2_000;

/** Runs `call`, expecting an AwsError, and returns it with how long the call took. */
async function failureOf(call: () => Promise<unknown>): Promise<{ error: AwsError; ms: number }> {
  const started = Date.now();
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AwsError)) throw new Error(`expected an AwsError, got ${String(error)}`);
  return { error, ms: Date.now() - started };
}

describe('a peer that accepts the connection and never answers', () => {
  let silent: LocalServer;
  let aws: AwsAdapter;
  beforeAll(async () => {
    silent = await startSilentServer();
  });
  afterAll(async () => {
    await silent.close();
  });
  beforeEach(() => {
    aws = createAwsPorts({
      credentials,
      maxAttempts: 1,
      requestTimeoutMs: TIMEOUT_MS,
      endpoints: { mwaa: silent.url, iam: silent.url, ec2: silent.url },
    });
  });
  afterEach(() => aws.destroy());

  it.each<[string, (ports: AwsAdapter) => Promise<unknown>]>([
    ['MWAA (client 3.523.0)', (p) => p.mwaa.getEnvironment('eu-west-1', 'silent')],
    ['IAM', (p) => p.serviceLinkedRole.getRole()],
    ['EC2', (p) => p.network.listRegions()],
  ])('fails a call to %s within the timeout as a retryable Unavailable', async (_service, call) => {
    const before = silent.connections;
    const { error, ms } = await failureOf(() => call(aws));
    expect(error).toMatchObject({ code: 'Unavailable', retryable: true, awsName: 'TimeoutError' });
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(ms).toBeLessThan(WITHIN_MS);
    // It did reach the peer: this is the request timeout, not a refused connection.
    expect(silent.connections).toBeGreaterThan(before);
  });

  it('bounds every attempt, so the SDK’s retries end too (IAM, 2 attempts)', async () => {
    const retrying = createAwsPorts({ credentials, maxAttempts: 2, requestTimeoutMs: TIMEOUT_MS, endpoints: { iam: silent.url } });
    const { error, ms } = await failureOf(() => retrying.serviceLinkedRole.getRole());
    retrying.destroy();
    expect(error).toMatchObject({ code: 'Unavailable', retryable: true });
    expect(ms).toBeGreaterThanOrEqual(2 * TIMEOUT_MS - 50);
    expect(ms).toBeLessThan(2 * WITHIN_MS);
  });
});

describe('the HTTP handler of each built client', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await startCannedServer(() => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"Environments":[]}' }));
  });
  afterAll(async () => {
    await server.close();
  });

  /** The handler a client was built with, after one request made it resolve its configuration. */
  const handlerOf = (client: unknown): NodeHttpHandler => {
    const handler = (client as MWAAClient | IAMClient | EC2Client).config.requestHandler;
    if (!(handler instanceof NodeHttpHandler)) throw new Error('expected the adapter’s NodeHttpHandler');
    return handler;
  };

  it('uses 30 s and 5 s by default, with a throwing request timeout, on MWAA, IAM and EC2', async () => {
    expect([DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS]).toEqual([30_000, 5_000]);
    const clients = createAwsClients({ credentials, maxAttempts: 1, endpoints: { mwaa: server.url } });
    const mwaa = handlerOf(clients.mwaa('eu-west-1'));
    await clients.mwaa('eu-west-1').send(new ListEnvironmentsCommand({}));
    expect(mwaa.httpHandlerConfigs()).toMatchObject({ requestTimeout: 30_000, socketTimeout: 30_000, connectionTimeout: 5_000, throwOnRequestTimeout: true });
    expect(handlerOf(clients.iam())).toBeInstanceOf(NodeHttpHandler);
    expect(handlerOf(clients.ec2('eu-west-1'))).toBeInstanceOf(NodeHttpHandler);
    clients.destroy();
  });

  it('passes the configured timeouts, and gives every client a handler of its own', async () => {
    const clients = createAwsClients({ credentials, maxAttempts: 1, requestTimeoutMs: 1234, connectTimeoutMs: 321, endpoints: { mwaa: server.url } });
    const handlers = [clients.mwaa('eu-west-1'), clients.mwaa('us-east-1'), clients.iam(), clients.ec2('eu-west-1')].map(handlerOf);
    expect(new Set(handlers).size).toBe(4);
    await clients.mwaa('eu-west-1').send(new ListEnvironmentsCommand({}));
    expect(handlers[0]!.httpHandlerConfigs()).toMatchObject({ requestTimeout: 1234, socketTimeout: 1234, connectionTimeout: 321, throwOnRequestTimeout: true });
    clients.destroy();
  });

  it('leaves injected clients’ handlers alone', () => {
    const injected = new IAMClient({ region: 'us-east-1', credentials });
    const before = injected.config.requestHandler;
    const clients = createAwsClients({ requestTimeoutMs: 100, clients: { iam: injected } });
    expect(clients.iam()).toBe(injected);
    expect(injected.config.requestHandler).toBe(before);
    injected.destroy();
  });

  it('rejects a timeout that is not a positive number of milliseconds', () => {
    expect(httpTimeouts()).toEqual({ requestTimeoutMs: 30_000, connectTimeoutMs: 5_000 });
    expect(() => createAwsClients({ requestTimeoutMs: 0 })).toThrow(/requestTimeoutMs must be a positive/);
    expect(() => createAwsPorts({ connectTimeoutMs: Number.NaN })).toThrow(RangeError);
  });
});
