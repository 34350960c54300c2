/**
 * EC2 on the endpoint, driven by the real EC2 client and by plain `fetch`: DescribeRegions,
 * DescribeVpcEndpoints and DescribeNetworkInterfaces with their id lists, filters (wildcards
 * included), paging and DryRun, and errors in EC2's own document, codes and statuses.
 */
/* eslint-disable no-restricted-imports -- the wire is measured with the AWS SDK clients themselves, as any client of serve would use them */
import {
  DescribeNetworkInterfacesCommand,
  DescribeRegionsCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  paginateDescribeNetworkInterfaces,
  paginateDescribeVpcEndpoints,
} from '@aws-sdk/client-ec2';
import { SERVICE_LINKED_ROLE } from '../../adapters/port';
import { OPT_IN_REGIONS } from '../../adapters/simulator';
import { useSimulatorWire, WIRE_CREDENTIALS } from '../wire/simulatorWire';

const REGION = 'eu-west-1';
const VPC = 'vpc-0wire';
const SUBNETS = ['subnet-0one', 'subnet-0two'];
const MANAGED = { [SERVICE_LINKED_ROLE.managedTagKey]: 'true' };

const t = useSimulatorWire();
let ec2: EC2Client;
beforeEach(() => {
  ec2 = new EC2Client({ region: REGION, endpoint: t.wire.url, credentials: WIRE_CREDENTIALS, maxAttempts: 1 });
});
afterEach(() => ec2.destroy());

/** Seven managed and two customer endpoints (each with one interface per subnet), and three customer interfaces. */
function seed(): void {
  const sim = t.wire.sim;
  sim.registerSubnets(VPC, SUBNETS);
  for (let i = 0; i < 7; i++) sim.createVpcEndpoint(REGION, { subnetIds: SUBNETS, securityGroupIds: ['sg-0a'], tags: MANAGED });
  for (let i = 0; i < 2; i++) sim.createVpcEndpoint(REGION, { subnetIds: SUBNETS, securityGroupIds: ['sg-0b'], tags: { team: `t${i}` } });
  for (let i = 0; i < 3; i++) sim.createNetworkInterface(REGION, { subnetId: SUBNETS[0] ?? '', securityGroupIds: ['sg-0c'], description: `batch worker ${i}`, status: 'available' });
}

async function errorOf(work: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await work;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, status: err.$metadata?.httpStatusCode, message: err.message };
  }
  throw new Error('expected the call to fail');
}

describe('DescribeRegions', () => {
  it('lists the enabled regions by default and every region with AllRegions, each with its endpoint', async () => {
    const enabled = (await ec2.send(new DescribeRegionsCommand({}))).Regions ?? [];
    const all = (await ec2.send(new DescribeRegionsCommand({ AllRegions: true }))).Regions ?? [];
    expect(enabled.map((r) => r.RegionName)).not.toContain(OPT_IN_REGIONS[0]);
    expect(all.find((r) => r.RegionName === OPT_IN_REGIONS[0])).toMatchObject({ OptInStatus: 'not-opted-in' });
    expect(enabled.find((r) => r.RegionName === 'eu-west-1')).toEqual({ RegionName: 'eu-west-1', Endpoint: 'ec2.eu-west-1.amazonaws.com', OptInStatus: 'opt-in-not-required' });
  });

  it('narrows by RegionNames and filters, and refuses a region it does not know', async () => {
    const named = await ec2.send(new DescribeRegionsCommand({ RegionNames: ['eu-west-1', 'us-east-1'] }));
    expect(named.Regions?.map((r) => r.RegionName).sort()).toEqual(['eu-west-1', 'us-east-1']);
    const filtered = await ec2.send(new DescribeRegionsCommand({ AllRegions: true, Filters: [{ Name: 'region-name', Values: ['eu-*'] }, { Name: 'opt-in-status', Values: ['opt-in-not-required'] }] }));
    expect(filtered.Regions?.every((r) => r.RegionName?.startsWith('eu-') && r.OptInStatus === 'opt-in-not-required')).toBe(true);
    expect(filtered.Regions?.length).toBeGreaterThan(0);
    expect(await errorOf(ec2.send(new DescribeRegionsCommand({ RegionNames: ['xx-nowhere-1'] })))).toMatchObject({ name: 'InvalidParameterValue', status: 400 });
  });
});

