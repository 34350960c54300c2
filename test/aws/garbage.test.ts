/**
 * Garbage from the peer, through real sockets and the real SDK clients: random bytes, a truncated
 * body, a proxy's HTML page (status 200 or 502), a body cut short in transfer. Whatever the
 * protocol (MWAA restJson1, IAM awsQuery XML, EC2 ec2Query XML), the call fails as a retryable
 * Unavailable: the next answer may well be AWS's. Never InvalidInput, which would end a machine.
 */
import { createAwsPorts, type AwsAdapter } from '../../adapters/aws';
import { AwsError } from '../../adapters/errors';
import { startCannedServer, type CannedAnswer, type LocalServer } from './support/fakeHttp';

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
