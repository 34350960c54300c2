/**
 * Garbage from the peer, through real sockets and the real SDK clients: random bytes, a truncated
 * body, a proxy's HTML page (status 200 or 502), a body cut short in transfer, and answers the SDK
 * parses without complaint but that cannot be AWS's (XHTML, `{}`, a foreign XML root, an empty
 * body). Whatever the protocol (MWAA restJson1, IAM awsQuery XML, EC2 ec2Query XML), the call
 * fails as a retryable Unavailable: the next answer may well be AWS's. Never InvalidInput, which
 * would end a machine, and never an empty list or `null`, which a safety survey reads as "nothing
 * there".
 */
import { GetRoleCommand, IAMClient, type IAMClientConfig } from '@aws-sdk/client-iam';
import { ListEnvironmentsCommand } from '@aws-sdk/client-mwaa';
import { createAwsPorts, type AwsAdapter } from '../../adapters/aws';
import { AwsError } from '../../adapters/errors';
import { fakeHttpHandler, mwaaClientOverFakeHttp, startCannedServer, type CannedAnswer, type LocalServer } from './support/fakeHttp';

const credentials = { accessKeyId: 'a', secretAccessKey: 'b' };

const HTML_PAGE =
  '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Sign in</title></head>' +
  '<body><p>Please sign in to the corporate proxy<br></p></body></html>\n';
const NGINX_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n' +
  '<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';
const RANDOM_BYTES = '\u0001\u00ff\u0013\u0000garbage{{<<\u0007';

const json = { 'content-type': 'application/json' };
const xml = { 'content-type': 'text/xml' };
const html = { 'content-type': 'text/html' };

type Service = 'MWAA' | 'IAM' | 'EC2';

/** One port call per service; the EC2 one is DescribeRegions, the IAM one GetRole (which turns NotFound into null). */
const CALLS: Record<Service, (aws: AwsAdapter) => Promise<unknown>> = {
  MWAA: (aws) => aws.mwaa.listEnvironments('eu-west-1'),
  IAM: (aws) => aws.serviceLinkedRole.getRole(),
  EC2: (aws) => aws.network.listRegions(),
};

/** The start of a real answer, for the truncated cases. */
const TRUNCATED: Record<Service, CannedAnswer> = {
  MWAA: { statusCode: 200, headers: json, body: '{"Environments":["analytics",' },
  IAM: { statusCode: 200, headers: xml, body: '<GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetRoleResult><Role><RoleName>AWSServic' },
  EC2: { statusCode: 200, headers: xml, body: '<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><regionInfo><item><regionName>us-ea' },
};

const CASES: Array<[string, (service: Service) => CannedAnswer]> = [
  ['random bytes (200)', () => ({ statusCode: 200, headers: { 'content-type': 'application/octet-stream' }, body: RANDOM_BYTES })],
  ['a truncated body (200)', (service) => TRUNCATED[service]],
  ['an HTML page (200)', () => ({ statusCode: 200, headers: html, body: HTML_PAGE })],
  ['an HTML page (502)', () => ({ statusCode: 502, headers: html, body: NGINX_502 })],
  ['a body cut short in transfer (200)', (service) => ({ statusCode: 200, headers: TRUNCATED[service].headers ?? {}, cutAfter: (TRUNCATED[service] as { body: string }).body })],
];

let server: LocalServer;
let answer: CannedAnswer = { statusCode: 200, body: '' };
let aws: AwsAdapter;

beforeAll(async () => {
  server = await startCannedServer(() => answer);
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  aws = createAwsPorts({ credentials, maxAttempts: 1, endpoints: { mwaa: server.url, iam: server.url, ec2: server.url } });
});
afterEach(() => aws.destroy());

describe.each<Service>(['MWAA', 'IAM', 'EC2'])('%s', (service) => {
  it.each(CASES)('reports %s as a retryable Unavailable', async (_label, make) => {
    answer = make(service);
    const error = await CALLS[service](aws).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AwsError);
    expect(error).toMatchObject({ code: 'Unavailable', retryable: true });
  });
});

describe('an XML body of the wrong shape, which the SDK parses without complaint', () => {
  it('does not pass for "no regions": listRegions reports an empty list as Unavailable', async () => {
    answer = { statusCode: 200, headers: xml, body: '<html><body><h1>It works!</h1></body></html>' };
    await expect(aws.network.listRegions()).rejects.toMatchObject({ code: 'Unavailable', retryable: true, operation: 'listRegions' });
  });
});

