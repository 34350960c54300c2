/**
 * Wire fidelity of `serve` as the plain SDK clients see it: every served operation parses without
 * a warning, errors arrive with the names, HTTP statuses, faults and headers of
 * ../shared/reference/aws-api.md (§1.3 MWAA, §2.1 IAM, §3-§6 EC2), and MWAA requests sent to the
 * `api.` host-prefixed name are served like any other.
 */
/* eslint-disable no-restricted-imports -- the wire is measured with the AWS SDK clients themselves, as any client of serve would use them */
import { CreateEnvironmentCommand, DeleteEnvironmentCommand, GetEnvironmentCommand, ListTagsForResourceCommand, MWAAClient, paginateListEnvironments, TagResourceCommand, UntagResourceCommand, UpdateEnvironmentCommand } from '@aws-sdk/client-mwaa';
import { CreateServiceLinkedRoleCommand, DeleteRoleCommand, DeleteServiceLinkedRoleCommand, GetRoleCommand, GetServiceLinkedRoleDeletionStatusCommand, IAMClient, UpdateRoleDescriptionCommand } from '@aws-sdk/client-iam';
import { DescribeNetworkInterfacesCommand, DescribeRegionsCommand, DescribeVpcEndpointsCommand, EC2Client } from '@aws-sdk/client-ec2';
import type { PortOperation } from '../../adapters/simulator';
import { useSimulatorWire, waitInVirtualTime, WIRE_CREDENTIALS, wireSpec } from '../wire/simulatorWire';

const REGION = 'eu-west-1';
const t = useSimulatorWire();

/** Everything the SDK clients or Node said that was not an answer. */
const said: string[] = [];
const logger = { debug: () => undefined, info: () => undefined, warn: (...a: unknown[]) => void said.push(`warn ${a.join(' ')}`), error: (...a: unknown[]) => void said.push(`error ${a.join(' ')}`) };
const options = () => ({ region: REGION, endpoint: t.wire.url, credentials: WIRE_CREDENTIALS, maxAttempts: 1, logger });

let mwaa: MWAAClient;
let iam: IAMClient;
let ec2: EC2Client;
beforeEach(() => {
  said.length = 0;
  jest.spyOn(console, 'warn').mockImplementation((...a: unknown[]) => void said.push(`console.warn ${a.join(' ')}`));
  jest.spyOn(process, 'emitWarning').mockImplementation((w: string | Error) => void said.push(`emitWarning ${String(w)}`));
  mwaa = new MWAAClient({ ...options(), disableHostPrefix: true });
  iam = new IAMClient(options());
  ec2 = new EC2Client(options());
});
afterEach(() => {
  jest.restoreAllMocks();
  for (const client of [mwaa, iam, ec2]) client.destroy();
});

interface SdkFailure {
  name: string;
  $fault?: string;
  $metadata: { httpStatusCode?: number; requestId?: string };
  Code?: string;
  message: string;
}

async function failure(work: Promise<unknown>): Promise<SdkFailure> {
  try {
    await work;
  } catch (e) {
    return e as SdkFailure;
  }
  throw new Error('expected the call to fail');
}

const untilStatus = (name: string, status: string) =>
  waitInVirtualTime(t.wire.sim, () => mwaa.send(new GetEnvironmentCommand({ Name: name })), (o) => o.Environment?.Status === status, 3 * 3600_000);

