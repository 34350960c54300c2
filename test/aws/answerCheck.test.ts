/**
 * The answer check's pure parts: what it reads as an XML root element, which raw answers it
 * refuses per protocol (and that it judges only 2xx answers), and the required output members.
 * The check on the wire, through real SDK clients, is in garbage.test.ts.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { EC2Client } from '@aws-sdk/client-ec2';
import { MWAAClient } from '@aws-sdk/client-mwaa';
import {
  ANSWER_CHECK_MIDDLEWARE_NAMES,
  apiOperationName,
  envelopeProblem,
  outputProblem,
  xmlRootElement,
  type RawAnswer,
} from '../../adapters/aws/answerCheck';
import { createAwsClients } from '../../adapters/aws/clients';

const credentials = { accessKeyId: 'a', secretAccessKey: 'b' };
const ok = (body?: string, headers: RawAnswer['headers'] = {}): RawAnswer => ({ statusCode: 200, headers, ...(body === undefined ? {} : { body }) });

describe('xmlRootElement', () => {
  it('skips the byte-order mark, white space, the declaration, comments and a DOCTYPE', () => {
    expect(xmlRootElement('<GetRoleResponse xmlns="x"/>')).toBe('GetRoleResponse');
    expect(xmlRootElement('\uFEFF<?xml version="1.0"?>\n<!-- hi -->\n<DescribeRegionsResponse>')).toBe('DescribeRegionsResponse');
    expect(xmlRootElement('<?xml version="1.0"?><!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x.dtd"><html xmlns="y">')).toBe('html');
    expect(xmlRootElement('<!DOCTYPE r [<!ENTITY e "v">]><r>')).toBe('r');
    expect(xmlRootElement('<ns:GetRoleResponse xmlns:ns="x">')).toBe('ns:GetRoleResponse');
  });

  it('finds none in what is not XML', () => {
    for (const text of ['', '   ', '{}', 'hello', '< GetRoleResponse>', '<?xml version="1.0"?>']) expect(xmlRootElement(text)).toBeUndefined();
  });
});

describe('envelopeProblem', () => {
  const iam = (root: string, metadata = '<ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata>'): string =>
    `<?xml version="1.0"?>\n<${root} xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetRoleResult/>${metadata}</${root}>`;
  const ec2 = (root: string, id = '<requestId>r-1</requestId>'): string => `<${root} xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">${id}<regionInfo/></${root}>`;

  it('judges only 2xx answers: the SDK reads the others as errors', () => {
    for (const statusCode of [101, 301, 400, 404, 500, 503]) {
      expect(envelopeProblem('restJson1', 'ListEnvironments', { statusCode, headers: {} })).toBeUndefined();
      expect(envelopeProblem('awsQuery', 'GetRole', { statusCode, headers: {}, body: '<html/>' })).toBeUndefined();
    }
  });

  it('restJson1: needs a request id header, in any case', () => {
    expect(envelopeProblem('restJson1', 'ListEnvironments', ok('{}', { 'x-amzn-requestid': 'r-1' }))).toBeUndefined();
    expect(envelopeProblem('restJson1', 'ListEnvironments', ok('{}', { 'X-Amzn-RequestId': 'r-1' }))).toBeUndefined();
    expect(envelopeProblem('restJson1', 'ListEnvironments', ok('{}', { 'x-amzn-requestid': ' ' }))).toMatch(/without a request id/);
    expect(envelopeProblem('restJson1', 'ListEnvironments', ok('{"Environments":[]}', { 'content-type': 'application/json' }))).toMatch(/without a request id/);
  });

  it('awsQuery: needs <{Operation}Response> with <ResponseMetadata><RequestId>', () => {
    expect(envelopeProblem('awsQuery', 'GetRole', ok(iam('GetRoleResponse')))).toBeUndefined();
    expect(envelopeProblem('awsQuery', 'GetRole', ok(iam('ListRolesResponse')))).toMatch(/root element is <ListRolesResponse>, not <GetRoleResponse>/);
    expect(envelopeProblem('awsQuery', 'GetRole', ok(iam('GetRoleResponse', '')))).toMatch(/without <ResponseMetadata><RequestId>/);
    expect(envelopeProblem('awsQuery', 'GetRole', ok(iam('GetRoleResponse', '<ResponseMetadata><RequestId></RequestId></ResponseMetadata>')))).toMatch(/RequestId/);
    expect(envelopeProblem('awsQuery', 'GetRole', ok(''))).toMatch(/empty body/);
    expect(envelopeProblem('awsQuery', 'GetRole', ok())).toMatch(/empty body/);
    expect(envelopeProblem('awsQuery', 'GetRole', ok('{"ok":true}'))).toMatch(/not an XML document/);
  });

  it('ec2Query: needs <{Operation}Response> with <requestId>', () => {
    expect(envelopeProblem('ec2Query', 'DescribeRegions', ok(ec2('DescribeRegionsResponse')))).toBeUndefined();
    expect(envelopeProblem('ec2Query', 'DescribeRegions', ok(ec2('DescribeRegionsResponse', '')))).toMatch(/without <requestId>/);
    expect(envelopeProblem('ec2Query', 'DescribeVpcEndpoints', ok(ec2('DescribeRegionsResponse')))).toMatch(/not <DescribeVpcEndpointsResponse>/);
    expect(envelopeProblem('ec2Query', 'DescribeVpcEndpoints', ok('<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>'))).toMatch(/<html>/);
  });
});

describe('outputProblem', () => {
  it('demands the members every real answer carries, of the right kind', () => {
    expect(outputProblem('ListEnvironmentsCommand', { Environments: [] })).toBeUndefined();
    expect(outputProblem('ListEnvironmentsCommand', {})).toMatch(/ListEnvironments output has no Environments/);
    expect(outputProblem('ListEnvironmentsCommand', { Environments: 'analytics' })).toMatch(/Environments is not a list/);
    expect(outputProblem('GetEnvironmentCommand', { Environment: { Name: 'a' } })).toBeUndefined();
    expect(outputProblem('GetEnvironmentCommand', { ok: true })).toMatch(/no Environment/);
    expect(outputProblem('GetRoleCommand', { Role: {} })).toBeUndefined();
    expect(outputProblem('GetRoleCommand', { Role: null })).toMatch(/no Role/);
    expect(outputProblem('DeleteServiceLinkedRoleCommand', {})).toMatch(/no DeletionTaskId/);
    expect(outputProblem('GetServiceLinkedRoleDeletionStatusCommand', { Status: 'SUCCEEDED' })).toBeUndefined();
  });

  it('demands nothing where the model does not (EC2, the MWAA writes)', () => {
    for (const command of ['DescribeVpcEndpointsCommand', 'DescribeNetworkInterfacesCommand', 'DescribeRegionsCommand', 'DeleteEnvironmentCommand']) {
      expect(outputProblem(command, {})).toBeUndefined();
    }
    expect(apiOperationName('DescribeVpcEndpointsCommand')).toBe('DescribeVpcEndpoints');
  });
});

describe('where the check is installed', () => {
  const names = (client: { middlewareStack: { identify(): string[] } }): string[] =>
    client.middlewareStack.identify().filter((m) => Object.values(ANSWER_CHECK_MIDDLEWARE_NAMES).some((n) => m.startsWith(`${n} - `)));

  it('is on every client the adapter builds, once', () => {
    const clients = createAwsClients({ credentials });
    const built = [clients.mwaa('eu-west-1'), clients.iam(), clients.ec2('eu-west-1')] as Array<MWAAClient | IAMClient | EC2Client>;
    for (const client of built) {
      expect(names(client).sort()).toEqual([`${ANSWER_CHECK_MIDDLEWARE_NAMES.output} - initialize`, `${ANSWER_CHECK_MIDDLEWARE_NAMES.envelope} - deserialize`].sort());
    }
    clients.destroy();
  });

  it('is on injected clients that expose their stack, once however many regions they serve', () => {
    const mwaa = new MWAAClient({ region: 'eu-west-1', credentials });
    const iam = new IAMClient({ region: 'us-east-1', credentials });
    const ec2 = new EC2Client({ region: 'eu-west-1', credentials });
    const clients = createAwsClients({ clients: { mwaa: () => mwaa, iam, ec2: () => ec2 } });
    clients.mwaa('eu-west-1');
    clients.mwaa('us-east-1');
    clients.iam();
    clients.ec2('eu-west-1');
    clients.ec2('us-east-1');
    for (const client of [mwaa, iam, ec2]) expect(names(client)).toHaveLength(2);
  });
});