/*
 * Answers that parse without complaint but cannot be AWS's: a captive portal's XHTML page, a JSON
 * object that is not the operation's output, an XML document whose root is not
 * `<{Operation}Response>`, an empty body. Before the adapter checked the answer, the SDK turned
 * each of these into an empty output, and the survey calls read it as "nothing there".
 */

/** A captive portal's sign-in page, as well-formed XHTML (which an XML parser accepts). */
const XHTML_PAGE =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n' +
  '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Sign in</title></head>' +
  '<body><p>Please sign in to the guest network.</p><br/></body></html>\n';
const xhtml = { 'content-type': 'application/xhtml+xml' };

/** A request id header, as every real AWS answer carries (MWAA's is the only one the protocol reads it from). */
const requestId = { 'x-amzn-requestid': '8f0c2a3e-5b1d-4c2a-9e61-0b7a3c2d4e5f' };

/** The six calls a safety survey makes, with the service whose wire protocol answers them. */
const SURVEY_CALLS: Array<[string, Service, (aws: AwsAdapter) => Promise<unknown>]> = [
  ['listEnvironments', 'MWAA', (aws) => aws.mwaa.listEnvironments('eu-west-1')],
  ['getEnvironment', 'MWAA', (aws) => aws.mwaa.getEnvironment('eu-west-1', 'analytics')],
  ['getRole', 'IAM', (aws) => aws.serviceLinkedRole.getRole()],
  ['listManagedVpcEndpoints', 'EC2', (aws) => aws.network.listManagedVpcEndpoints('eu-west-1')],
  ['listNetworkInterfaces', 'EC2', (aws) => aws.network.listNetworkInterfaces('eu-west-1', { vpcIds: ['vpc-0abc'] })],
  ['listRegions', 'EC2', (aws) => aws.network.listRegions()],
];

/** Each answer, and the services whose SDK parses it without complaint (there, only the adapter's check can refuse it). */
const NOT_FROM_AWS: Array<[string, CannedAnswer, readonly Service[]]> = [
  ['a well-formed XHTML page (200)', { statusCode: 200, headers: xhtml, body: XHTML_PAGE }, ['IAM', 'EC2']],
  ['the JSON object {} (200)', { statusCode: 200, headers: json, body: '{}' }, ['MWAA']],
  ['the JSON object {"ok":true} (200)', { statusCode: 200, headers: json, body: '{"ok":true}' }, ['MWAA']],
  ['{} with a request id header (200)', { statusCode: 200, headers: { ...json, ...requestId }, body: '{}' }, ['MWAA']],
  [
    'an XML document whose root is not <OperationResponse> (200)',
    { statusCode: 200, headers: { ...xml, ...requestId }, body: '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Status>ok</Status><RequestId>1</RequestId></Response>' },
    ['IAM', 'EC2'],
  ],
  [
    "another operation's AWS answer (200)",
    {
      statusCode: 200,
      headers: { ...xml, ...requestId },
      body:
        '<ListRolesResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListRolesResult><Roles/><IsTruncated>false</IsTruncated></ListRolesResult>' +
        '<ResponseMetadata><RequestId>6a1e2b3c-0000-4000-8000-000000000001</RequestId></ResponseMetadata></ListRolesResponse>',
    },
    ['IAM', 'EC2'],
  ],
  ['an empty body (200, JSON)', { statusCode: 200, headers: json, body: '' }, ['MWAA', 'IAM', 'EC2']],
  ['an empty body (200, XML, with a request id header)', { statusCode: 200, headers: { ...xml, ...requestId }, body: '' }, ['IAM', 'EC2']],
  ['an empty body (200, no content type)', { statusCode: 200, body: '' }, ['MWAA', 'IAM', 'EC2']],
];

describe.each(SURVEY_CALLS)('%s (%s) refuses an answer that did not come from AWS', (operation, service, call) => {
  it.each(NOT_FROM_AWS)('%s: a retryable Unavailable, never "nothing there"', async (_label, canned, parsedBy) => {
    answer = canned;
    const error = await call(aws).then(
      (value: unknown) => ({ resolvedWith: value }),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AwsError);
    expect(error).toMatchObject({ code: 'Unavailable', retryable: true, operation });
    if (parsedBy.includes(service)) {
      expect((error as AwsError).message).toMatch(new RegExp(`^the answer to ${operation} did not come from AWS: `));
    }
  });
});