describe('every served operation through the plain SDK clients', () => {
  it('parses every answer, with a request id, and nothing is warned or logged', async () => {
    const spec = wireSpec('fid-a');
    const { Arn } = await mwaa.send(
      new CreateEnvironmentCommand({
        Name: spec.name,
        ExecutionRoleArn: spec.executionRoleArn,
        SourceBucketArn: spec.sourceBucketArn,
        DagS3Path: spec.dagS3Path,
        NetworkConfiguration: { SubnetIds: spec.networkConfiguration.subnetIds, SecurityGroupIds: spec.networkConfiguration.securityGroupIds },
      }),
    );
    expect(Arn).toBe(`arn:aws:airflow:${REGION}:123456789012:environment/fid-a`);
    await untilStatus('fid-a', 'AVAILABLE');
    const names: string[] = [];
    for await (const page of paginateListEnvironments({ client: mwaa, pageSize: 1 }, {})) names.push(...(page.Environments ?? []));
    expect(names).toEqual(['fid-a']);
    await mwaa.send(new UpdateEnvironmentCommand({ Name: 'fid-a', MaxWorkers: 4 }));
    await mwaa.send(new TagResourceCommand({ ResourceArn: Arn, Tags: { team: 'data' } }));
    expect((await mwaa.send(new ListTagsForResourceCommand({ ResourceArn: Arn }))).Tags).toEqual({ team: 'data' });
    await mwaa.send(new UntagResourceCommand({ ResourceArn: Arn, tagKeys: ['team'] }));

    const role = (await iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForAmazonMWAA' }))).Role;
    expect(role?.Arn).toBe('arn:aws:iam::123456789012:role/aws-service-role/airflow.amazonaws.com/AWSServiceRoleForAmazonMWAA');
    expect(role?.CreateDate).toBeInstanceOf(Date);
    await iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'AWSServiceRoleForAmazonMWAA', Description: 'served' }));
    const regions = await ec2.send(new DescribeRegionsCommand({ AllRegions: true }));
    const endpoints = await ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'tag-key', Values: ['AmazonMWAAManaged'] }] }));
    const interfaces = await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'subnet-id', Values: ['subnet-0aaa'] }] }));
    expect(endpoints.VpcEndpoints?.length).toBeGreaterThan(0);
    expect(interfaces.NetworkInterfaces?.length).toBeGreaterThan(0);
    for (const answer of [regions, endpoints, interfaces]) expect(answer.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);

    await untilStatus('fid-a', 'AVAILABLE');
    await mwaa.send(new DeleteEnvironmentCommand({ Name: 'fid-a' }));
    // Gone as the simulator sees it (a failed GetEnvironment would be logged as an error, rightly).
    await waitInVirtualTime(t.wire.sim, () => t.wire.sim.ports().mwaa.getEnvironment(REGION, 'fid-a'), (e) => e === null, 3 * 3600_000);
    await t.wire.sim.clock.advance(3600_000);
    const { DeletionTaskId } = await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForAmazonMWAA' }));
    const status = await iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId }));
    expect(['NOT_STARTED', 'IN_PROGRESS']).toContain(status.Status);
    expect(said).toEqual([]);
  });
});

