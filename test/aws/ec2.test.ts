/**
 * The network port over a mocked EC2 client: the account's regions, the AmazonMWAAManaged filter,
 * state handling, NetworkInterfaceFilter → EC2 filters, pagination, error mapping and the AbortSignal.
 */
import {
  DescribeNetworkInterfacesCommand,
  DescribeRegionsCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  EC2ServiceException,
  type NetworkInterface as SdkNetworkInterface,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createAwsPorts } from '../../adapters/aws';
import { networkInterfaceFilters } from '../../adapters/aws/ec2';
import { AwsError, type AwsErrorCode } from '../../adapters/errors';
import { codeOf } from './support/errors';

const REGION = 'eu-west-1';
const ec2Mock = mockClient(EC2Client);

const endpoint = (id: string, state: string, extra: Partial<VpcEndpoint> = {}): VpcEndpoint => ({
  VpcEndpointId: id,
  VpcId: 'vpc-1',
  ServiceName: 'com.amazonaws.vpce.eu-west-1.vpce-svc-db',
  State: state as VpcEndpoint['State'],
  SubnetIds: ['subnet-1', 'subnet-2'],
  Groups: [{ GroupId: 'sg-1', GroupName: 'mwaa' }],
  NetworkInterfaceIds: [`eni-${id}-a`, `eni-${id}-b`],
  Tags: [{ Key: 'AmazonMWAAManaged', Value: 'true' }],
  ...extra,
});

const eni = (id: string, extra: Partial<SdkNetworkInterface> = {}): SdkNetworkInterface => ({
  NetworkInterfaceId: id,
  VpcId: 'vpc-1',
  SubnetId: 'subnet-1',
  Groups: [{ GroupId: 'sg-1', GroupName: 'mwaa' }],
  Status: 'in-use',
  InterfaceType: 'vpc_endpoint',
  Description: 'VPC Endpoint Interface vpce-1',
  RequesterManaged: true,
  TagSet: [{ Key: 'team', Value: 'data' }],
  ...extra,
});

const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });
const ec2Error = (name: string, status = 400) => new EC2ServiceException({ name, $fault: 'client', message: name, ...meta(status) });