/** An IAM role as IAM's GetRole answer carries it (trust policy URL-encoded). */
const ROLE_XML =
  '<Role><Path>/aws-service-role/airflow.amazonaws.com/</Path><RoleName>AWSServiceRoleForAmazonMWAA</RoleName>' +
  '<RoleId>AROAEXAMPLEEXAMPLE01</RoleId><Arn>arn:aws:iam::123456789012:role/aws-service-role/airflow.amazonaws.com/AWSServiceRoleForAmazonMWAA</Arn>' +
  '<CreateDate>2024-01-02T03:04:05Z</CreateDate><AssumeRolePolicyDocument>' +
  encodeURIComponent('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"airflow.amazonaws.com"},"Action":"sts:AssumeRole"}]}') +
  '</AssumeRolePolicyDocument><MaxSessionDuration>3600</MaxSessionDuration></Role>';
const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const iamAnswer = (result: string, metadata = '<ResponseMetadata><RequestId>4a8b2c1d-1111-4222-8333-944455556666</RequestId></ResponseMetadata>'): string =>
  `<GetRoleResponse xmlns="${IAM_NS}">${result}${metadata}</GetRoleResponse>`;
const ec2Answer = (operation: string, inner: string, id = '<requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId>'): string =>
  `${XML_DECLARATION}<${operation}Response xmlns="${EC2_NS}">\n    ${id}\n    ${inner}\n</${operation}Response>`;

/** What AWS itself answers (the shapes of its API references), which the check must let through. */
const AWS_ANSWERS: Array<[string, (aws: AwsAdapter) => Promise<unknown>, CannedAnswer, unknown]> = [
  [
    'MWAA ListEnvironments',
    (aws) => aws.mwaa.listEnvironments('eu-west-1'),
    { statusCode: 200, headers: { ...json, ...requestId }, body: '{"Environments":[]}' },
    [],
  ],
  [
    'MWAA GetEnvironment',
    (aws) => aws.mwaa.getEnvironment('eu-west-1', 'analytics'),
    { statusCode: 200, headers: { ...json, ...requestId }, body: '{"Environment":{"Name":"analytics","Status":"AVAILABLE","CreatedAt":1704164645}}' },
    expect.objectContaining({ name: 'analytics', status: 'AVAILABLE' }),
  ],
  [
    'IAM GetRole',
    (aws) => aws.serviceLinkedRole.getRole(),
    { statusCode: 200, headers: { ...xml, ...requestId }, body: iamAnswer(`<GetRoleResult>${ROLE_XML}</GetRoleResult>`) },
    expect.objectContaining({ roleName: 'AWSServiceRoleForAmazonMWAA' }),
  ],
  [
    'EC2 DescribeVpcEndpoints',
    (aws) => aws.network.listManagedVpcEndpoints('eu-west-1'),
    { statusCode: 200, headers: { 'content-type': 'text/xml;charset=UTF-8' }, body: ec2Answer('DescribeVpcEndpoints', '<vpcEndpointSet/>') },
    [],
  ],
  [
    'EC2 DescribeNetworkInterfaces',
    (aws) => aws.network.listNetworkInterfaces('eu-west-1', { vpcIds: ['vpc-0abc'] }),
    { statusCode: 200, headers: { 'content-type': 'text/xml;charset=UTF-8' }, body: ec2Answer('DescribeNetworkInterfaces', '<networkInterfaceSet/>') },
    [],
  ],
  [
    'EC2 DescribeRegions',
    (aws) => aws.network.listRegions(),
    {
      statusCode: 200,
      headers: { 'content-type': 'text/xml;charset=UTF-8' },
      body: ec2Answer(
        'DescribeRegions',
        '<regionInfo><item><regionName>eu-west-1</regionName><regionEndpoint>ec2.eu-west-1.amazonaws.com</regionEndpoint><optInStatus>opt-in-not-required</optInStatus></item></regionInfo>',
      ),
    },
    [{ region: 'eu-west-1', optInStatus: 'opt-in-not-required', enabled: true }],
  ],
];

describe('answers shaped like AWS’s own', () => {
  it.each(AWS_ANSWERS)('passes %s', async (_label, call, canned, expected) => {
    answer = canned;
    await expect(call(aws)).resolves.toEqual(expected);
  });
});