describe('errors as aws-api.md has them', () => {
  it.each([
    ['mwaa.getEnvironment', 'ResourceNotFoundException', 404, 'client'],
    ['mwaa.getEnvironment', 'ValidationException', 400, 'client'],
    ['mwaa.getEnvironment', 'AccessDeniedException', 403, 'client'],
    ['mwaa.getEnvironment', 'InternalServerException', 500, 'server'],
    // 3.523.0 has no ServiceUnavailableException: a generic error, `$fault` client despite the 503 (§1.3).
    ['mwaa.getEnvironment', 'ServiceUnavailableException', 503, 'client'],
    ['mwaa.getEnvironment', 'ThrottlingException', 429, 'client'],
  ] as const)('MWAA: %s failing with %s arrives as that name, HTTP %i, fault %s', async (operation: PortOperation, awsName, status, fault) => {
    t.wire.sim.failNext({ operation, awsName, message: `scripted ${awsName}`, httpStatus: status });
    const e = await failure(mwaa.send(new GetEnvironmentCommand({ Name: 'anything' })));
    expect({ name: e.name, status: e.$metadata.httpStatusCode, fault: e.$fault, message: e.message }).toEqual({ name: awsName, status, fault, message: `scripted ${awsName}` });
    const raw = [...t.wire.mwaa.requests].pop();
    expect(raw?.path).toBe('/environments/anything');
  });

  it('MWAA: a missing environment is 404 with x-amzn-errortype, x-amzn-requestid and a JSON message', async () => {
    const res = await fetch(`${t.wire.url}/environments/ghost`, { headers: { authorization: `AWS4-HMAC-SHA256 Credential=k/20260101/${REGION}/airflow/aws4_request, SignedHeaders=host, Signature=0` } });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('content-type')).toBe('application/json');
  });

  it.each([
    ['iam.getRole', 'ServiceFailure', 500, 'ServiceFailureException', 'server'],
    ['iam.getRole', 'Throttling', 400, 'Throttling', 'client'],
    ['iam.createRole', 'LimitExceeded', 409, 'LimitExceededException', 'client'],
  ] as const)('IAM: %s failing with %s arrives as HTTP %i, name %s, fault %s', async (operation: PortOperation, code, status, name, fault) => {
    t.wire.sim.failNext({ operation, awsName: code, message: `scripted ${code}`, httpStatus: status });
    const call = operation === 'iam.getRole' ? new GetRoleCommand({ RoleName: 'AWSServiceRoleForAmazonMWAA' }) : new CreateServiceLinkedRoleCommand({ AWSServiceName: 'airflow.amazonaws.com' });
    const e = await failure(iam.send(call as GetRoleCommand));
    expect({ name: e.name, code: e.Code, status: e.$metadata.httpStatusCode, fault: e.$fault }).toEqual({ name, code, status, fault });
  });

  it('IAM: NoSuchEntity 404, InvalidInput 400 "has been taken" on a second create, UnmodifiableEntity 400 on DeleteRole', async () => {
    const missing = await failure(iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForAmazonMWAA' })));
    expect({ name: missing.name, code: missing.Code, status: missing.$metadata.httpStatusCode }).toEqual({ name: 'NoSuchEntityException', code: 'NoSuchEntity', status: 404 });
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'airflow.amazonaws.com' }));
    const twice = await failure(iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'airflow.amazonaws.com' })));
    expect({ name: twice.name, status: twice.$metadata.httpStatusCode }).toEqual({ name: 'InvalidInputException', status: 400 });
    expect(twice.message).toMatch(/has been taken in this account/);
    const protectedRole = await failure(iam.send(new DeleteRoleCommand({ RoleName: 'AWSServiceRoleForAmazonMWAA' })));
    expect({ name: protectedRole.name, status: protectedRole.$metadata.httpStatusCode }).toEqual({ name: 'UnmodifiableEntityException', status: 400 });
    expect(protectedRole.message).toBe("Cannot perform the operation on the protected role 'AWSServiceRoleForAmazonMWAA' - this role is only modifiable by AWS");
  });

  it('EC2: throttling is RequestLimitExceeded 503 and a 5xx fault InternalError 500', async () => {
    t.wire.sim.failNext({ operation: 'ec2.listRegions', awsName: 'RequestLimitExceeded', message: 'Request limit exceeded.', httpStatus: 503 });
    const throttled = await failure(ec2.send(new DescribeRegionsCommand({})));
    expect({ name: throttled.name, status: throttled.$metadata.httpStatusCode }).toEqual({ name: 'RequestLimitExceeded', status: 503 });
    t.wire.sim.addFault({ operation: 'ec2.listManagedVpcEndpoints', kind: 'unavailable', rate: 1 });
    const failed = await failure(ec2.send(new DescribeVpcEndpointsCommand({})));
    expect({ name: failed.name, status: failed.$metadata.httpStatusCode }).toEqual({ name: 'InternalError', status: 500 });
  });
});

describe('the api. host prefix', () => {
  it('serves MWAA requests sent to api.<host>, as an SDK without disableHostPrefix sends them', async () => {
    const port = new URL(t.wire.url).port;
    const prefixed = new MWAAClient({ region: REGION, endpoint: `http://localhost:${port}`, credentials: WIRE_CREDENTIALS, maxAttempts: 1 });
    // `api.localhost` does not resolve everywhere: connect to loopback, keep the prefixed Host header.
    prefixed.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { hostname: string; headers: Record<string, string> };
        request.headers['host'] = `${request.hostname}:${port}`;
        request.hostname = '127.0.0.1';
        return next(args);
      },
      { step: 'deserialize', name: 'connectToLoopback', priority: 'low' },
    );
    try {
      const e = await failure(prefixed.send(new GetEnvironmentCommand({ Name: 'via-prefix' })));
      expect(e.name).toBe('ResourceNotFoundException');
      expect([...t.wire.mwaa.requests].pop()?.headers['host']).toBe(`api.localhost:${port}`);
    } finally {
      prefixed.destroy();
    }
  });
});
