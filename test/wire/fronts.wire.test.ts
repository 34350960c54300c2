/**
 * The endpoint's MWAA and IAM protocols, spoken to with plain `fetch` (no SDK): the wire shapes
 * AWS's protocols define, so that the adapter tests run against something faithful.
 */
import { useSimulatorWire, wireSpec } from './simulatorWire';

const t = useSimulatorWire();

const scope = (region: string, service: string): string =>
  `AWS4-HMAC-SHA256 Credential=testing/20260101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=00`;

const mwaa = (path: string, init: { method?: string; body?: string; service?: string } = {}): Promise<Response> =>
  fetch(`${t.wire.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: scope('eu-west-1', init.service ?? 'airflow'), 'content-type': 'application/json' },
    ...(init.body === undefined ? {} : { body: init.body }),
  });

const iam = (params: Record<string, string>): Promise<Response> =>
  fetch(t.wire.url, {
    method: 'POST',
    headers: { authorization: scope('us-east-1', 'iam'), 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: new URLSearchParams({ Version: '2010-05-08', ...params }).toString(),
  });

describe('the MWAA front on the wire', () => {
  it('answers a missing environment with 404, x-amzn-errortype ResourceNotFoundException and a lower-case message', async () => {
    const res = await mwaa('/environments/ghost');
    expect(res.status).toBe(404);
    expect(res.headers.get('x-amzn-errortype')).toBe('ResourceNotFoundException');
    expect(await res.json()).toEqual({ message: 'Environment ghost was not found.' });
  });

  it('describes an environment in PascalCase with CreatedAt in epoch seconds, in the region of the credential scope', async () => {
    await t.wire.sim.ports().mwaa.createEnvironment('eu-west-1', wireSpec('wire-raw'));
    const body = (await (await mwaa('/environments/wire-raw')).json()) as { Environment: Record<string, unknown> };
    expect(body.Environment).toMatchObject({ Name: 'wire-raw', Status: 'CREATING', NetworkConfiguration: { SubnetIds: ['subnet-0aaa', 'subnet-0bbb'] } });
    expect(body.Environment['CreatedAt']).toBe(t.wire.sim.clock.now() / 1000);
    const otherRegion = await fetch(`${t.wire.url}/environments/wire-raw`, { headers: { authorization: scope('us-east-1', 'airflow') } });
    expect(otherRegion.status).toBe(404);
  });

  it('refuses unsigned requests with 403 and requests signed for a service it does not serve with 501', async () => {
    const unsigned = await fetch(`${t.wire.url}/environments`);
    expect([unsigned.status, unsigned.headers.get('x-amzn-errortype')]).toEqual([403, 'MissingAuthenticationTokenException']);
    const otherService = await mwaa('/environments', { service: 's3' });
    expect([otherService.status, otherService.headers.get('x-amzn-errortype')]).toEqual([501, 'NotImplemented']);
  });

  it('answers a member of the wrong JSON type with SerializationException and a missing required member with ValidationException', async () => {
    const { name: _name, ...spec } = wireSpec('wire-bad');
    const wrongType = await mwaa('/environments/wire-bad', {
      method: 'PUT',
      body: JSON.stringify({ ExecutionRoleArn: spec.executionRoleArn, MaxWorkers: '3' }),
    });
    expect([wrongType.status, wrongType.headers.get('x-amzn-errortype')]).toEqual([400, 'SerializationException']);
    const missing = await mwaa('/environments/wire-bad', { method: 'PUT', body: JSON.stringify({ ExecutionRoleArn: spec.executionRoleArn }) });
    expect(missing.headers.get('x-amzn-errortype')).toBe('ValidationException');
    expect(await missing.json()).toEqual({
      message: "1 validation error detected: Value null at 'sourceBucketArn' failed to satisfy constraint: Member must not be null",
    });
  });

  it('rejects MaxResults outside 1-25 and a NextToken it never issued with ValidationException', async () => {
    expect((await mwaa('/environments?MaxResults=26')).headers.get('x-amzn-errortype')).toBe('ValidationException');
    expect((await mwaa('/environments?MaxResults=0')).headers.get('x-amzn-errortype')).toBe('ValidationException');
    expect((await mwaa('/environments?NextToken=bogus')).headers.get('x-amzn-errortype')).toBe('ValidationException');
  });

  it('sends AccessDeniedException with a capital-M Message, as MWAA does', async () => {
    t.wire.sim.failNext({ operation: 'mwaa.listEnvironments', awsName: 'AccessDeniedException', message: 'denied' });
    const res = await mwaa('/environments');
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ Message: 'denied' });
  });
});

describe('the IAM front on the wire', () => {
  it('answers GetRole of a missing role with a 404 XML ErrorResponse of Type Sender and Code NoSuchEntity', async () => {
    const res = await iam({ Action: 'GetRole', RoleName: 'AWSServiceRoleForAmazonMWAA' });
    expect(res.status).toBe(404);
    const xml = await res.text();
    expect(xml).toMatch(/<ErrorResponse[^>]*><Error><Type>Sender<\/Type><Code>NoSuchEntity<\/Code><Message>The role with name AWSServiceRoleForAmazonMWAA cannot be found\.<\/Message><\/Error><RequestId>[^<]+<\/RequestId><\/ErrorResponse>/);
  });

  it('returns the role in GetRoleResponse/GetRoleResult with the trust policy URL-encoded', async () => {
    await t.wire.sim.ports().serviceLinkedRole.createRole({ description: 'raw' });
    await t.wire.sim.clock.advance(60_000);
    const xml = await (await iam({ Action: 'GetRole', RoleName: 'AWSServiceRoleForAmazonMWAA' })).text();
    expect(xml).toMatch(/<GetRoleResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><GetRoleResult><Role>/);
    expect(xml).toMatch(/<ResponseMetadata><RequestId>[^<]+<\/RequestId><\/ResponseMetadata><\/GetRoleResponse>$/);
    expect(xml).toMatch(/<AssumeRolePolicyDocument>%7B%22Version%22%3A/);
  });

  it('answers an unknown action or API version with InvalidAction and a 5xx from the simulator with Type Receiver', async () => {
    expect(await (await iam({ Action: 'ListRoles' })).text()).toContain('<Code>InvalidAction</Code>');
    expect(await (await iam({ Action: 'GetRole', RoleName: 'x', Version: '2006-03-01' })).text()).toContain('<Code>InvalidAction</Code>');
    t.wire.sim.failNext({ operation: 'iam.getRole', awsName: 'ServiceFailure', message: 'boom' });
    const failed = await iam({ Action: 'GetRole', RoleName: 'AWSServiceRoleForAmazonMWAA' });
    expect(failed.status).toBe(500);
    expect(await failed.text()).toContain('<Type>Receiver</Type><Code>ServiceFailure</Code><Message>boom</Message>');
  });
});