let ports: ReturnType<typeof createAwsPorts>;
beforeEach(() => {
  ec2Mock.reset();
  const client = new EC2Client({ region: REGION, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  ports = createAwsPorts({ clients: { ec2: () => client } });
});

describe('listRegions', () => {
  const home = new EC2Client({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });

  it('sends DescribeRegions with AllRegions and maps name, opt-in status and enabled', async () => {
    ec2Mock.on(DescribeRegionsCommand).resolves({
      Regions: [
        { RegionName: 'us-east-1', Endpoint: 'ec2.us-east-1.amazonaws.com', OptInStatus: 'opt-in-not-required' },
        { RegionName: 'af-south-1', Endpoint: 'ec2.af-south-1.amazonaws.com', OptInStatus: 'opted-in' },
        { RegionName: 'ap-east-2', Endpoint: 'ec2.ap-east-2.amazonaws.com', OptInStatus: 'not-opted-in' },
      ],
    });
    await expect(ports.network.listRegions()).resolves.toEqual([
      { region: 'us-east-1', optInStatus: 'opt-in-not-required', enabled: true },
      { region: 'af-south-1', optInStatus: 'opted-in', enabled: true },
      { region: 'ap-east-2', optInStatus: 'not-opted-in', enabled: false },
    ]);
    expect(ec2Mock.commandCalls(DescribeRegionsCommand)[0]!.args[0].input).toEqual({ AllRegions: true });
  });

  it('asks the EC2 endpoint of the home region: us-east-1 by default, else the region option', async () => {
    ec2Mock.on(DescribeRegionsCommand).resolves({ Regions: [{ RegionName: 'eu-west-1', OptInStatus: 'opt-in-not-required' }] });
    const byDefault = jest.fn(() => home);
    await createAwsPorts({ clients: { ec2: byDefault } }).network.listRegions();
    expect(byDefault.mock.calls).toEqual([['us-east-1']]);
    const inFrankfurt = jest.fn(() => home);
    await createAwsPorts({ region: 'eu-central-1', clients: { ec2: inFrankfurt } }).network.listRegions();
    expect(inFrankfurt.mock.calls).toEqual([['eu-central-1']]);
  });

  it('rejects a malformed home region with InvalidInput before any call', async () => {
    const factory = jest.fn(() => home);
    await expect(codeOf(createAwsPorts({ region: 'moon', clients: { ec2: factory } }).network.listRegions())).resolves.toBe('InvalidInput');
    expect(factory).not.toHaveBeenCalled();
    expect(ec2Mock.calls()).toHaveLength(0);
  });

  it('reads a missing opt-in status as opt-in-not-required and drops entries without a name', async () => {
    ec2Mock.on(DescribeRegionsCommand).resolves({ Regions: [{ RegionName: 'us-west-2' }, { OptInStatus: 'opted-in' }, { RegionName: '' }] });
    await expect(ports.network.listRegions()).resolves.toEqual([{ region: 'us-west-2', optInStatus: 'opt-in-not-required', enabled: true }]);
  });

  it('reports an answer without regions as a retryable Unavailable: every partition has some', async () => {
    ec2Mock.on(DescribeRegionsCommand).resolves({});
    await expect(ports.network.listRegions()).rejects.toMatchObject({ code: 'Unavailable', retryable: true, service: 'ec2', operation: 'listRegions' });
  });

  it.each<[string, AwsErrorCode, Error]>([
    ['UnauthorizedOperation', 'AccessDenied', ec2Error('UnauthorizedOperation', 403)],
    ['RequestLimitExceeded', 'Throttled', ec2Error('RequestLimitExceeded', 503)],
    ['InternalError', 'Unavailable', ec2Error('InternalError', 500)],
  ])('maps %s to %s', async (_label, code, error) => {
    ec2Mock.on(DescribeRegionsCommand).rejects(error);
    await expect(codeOf(ports.network.listRegions())).resolves.toBe(code);
  });

  it('hands the caller’s signal to send, and refuses at once when it has fired', async () => {
    ec2Mock.on(DescribeRegionsCommand).resolves({ Regions: [{ RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' }] });
    const controller = new AbortController();
    await ports.network.listRegions(controller.signal);
    expect(((ec2Mock.calls()[0]!.args as unknown[])[1] as { abortSignal?: AbortSignal } | undefined)?.abortSignal).toBe(controller.signal);
    controller.abort();
    await expect(codeOf(ports.network.listRegions(controller.signal))).resolves.toBe('Aborted');
    expect(ec2Mock.calls()).toHaveLength(1);
  });
});

describe('listManagedVpcEndpoints', () => {
  it('filters on the tag key AmazonMWAAManaged and maps the endpoint', async () => {
    ec2Mock.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [endpoint('vpce-1', 'available')] });
    await expect(ports.network.listManagedVpcEndpoints(REGION)).resolves.toEqual([
      {
        vpcEndpointId: 'vpce-1',
        vpcId: 'vpc-1',
        serviceName: 'com.amazonaws.vpce.eu-west-1.vpce-svc-db',
        state: 'available',
        subnetIds: ['subnet-1', 'subnet-2'],
        securityGroupIds: ['sg-1'],
        networkInterfaceIds: ['eni-vpce-1-a', 'eni-vpce-1-b'],
        tags: { AmazonMWAAManaged: 'true' },
      },
    ]);
    expect(ec2Mock).toHaveReceivedCommandWith(DescribeVpcEndpointsCommand, {
      Filters: [{ Name: 'tag-key', Values: ['AmazonMWAAManaged'] }],
      MaxResults: 1000,
    });
  });

  it('adds a vpc-id filter for the VPCs asked for, and makes no call for an empty list', async () => {
    ec2Mock.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [endpoint('vpce-1', 'available')] });
    await expect(ports.network.listManagedVpcEndpoints(REGION, undefined, { vpcIds: ['vpc-1', 'vpc-2'] })).resolves.toHaveLength(1);
    expect(ec2Mock).toHaveReceivedCommandWith(DescribeVpcEndpointsCommand, {
      Filters: [
        { Name: 'tag-key', Values: ['AmazonMWAAManaged'] },
        { Name: 'vpc-id', Values: ['vpc-1', 'vpc-2'] },
      ],
    });
    await expect(ports.network.listManagedVpcEndpoints(REGION, undefined, { vpcIds: [] })).resolves.toEqual([]);
    expect(ec2Mock.commandCalls(DescribeVpcEndpointsCommand)).toHaveLength(1);
  });

  it('skips deleted and deleting endpoints whatever their casing, and reports states in lower case', async () => {
    ec2Mock.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: [
        endpoint('vpce-gone', 'deleted'),
        endpoint('vpce-going', 'Deleting'),
        endpoint('vpce-live', 'Available'),
        endpoint('vpce-wait', 'pendingAcceptance'),
      ],
    });
    const listed = await ports.network.listManagedVpcEndpoints(REGION);
    expect(listed.map((e) => [e.vpcEndpointId, e.state])).toEqual([
      ['vpce-live', 'available'],
      ['vpce-wait', 'pendingacceptance'],
    ]);
  });

  it('follows NextToken until it is absent or empty and keeps every page', async () => {
    ec2Mock
      .on(DescribeVpcEndpointsCommand)
      .resolvesOnce({ VpcEndpoints: [endpoint('vpce-1', 'available')], NextToken: 'p2' })
      .resolvesOnce({ VpcEndpoints: [endpoint('vpce-2', 'available')], NextToken: 'p3' })
      .resolvesOnce({ VpcEndpoints: [endpoint('vpce-3', 'pending')], NextToken: '' });
    const listed = await ports.network.listManagedVpcEndpoints(REGION);
    expect(listed.map((e) => e.vpcEndpointId)).toEqual(['vpce-1', 'vpce-2', 'vpce-3']);
    expect(ec2Mock.commandCalls(DescribeVpcEndpointsCommand).map((c) => c.args[0].input.NextToken)).toEqual([undefined, 'p2', 'p3']);
  });

  it('uses the configured page size', async () => {
    const client = new EC2Client({ region: REGION, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    ec2Mock.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [] });
    await createAwsPorts({ clients: { ec2: () => client }, pageSizes: { describeVpcEndpoints: 5 } }).network.listManagedVpcEndpoints(REGION);
    expect(ec2Mock).toHaveReceivedCommandWith(DescribeVpcEndpointsCommand, { MaxResults: 5 });
  });

  it.each([
    [1, 5],
    [4000, 1000],
  ])('keeps a configured page size of %i within EC2\'s 5-1000 (sends %i)', async (configured, sent) => {
    const client = new EC2Client({ region: REGION, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    ec2Mock.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [] });
    ec2Mock.on(DescribeNetworkInterfacesCommand).resolves({ NetworkInterfaces: [] });
    const ports = createAwsPorts({ clients: { ec2: () => client }, pageSizes: { describeVpcEndpoints: configured, describeNetworkInterfaces: configured } });
    await ports.network.listManagedVpcEndpoints(REGION);
    await ports.network.listNetworkInterfaces(REGION, { subnetIds: ['subnet-a'] });
    expect(ec2Mock).toHaveReceivedCommandWith(DescribeVpcEndpointsCommand, { MaxResults: sent });
    expect(ec2Mock).toHaveReceivedCommandWith(DescribeNetworkInterfacesCommand, { MaxResults: sent });
  });

  it.each<[string, AwsErrorCode, Error]>([
    ['RequestLimitExceeded', 'Throttled', ec2Error('RequestLimitExceeded', 503)],
    ['UnauthorizedOperation', 'AccessDenied', ec2Error('UnauthorizedOperation', 403)],
    ['InvalidParameterValue', 'InvalidInput', ec2Error('InvalidParameterValue')],
    ['InternalError', 'Unavailable', ec2Error('InternalError', 500)],
  ])('maps %s to %s', async (_label, code, error) => {
    ec2Mock.on(DescribeVpcEndpointsCommand).rejects(error);
    await expect(codeOf(ports.network.listManagedVpcEndpoints(REGION))).resolves.toBe(code);
  });
});