describe('DescribeVpcEndpoints', () => {
  it('filters by tag key, tag value and VPC (with wildcards), and pages through every result', async () => {
    seed();
    const byTagKey = (await ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'tag-key', Values: [SERVICE_LINKED_ROLE.managedTagKey] }] }))).VpcEndpoints ?? [];
    expect(byTagKey).toHaveLength(7);
    expect(byTagKey[0]).toMatchObject({ VpcId: VPC, State: 'available', SubnetIds: SUBNETS, Groups: [{ GroupId: 'sg-0a' }], Tags: [{ Key: SERVICE_LINKED_ROLE.managedTagKey, Value: 'true' }] });
    expect(byTagKey[0]?.NetworkInterfaceIds).toHaveLength(2);
    const byTagValue = await ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'tag:team', Values: ['t?'] }] }));
    expect(byTagValue.VpcEndpoints).toHaveLength(2);
    expect((await ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: ['vpc-0w*'] }] }))).VpcEndpoints).toHaveLength(9);
    expect((await ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: ['vpc-other'] }] }))).VpcEndpoints ?? []).toEqual([]);

    const pages: number[] = [];
    for await (const page of paginateDescribeVpcEndpoints({ client: ec2, pageSize: 4 }, {})) pages.push(page.VpcEndpoints?.length ?? 0);
    expect(pages).toEqual([4, 4, 1]);
  });

  it('refuses an unknown filter, an unknown endpoint id and a token it never issued, in EC2 error codes', async () => {
    seed();
    expect(await errorOf(ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'colour', Values: ['red'] }] })))).toMatchObject({
      name: 'InvalidParameterValue',
      status: 400,
      message: "The filter 'colour' is invalid",
    });
    expect(await errorOf(ec2.send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: ['vpce-0missing'] })))).toMatchObject({ name: 'InvalidVpcEndpointId.NotFound', status: 400 });
    expect(await errorOf(ec2.send(new DescribeVpcEndpointsCommand({ NextToken: 'bogus' })))).toMatchObject({ name: 'InvalidPaginationToken', status: 400 });
  });
});

describe('DescribeNetworkInterfaces', () => {
  it('filters by status, description wildcards and group, and pages with MaxResults 5-1000', async () => {
    seed();
    const available = await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'status', Values: ['available'] }, { Name: 'description', Values: ['batch worker *'] }] }));
    expect(available.NetworkInterfaces?.map((n) => n.Description)).toEqual(['batch worker 0', 'batch worker 1', 'batch worker 2']);
    expect(available.NetworkInterfaces?.[0]).toMatchObject({ VpcId: VPC, SubnetId: SUBNETS[0], Groups: [{ GroupId: 'sg-0c' }], Status: 'available', RequesterManaged: false });
    const pages: number[] = [];
    for await (const page of paginateDescribeNetworkInterfaces({ client: ec2, pageSize: 5 }, { Filters: [{ Name: 'vpc-id', Values: [VPC] }] })) {
      pages.push(page.NetworkInterfaces?.length ?? 0);
    }
    expect(pages).toEqual([5, 5, 5, 5, 1]);
  });

  it('fails the whole call for one unknown id, and refuses MaxResults out of range or combined with ids', async () => {
    seed();
    const [one] = (await ec2.send(new DescribeNetworkInterfacesCommand({ MaxResults: 5 }))).NetworkInterfaces ?? [];
    const ids = [one?.NetworkInterfaceId ?? '', 'eni-0missing'];
    expect(await errorOf(ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: ids })))).toMatchObject({
      name: 'InvalidNetworkInterfaceID.NotFound',
      status: 400,
      message: "The networkInterface ID 'eni-0missing' does not exist",
    });
    expect(await errorOf(ec2.send(new DescribeNetworkInterfacesCommand({ MaxResults: 3 })))).toMatchObject({ name: 'InvalidParameterValue', status: 400 });
    expect(await errorOf(ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: ids.slice(0, 1), MaxResults: 5 })))).toMatchObject({
      name: 'InvalidParameterCombination',
      status: 400,
    });
  });
});

describe('EC2 on the wire', () => {
  const query = (params: Record<string, string>): Promise<Response> =>
    fetch(t.wire.url, {
      method: 'POST',
      headers: {
        authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${REGION}/ec2/aws4_request, SignedHeaders=host, Signature=00`,
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      },
      body: new URLSearchParams({ Version: '2016-11-15', ...params }).toString(),
    });

  it('answers in EC2 XML with a requestId, and errors in <Response><Errors> with a RequestID', async () => {
    const ok = await query({ Action: 'DescribeRegions', 'RegionName.1': 'eu-west-1' });
    expect(ok.headers.get('content-type')).toBe('text/xml;charset=UTF-8');
    expect(ok.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await ok.text()).toMatch(
      /<DescribeRegionsResponse xmlns="http:\/\/ec2\.amazonaws\.com\/doc\/2016-11-15\/"><requestId>[^<]+<\/requestId><regionInfo><item><regionName>eu-west-1<\/regionName>/,
    );
    const bad = await query({ Action: 'RunInstances' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/<Response><Errors><Error><Code>InvalidAction<\/Code><Message>[^<]+<\/Message><\/Error><\/Errors><RequestID>[^<]+<\/RequestID><\/Response>/);
  });

  it('answers DryRun with DryRunOperation 412, and throttling with RequestLimitExceeded 503', async () => {
    expect(await errorOf(ec2.send(new DescribeVpcEndpointsCommand({ DryRun: true })))).toMatchObject({ name: 'DryRunOperation', status: 412 });
    t.wire.sim.addFault({ operation: 'ec2.listNetworkInterfaces', kind: 'throttle', rate: 1 });
    expect(await errorOf(ec2.send(new DescribeNetworkInterfacesCommand({})))).toMatchObject({ name: 'RequestLimitExceeded', status: 503 });
  });
});
