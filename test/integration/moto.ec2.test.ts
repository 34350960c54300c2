/**
 * The network port against moto_server: real EC2 query-protocol requests and responses, with the
 * fixtures made through the EC2 client directly.
 */
import { createAwsPorts, type AwsAdapter } from '../../adapters/aws';
import {
  createInterfaceEndpoint,
  createGatewayEndpoint,
  createNetworkInterface,
  createSecurityGroup,
  createVpcWithSubnets,
  deleteVpcEndpoints,
  describeNetworkInterfacesByIdParameter,
  describeNetworkInterfacesPage,
  fixtureEc2Client,
  seedContractNetwork,
} from '../aws/support/ec2Fixtures';
import { useMotoServer } from './support/motoServer';

const REGION = 'us-east-1';
const OTHER_REGION = 'eu-west-1';

const motoServer = useMotoServer();
let aws: AwsAdapter;
let ec2: ReturnType<typeof fixtureEc2Client>;

beforeEach(async () => {
  await motoServer().reset();
  aws = createAwsPorts({ endpoints: { ec2: motoServer().endpoint }, maxAttempts: 1, pageSizes: { describeNetworkInterfaces: 5 } });
  ec2 = fixtureEc2Client(motoServer().endpoint, REGION);
});
afterEach(() => {
  aws.destroy();
  ec2.destroy();
});

describe('listRegions on moto', () => {
  it('lists every region with its opt-in status, enabled unless not opted in', async () => {
    const regions = await aws.network.listRegions();
    const byName = new Map(regions.map((r) => [r.region, r]));
    expect(byName.size).toBe(regions.length);
    expect(byName.get(REGION)).toEqual({ region: REGION, optInStatus: 'opt-in-not-required', enabled: true });
    expect(byName.get(OTHER_REGION)).toEqual({ region: OTHER_REGION, optInStatus: 'opt-in-not-required', enabled: true });
    for (const r of regions) {
      expect(['opt-in-not-required', 'opted-in', 'not-opted-in']).toContain(r.optInStatus);
      expect(r.enabled).toBe(r.optInStatus !== 'not-opted-in');
    }
    // moto lists the opt-in regions as not opted in (ap-east-1, Hong Kong, is one): the AllRegions view.
    expect(byName.get('ap-east-1')).toEqual({ region: 'ap-east-1', optInStatus: 'not-opted-in', enabled: false });
  });

  it('gives the same list whichever home region (signing region) asks', async () => {
    const fromIreland = createAwsPorts({ region: OTHER_REGION, endpoints: { ec2: motoServer().endpoint }, maxAttempts: 1 });
    const names = (await fromIreland.network.listRegions()).map((r) => r.region);
    fromIreland.destroy();
    expect(names).toEqual((await aws.network.listRegions()).map((r) => r.region));
  });
});

describe('listManagedVpcEndpoints on moto', () => {
  it('returns only endpoints tagged AmazonMWAAManaged, fully mapped, with the state in lower case', async () => {
    const seed = await seedContractNetwork(ec2, REGION);
    const endpoints = await aws.network.listManagedVpcEndpoints(REGION);
    expect(endpoints.map((e) => e.vpcEndpointId).sort()).toEqual([...seed.managedEndpointIds].sort());
    const webserver = endpoints.find((e) => e.vpcEndpointId === seed.managedEndpointIds[1]);
    expect(webserver).toEqual({
      vpcEndpointId: seed.managedEndpointIds[1],
      vpcId: seed.vpcId,
      serviceName: `com.amazonaws.vpce.${REGION}.vpce-svc-1a1b2c3d4e5f60718`,
      state: 'available',
      subnetIds: [seed.subnetIds[1]],
      securityGroupIds: [...seed.securityGroupIds],
      networkInterfaceIds: seed.interfacesInSecondSubnet.slice(0, 1),
      tags: { AmazonMWAAManaged: 'true' },
    });
  });

  it('leaves out a managed endpoint once it is deleted (moto keeps it with state "deleted")', async () => {
    const seed = await seedContractNetwork(ec2, REGION);
    await deleteVpcEndpoints(ec2, [seed.managedEndpointIds[0]!]);
    const ids = (await aws.network.listManagedVpcEndpoints(REGION)).map((e) => e.vpcEndpointId);
    expect(ids).toEqual([seed.managedEndpointIds[1]]);
  });

  it('finds managed endpoints in every VPC of the region, and none in another region', async () => {
    const first = await createVpcWithSubnets(ec2, REGION, 0);
    const second = await createVpcWithSubnets(ec2, REGION, 1);
    const a = await createGatewayEndpoint(ec2, { vpcId: first.vpcId, region: REGION, managed: true });
    const b = await createGatewayEndpoint(ec2, { vpcId: second.vpcId, region: REGION, managed: true });
    expect((await aws.network.listManagedVpcEndpoints(REGION)).map((e) => e.vpcEndpointId).sort()).toEqual([a, b].sort());
    await expect(aws.network.listManagedVpcEndpoints(OTHER_REGION)).resolves.toEqual([]);
  });
});