describe('listNetworkInterfaces', () => {
  it('maps ids, VPCs, subnets and security groups to network-interface-id, vpc-id, subnet-id and group-id filters', () => {
    expect(networkInterfaceFilters({ ids: ['eni-1'], vpcIds: ['vpc-1'], subnetIds: ['subnet-1', 'subnet-2'], securityGroupIds: ['sg-1'] })).toEqual([
      { Name: 'network-interface-id', Values: ['eni-1'] },
      { Name: 'vpc-id', Values: ['vpc-1'] },
      { Name: 'subnet-id', Values: ['subnet-1', 'subnet-2'] },
      { Name: 'group-id', Values: ['sg-1'] },
    ]);
    expect(networkInterfaceFilters({})).toEqual([]);
    expect(networkInterfaceFilters({ ids: [] })).toBeNull();
  });

  it('sends the filters with the page size and maps TagSet, groups and status', async () => {
    ec2Mock.on(DescribeNetworkInterfacesCommand).resolves({ NetworkInterfaces: [eni('eni-1', { Status: 'available' })] });
    await expect(ports.network.listNetworkInterfaces(REGION, { vpcIds: ['vpc-1'], securityGroupIds: ['sg-1'] })).resolves.toEqual([
      {
        networkInterfaceId: 'eni-1',
        vpcId: 'vpc-1',
        subnetId: 'subnet-1',
        securityGroupIds: ['sg-1'],
        status: 'available',
        interfaceType: 'vpc_endpoint',
        description: 'VPC Endpoint Interface vpce-1',
        requesterManaged: true,
        tags: { team: 'data' },
      },
    ]);
    expect(ec2Mock.commandCalls(DescribeNetworkInterfacesCommand)[0]!.args[0].input).toEqual({
      Filters: [
        { Name: 'vpc-id', Values: ['vpc-1'] },
        { Name: 'group-id', Values: ['sg-1'] },
      ],
      MaxResults: 1000,
    });
  });

  it('sends ids as a filter, never as NetworkInterfaceIds (which fails the call when one interface is gone)', async () => {
    ec2Mock.on(DescribeNetworkInterfacesCommand).resolves({ NetworkInterfaces: [eni('eni-1')] });
    await ports.network.listNetworkInterfaces(REGION, { ids: ['eni-1', 'eni-gone'] });
    expect(ec2Mock.commandCalls(DescribeNetworkInterfacesCommand)[0]!.args[0].input).toEqual({
      Filters: [{ Name: 'network-interface-id', Values: ['eni-1', 'eni-gone'] }],
      MaxResults: 1000,
    });
  });

  it('sends no Filters at all for an empty filter (every interface in the region)', async () => {
    ec2Mock.on(DescribeNetworkInterfacesCommand).resolves({ NetworkInterfaces: [] });
    await ports.network.listNetworkInterfaces(REGION, {});
    expect(ec2Mock.commandCalls(DescribeNetworkInterfacesCommand)[0]!.args[0].input).toEqual({ MaxResults: 1000 });
  });

  it('follows NextToken across pages', async () => {
    ec2Mock
      .on(DescribeNetworkInterfacesCommand)
      .resolvesOnce({ NetworkInterfaces: [eni('eni-1'), eni('eni-2')], NextToken: 'n2' })
      .resolvesOnce({ NetworkInterfaces: [eni('eni-3')] });
    const listed = await ports.network.listNetworkInterfaces(REGION, { vpcIds: ['vpc-1'] });
    expect(listed.map((n) => n.networkInterfaceId)).toEqual(['eni-1', 'eni-2', 'eni-3']);
    expect(ec2Mock.commandCalls(DescribeNetworkInterfacesCommand)[1]!.args[0].input).toMatchObject({ NextToken: 'n2' });
  });

  it('returns nothing, without asking EC2, when a given filter list is empty', async () => {
    await expect(ports.network.listNetworkInterfaces(REGION, { vpcIds: ['vpc-1'], subnetIds: [] })).resolves.toEqual([]);
    expect(ec2Mock.calls()).toHaveLength(0);
  });

  it('maps InvalidNetworkInterfaceID.NotFound, should EC2 send it, to NotFound', async () => {
    ec2Mock.on(DescribeNetworkInterfacesCommand).rejects(ec2Error('InvalidNetworkInterfaceID.NotFound'));
    await expect(codeOf(ports.network.listNetworkInterfaces(REGION, { ids: ['eni-0'] }))).resolves.toBe('NotFound');
  });

  it('maps RequestLimitExceeded to a retryable Throttled', async () => {
    ec2Mock.on(DescribeNetworkInterfacesCommand).rejects(ec2Error('RequestLimitExceeded', 503));
    const error = (await ports.network.listNetworkInterfaces(REGION, {}).catch((e: unknown) => e)) as AwsError;
    expect(error).toMatchObject({ code: 'Throttled', retryable: true, service: 'ec2', operation: 'listNetworkInterfaces' });
  });
});

