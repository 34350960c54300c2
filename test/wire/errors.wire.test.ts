/**
 * Errors through the wire: the same simulated failure, raised once by the simulator's own port and
 * once by the real SDK adapter after the HTTP front put it on the wire, must come out as the same
 * AwsError (code, retryability, AWS name, message, service, operation).
 */
import { AwsError } from '../../adapters/errors';
import type { AwsPorts } from '../../adapters/port';
import type { PortOperation } from '../../adapters/simulator';
import { useSimulatorWire, wireSpec } from './simulatorWire';

const REGION = 'eu-west-1';
const t = useSimulatorWire();

/** The parts of an AwsError both implementations must agree on. */
interface ErrorView {
  code: string;
  retryable: boolean;
  service: string;
  operation: string;
  awsName: string | undefined;
  message: string;
}

async function errorOf(work: Promise<unknown>): Promise<ErrorView> {
  try {
    await work;
  } catch (e) {
    if (!(e instanceof AwsError)) throw new Error(`expected an AwsError, got ${String(e)}`);
    return { code: e.code, retryable: e.retryable, service: e.service, operation: e.operation, awsName: e.awsName, message: e.message };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** One port call, made the same way on either implementation. */
type Call = (ports: AwsPorts) => Promise<unknown>;

const CALLS: Partial<Record<PortOperation, Call>> = {
  'mwaa.createEnvironment': (p) => p.mwaa.createEnvironment(REGION, wireSpec('wire-errors')),
  'mwaa.getEnvironment': (p) => p.mwaa.getEnvironment(REGION, 'wire-errors'),
  'mwaa.updateEnvironment': (p) => p.mwaa.updateEnvironment(REGION, { name: 'wire-errors', maxWorkers: 3 }),
  'mwaa.deleteEnvironment': (p) => p.mwaa.deleteEnvironment(REGION, 'wire-errors'),
  'mwaa.listEnvironments': (p) => p.mwaa.listEnvironments(REGION),
  'iam.getRole': (p) => p.serviceLinkedRole.getRole(),
  'iam.createRole': (p) => p.serviceLinkedRole.createRole({ description: 'wire' }),
  'iam.updateDescription': (p) => p.serviceLinkedRole.updateDescription('wire'),
  'iam.deleteRole': (p) => p.serviceLinkedRole.deleteRole(),
};

/** Raises the scripted failure on the simulator's port, then again through the adapter, and returns both. */
async function bothWays(operation: PortOperation, awsName: string, message: string, httpStatus?: number): Promise<[ErrorView, ErrorView]> {
  const call = CALLS[operation];
  if (call === undefined) throw new Error(`no call for ${operation}`);
  const failure = { operation, awsName, message, ...(httpStatus === undefined ? {} : { httpStatus }) };
  t.wire.sim.failNext(failure);
  const direct = await errorOf(call(t.wire.sim.ports()));
  t.wire.sim.failNext(failure);
  const viaWire = await errorOf(call(t.aws));
  return [direct, viaWire];
}

describe('scripted MWAA failures through the adapter and the HTTP front', () => {
  it.each([
    ['mwaa.getEnvironment', 'ThrottlingException', 'Rate exceeded', 429],
    ['mwaa.createEnvironment', 'InternalServerException', 'An internal error occurred. Please retry your request.', 500],
    ['mwaa.updateEnvironment', 'ServiceUnavailableException', 'Service unavailable', 503],
    ['mwaa.deleteEnvironment', 'AccessDeniedException', 'User is not authorized to perform airflow:DeleteEnvironment', 403],
    ['mwaa.listEnvironments', 'ValidationException', 'Invalid request provided: bad token', 400],
  ] as const)('reports %s failing with %s as the simulator does', async (operation, awsName, message, status) => {
    const [direct, viaWire] = await bothWays(operation, awsName, message, status);
    expect(viaWire).toEqual(direct);
  });

  it('reports an update of a CREATING environment as Conflict, as the simulator does', async () => {
    await t.aws.mwaa.createEnvironment(REGION, wireSpec('wire-errors'));
    const update = CALLS['mwaa.updateEnvironment']!;
    const direct = await errorOf(update(t.wire.sim.ports()));
    const viaWire = await errorOf(update(t.aws));
    expect(direct.code).toBe('Conflict');
    expect(viaWire).toEqual(direct);
  });

  it('reports the per-region environment quota as LimitExceeded, as the simulator does', async () => {
    t.restart({ seed: 42, environmentQuota: 1 });
    await t.aws.mwaa.createEnvironment(REGION, wireSpec('wire-quota-a'));
    const direct = await errorOf(t.wire.sim.ports().mwaa.createEnvironment(REGION, wireSpec('wire-quota-b')));
    const viaWire = await errorOf(t.aws.mwaa.createEnvironment(REGION, wireSpec('wire-quota-c')));
    expect(direct.code).toBe('LimitExceeded');
    expect(viaWire).toEqual(direct);
  });
});

/** IAM failures as IAM sends them: wire code, message, status. */
const IAM_FAILURES = [
  ['iam.getRole', 'Throttling', 'Rate exceeded', 400],
  ['iam.createRole', 'ServiceFailure', 'The request processing has failed because of an unknown error, exception or failure.', 500],
  ['iam.createRole', 'LimitExceeded', 'Cannot exceed quota for RolesPerAccount: 1000', 409],
  ['iam.updateDescription', 'ConcurrentModification', 'Rate of modification is too high', 409],
  ['iam.deleteRole', 'UnmodifiableEntity', "Cannot perform the operation on the protected role 'AWSServiceRoleForAmazonMWAA' - this role is only modifiable by AWS", 400],
] as const;

describe('scripted IAM failures through the adapter and the HTTP front', () => {
  it.each(IAM_FAILURES)('reports %s failing with %s with the same code, retryability, wire name and message as the simulator', async (operation, awsName, message, status) => {
    const [direct, viaWire] = await bothWays(operation, awsName, message, status);
    expect(viaWire).toEqual(direct);
  });

  it('reports ConcurrentModification as a retryable Conflict in both adapters (IAM says: wait and retry)', async () => {
    const [direct, viaWire] = await bothWays('iam.updateDescription', 'ConcurrentModification', 'Rate of modification is too high', 409);
    expect(direct).toMatchObject({ code: 'Conflict', retryable: true, awsName: 'ConcurrentModification' });
    expect(viaWire).toEqual(direct);
  });

  it('reports a second createRole as AlreadyExists, as the simulator does', async () => {
    await t.aws.serviceLinkedRole.createRole({});
    const create = CALLS['iam.createRole']!;
    const direct = await errorOf(create(t.wire.sim.ports()));
    const viaWire = await errorOf(create(t.aws));
    expect(direct.code).toBe('AlreadyExists');
    expect(viaWire).toEqual(direct);
  });

  it('reports deleteRole without a role as NotFound, as the simulator does', async () => {
    const remove = CALLS['iam.deleteRole']!;
    const direct = await errorOf(remove(t.wire.sim.ports()));
    const viaWire = await errorOf(remove(t.aws));
    expect(direct.code).toBe('NotFound');
    expect(viaWire).toEqual(direct);
  });

  // Regression: the adapter once reported the SDK's class name (`NoSuchEntityException`) where
  // AwsError.awsName promises the wire code; the SDK error carries that code in `Code`.
  it('names IAM errors by their wire code (NoSuchEntity, not NoSuchEntityException), as the simulator does', async () => {
    const names: Array<[string | undefined, string | undefined]> = [];
    for (const [operation, awsName, message, status] of IAM_FAILURES) {
      const [direct, viaWire] = await bothWays(operation, awsName, message, status);
      names.push([direct.awsName, viaWire.awsName]);
    }
    const [direct, viaWire] = await bothWays('iam.deleteRole', 'NoSuchEntity', 'The role with name AWSServiceRoleForAmazonMWAA cannot be found.', 404);
    names.push([direct.awsName, viaWire.awsName]);
    expect(names.map(([, wireName]) => wireName)).toEqual(names.map(([simName]) => simName));
  });
});