describe('listNetworkInterfaces on moto', () => {
  it('ANDs VPC, subnet and security-group filters and ORs the values within one', async () => {
    const seed = await seedContractNetwork(ec2, REGION);
    const net = aws.network;
    const ids = async (filter: Parameters<typeof net.listNetworkInterfaces>[1]) =>
      (await net.listNetworkInterfaces(REGION, filter)).map((n) => n.networkInterfaceId).sort();
    const all = [...seed.interfacesInFirstSubnet, ...seed.interfacesInSecondSubnet].sort();

    expect(await ids({ vpcIds: [seed.vpcId] })).toEqual(all);
    expect(await ids({ subnetIds: [seed.subnetIds[0]] })).toEqual([...seed.interfacesInFirstSubnet].sort());
    expect(await ids({ subnetIds: [...seed.subnetIds] })).toEqual(all);
    expect(await ids({ securityGroupIds: [seed.securityGroupIds[1]] })).toEqual([...seed.interfacesInSecondSubnet].sort());
    expect(await ids({ subnetIds: [seed.subnetIds[0]], securityGroupIds: [seed.securityGroupIds[1]] })).toEqual([]);
    expect(await ids({ ids: [seed.interfacesInSecondSubnet[1]!], vpcIds: [seed.vpcId] })).toEqual([seed.interfacesInSecondSubnet[1]]);
  });

  it('maps an interface’s subnet, groups, status, type, description and TagSet', async () => {
    const { vpcId, subnetIds } = await createVpcWithSubnets(ec2, REGION);
    const sg = await createSecurityGroup(ec2, vpcId, 'env');
    const id = await createNetworkInterface(ec2, { subnetId: subnetIds[1], groupIds: [sg], description: 'leftover', tags: { team: 'data' } });
    await expect(aws.network.listNetworkInterfaces(REGION, { ids: [id] })).resolves.toEqual([
      {
        networkInterfaceId: id,
        vpcId,
        subnetId: subnetIds[1],
        securityGroupIds: [sg],
        status: 'available',
        interfaceType: 'interface',
        description: 'leftover',
        requesterManaged: false,
        tags: { team: 'data' },
      },
    ]);
  });

  it('returns every interface although moto ignores MaxResults and never pages', async () => {
    const { vpcId, subnetIds } = await createVpcWithSubnets(ec2, REGION);
    const sg = await createSecurityGroup(ec2, vpcId, 'env');
    const made: string[] = [];
    for (let i = 0; i < 12; i += 1) made.push(await createNetworkInterface(ec2, { subnetId: subnetIds[i % 2]!, groupIds: [sg] }));
    // The moto difference, asserted: AWS would return 5 and a NextToken; moto returns all 12 in one page.
    await expect(describeNetworkInterfacesPage(ec2, { vpcId, maxResults: 5 })).resolves.toEqual({ count: 12, nextToken: undefined });
    const listed = await aws.network.listNetworkInterfaces(REGION, { vpcIds: [vpcId] });
    expect(listed.map((n) => n.networkInterfaceId).sort()).toEqual(made.sort());
  });

  it('lists the interfaces that still exist when some of the requested ids are gone', async () => {
    const { vpcId, subnetIds } = await createVpcWithSubnets(ec2, REGION);
    const sg = await createSecurityGroup(ec2, vpcId, 'env');
    const kept = await createNetworkInterface(ec2, { subnetId: subnetIds[0], groupIds: [sg] });
    const gone = 'eni-0123456789abcdef0';
    // Why the adapter filters on network-interface-id: the NetworkInterfaceIds parameter fails the whole call.
    await expect(describeNetworkInterfacesByIdParameter(ec2, [kept, gone])).resolves.toEqual({ error: 'InvalidNetworkInterfaceID.NotFound' });
    const listed = await aws.network.listNetworkInterfaces(REGION, { ids: [kept, gone] });
    expect(listed.map((n) => n.networkInterfaceId)).toEqual([kept]);
    await expect(aws.network.listNetworkInterfaces(REGION, { ids: [gone] })).resolves.toEqual([]);
  });

  it('lists the interfaces of an interface endpoint among the VPC’s interfaces', async () => {
    const { vpcId, subnetIds } = await createVpcWithSubnets(ec2, REGION);
    const sg = await createSecurityGroup(ec2, vpcId, 'env');
    const endpoint = await createInterfaceEndpoint(ec2, {
      vpcId,
      subnetIds: [...subnetIds],
      securityGroupIds: [sg],
      serviceName: `com.amazonaws.vpce.${REGION}.vpce-svc-0a1b2c3d4e5f60718`,
      managed: true,
    });
    const [managed] = await aws.network.listManagedVpcEndpoints(REGION);
    expect(managed?.networkInterfaceIds.sort()).toEqual([...endpoint.networkInterfaceIds].sort());
    const listed = await aws.network.listNetworkInterfaces(REGION, { ids: managed?.networkInterfaceIds ?? [] });
    expect(listed.map((n) => n.subnetId).sort()).toEqual([...subnetIds].sort());
  });
});