describe('EC2 calls and the AbortSignal', () => {
  it('hands the caller’s signal to send on every page', async () => {
    ec2Mock
      .on(DescribeVpcEndpointsCommand)
      .resolvesOnce({ VpcEndpoints: [], NextToken: 'p2' })
      .resolvesOnce({ VpcEndpoints: [] });
    ec2Mock.on(DescribeNetworkInterfacesCommand).resolves({ NetworkInterfaces: [] });
    const controller = new AbortController();
    await ports.network.listManagedVpcEndpoints(REGION, controller.signal);
    await ports.network.listNetworkInterfaces(REGION, {}, controller.signal);
    expect(ec2Mock.calls()).toHaveLength(3);
    for (const call of ec2Mock.calls()) {
      expect(((call.args as unknown[])[1] as { abortSignal?: AbortSignal } | undefined)?.abortSignal).toBe(controller.signal);
    }
  });

  it('stops paging and raises Aborted when the signal fires between pages', async () => {
    const controller = new AbortController();
    ec2Mock.on(DescribeVpcEndpointsCommand).callsFake(() => {
      controller.abort();
      return Promise.resolve({ VpcEndpoints: [endpoint('vpce-1', 'available')], NextToken: 'p2' });
    });
    await expect(codeOf(ports.network.listManagedVpcEndpoints(REGION, controller.signal))).resolves.toBe('Aborted');
    expect(ec2Mock.calls()).toHaveLength(1);
  });

  it('raises Aborted without calling EC2 when the signal has already fired', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(codeOf(ports.network.listNetworkInterfaces(REGION, {}, controller.signal))).resolves.toBe('Aborted');
    expect(ec2Mock.calls()).toHaveLength(0);
  });
});