/** AWS's envelope with one thing missing that AWS always sends. */
const NEAR_MISSES: Array<[string, (aws: AwsAdapter) => Promise<unknown>, CannedAnswer, RegExp]> = [
  [
    'MWAA ListEnvironments without the x-amzn-RequestId header',
    (aws) => aws.mwaa.listEnvironments('eu-west-1'),
    { statusCode: 200, headers: json, body: '{"Environments":[]}' },
    /request id/,
  ],
  [
    'MWAA GetEnvironment without its Environment',
    (aws) => aws.mwaa.getEnvironment('eu-west-1', 'analytics'),
    { statusCode: 200, headers: { ...json, ...requestId }, body: '{"Environments":[]}' },
    /Environment/,
  ],
  [
    'IAM GetRole without <ResponseMetadata><RequestId>',
    (aws) => aws.serviceLinkedRole.getRole(),
    { statusCode: 200, headers: { ...xml, ...requestId }, body: iamAnswer(`<GetRoleResult>${ROLE_XML}</GetRoleResult>`, '') },
    /RequestId/,
  ],
  [
    'IAM GetRole without its Role',
    (aws) => aws.serviceLinkedRole.getRole(),
    { statusCode: 200, headers: { ...xml, ...requestId }, body: iamAnswer('<GetRoleResult/>') },
    /Role/,
  ],
  [
    'EC2 DescribeVpcEndpoints without <requestId>',
    (aws) => aws.network.listManagedVpcEndpoints('eu-west-1'),
    { statusCode: 200, headers: { ...xml, ...requestId }, body: ec2Answer('DescribeVpcEndpoints', '<vpcEndpointSet/>', '') },
    /requestId/,
  ],
  [
    'EC2 DescribeNetworkInterfaces answered with the DescribeVpcEndpoints envelope',
    (aws) => aws.network.listNetworkInterfaces('eu-west-1', { vpcIds: ['vpc-0abc'] }),
    { statusCode: 200, headers: xml, body: ec2Answer('DescribeVpcEndpoints', '<vpcEndpointSet/>') },
    /DescribeNetworkInterfacesResponse/,
  ],
];

describe('answers that look like AWS’s but lack what AWS always sends', () => {
  it.each(NEAR_MISSES)('refuses %s', async (_label, call, canned, reason) => {
    answer = canned;
    const error = await call(aws).then(
      (value: unknown) => ({ resolvedWith: value }),
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'Unavailable', retryable: true });
    expect((error as AwsError).message).toMatch(/did not come from AWS: /);
    expect((error as AwsError).message).toMatch(reason);
  });
});

describe('injected clients', () => {
  it('get the check on the adapter’s calls, while their own callers see the answer as before (MWAA)', async () => {
    const { client } = mwaaClientOverFakeHttp([{ statusCode: 200, headers: { 'x-amzn-requestid': '' }, body: '{}' }]);
    const injected = createAwsPorts({ clients: { mwaa: () => client } });
    await expect(injected.mwaa.listEnvironments('eu-west-1')).rejects.toMatchObject({ code: 'Unavailable', retryable: true, operation: 'listEnvironments' });
    await expect(injected.mwaa.getEnvironment('eu-west-1', 'analytics')).rejects.toMatchObject({ code: 'Unavailable', retryable: true });
    await expect(client.send(new ListEnvironmentsCommand({}))).resolves.toMatchObject({ $metadata: { httpStatusCode: 200 } });
  });

  it('get the check on the adapter’s calls, while their own callers see the answer as before (IAM)', async () => {
    const { handler } = fakeHttpHandler([{ statusCode: 200, headers: xhtml, body: XHTML_PAGE }]);
    const client = new IAMClient({ region: 'us-east-1', credentials, maxAttempts: 1, requestHandler: handler as IAMClientConfig['requestHandler'] });
    const injected = createAwsPorts({ clients: { iam: client } });
    await expect(injected.serviceLinkedRole.getRole()).rejects.toMatchObject({
      code: 'Unavailable',
      retryable: true,
      message: expect.stringMatching(/did not come from AWS: .*root element is <html>, not <GetRoleResponse>/) as unknown,
    });
    await expect(client.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForAmazonMWAA' }))).resolves.toMatchObject({ $metadata: { httpStatusCode: 200 } });
  });
});
