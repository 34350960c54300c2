/**
 * EC2 fixtures for the emulator suites, made with the EC2 client directly (not through the
 * adapter under test). It lives under test/aws/ because only there may tests import @aws-sdk/*.
 */
import {
  CreateNetworkInterfaceCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DeleteNetworkInterfaceCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteVpcCommand,
  DeleteVpcEndpointsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  ModifyNetworkInterfaceAttributeCommand,
} from '@aws-sdk/client-ec2';
import type { NetworkSeed } from '../../contract/portContract';

/** The tag key MWAA puts on the endpoints it manages. */
const MANAGED_TAG = 'AmazonMWAAManaged';

/** An EC2 client for fixtures, pointed at an emulator, or at AWS without an endpoint (credentials come from the environment). */
export function fixtureEc2Client(endpoint: string | undefined, region: string): EC2Client {
  return new EC2Client({ region, ...(endpoint === undefined ? { maxAttempts: 3 } : { endpoint, maxAttempts: 1 }) });
}

const tagSpec = (resourceType: 'vpc-endpoint' | 'network-interface', tags: Record<string, string>) =>
  Object.keys(tags).length === 0
    ? {}
    : { TagSpecifications: [{ ResourceType: resourceType, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }] };

/** A VPC with two subnets in different availability zones. */
export async function createVpcWithSubnets(ec2: EC2Client, region: string, secondOctet = 0): Promise<{ vpcId: string; subnetIds: [string, string] }> {
  const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${secondOctet}.0.0/16` }));
  const vpcId = vpc.Vpc!.VpcId!;
  const a = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.${secondOctet}.1.0/24`, AvailabilityZone: `${region}a` }));
  const b = await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.${secondOctet}.2.0/24`, AvailabilityZone: `${region}b` }));
  return { vpcId, subnetIds: [a.Subnet!.SubnetId!, b.Subnet!.SubnetId!] };
}

/** The account that owns the caller's default security groups: a read-only way to learn who the credentials are. */
export async function ownerAccountOf(ec2: EC2Client): Promise<string | undefined> {
  const out = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['default'] }], MaxResults: 5 }));
  return out.SecurityGroups?.[0]?.OwnerId;
}

/** Deletes what a test made, newest first, and reports what could not be deleted instead of throwing. */
export async function deleteNetworkFixtures(
  ec2: EC2Client,
  made: { networkInterfaceIds?: string[]; securityGroupIds?: string[]; subnetIds?: string[]; vpcIds?: string[] },
): Promise<string[]> {
  const failures: string[] = [];
  const attempt = async (what: string, work: () => Promise<unknown>): Promise<void> => {
    try {
      await work();
    } catch (e) {
      failures.push(`${what}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  for (const id of made.networkInterfaceIds ?? []) await attempt(id, () => ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: id })));
  for (const id of made.securityGroupIds ?? []) await attempt(id, () => ec2.send(new DeleteSecurityGroupCommand({ GroupId: id })));
  for (const id of made.subnetIds ?? []) await attempt(id, () => ec2.send(new DeleteSubnetCommand({ SubnetId: id })));
  for (const id of made.vpcIds ?? []) await attempt(id, () => ec2.send(new DeleteVpcCommand({ VpcId: id })));
  return failures;
}

/** A security group in `vpcId`. */
export async function createSecurityGroup(ec2: EC2Client, vpcId: string, name: string): Promise<string> {
  const out = await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: name, Description: name }));
  return out.GroupId!;
}

/** A network interface in `subnetId` with the given groups, description and tags. */
export async function createNetworkInterface(
  ec2: EC2Client,
  options: { subnetId: string; groupIds: string[]; description?: string; tags?: Record<string, string> },
): Promise<string> {
  const out = await ec2.send(
    new CreateNetworkInterfaceCommand({
      SubnetId: options.subnetId,
      Groups: options.groupIds,
      ...(options.description === undefined ? {} : { Description: options.description }),
      ...tagSpec('network-interface', options.tags ?? {}),
    }),
  );
  return out.NetworkInterface!.NetworkInterfaceId!;
}

/**
 * An interface endpoint with one network interface per subnet. moto creates those interfaces
 * without security groups, so they are given the endpoint's groups afterwards, as AWS would.
 */
export async function createInterfaceEndpoint(
  ec2: EC2Client,
  options: { vpcId: string; subnetIds: string[]; securityGroupIds: string[]; serviceName: string; managed: boolean },
): Promise<{ vpcEndpointId: string; networkInterfaceIds: string[] }> {
  const out = await ec2.send(
    new CreateVpcEndpointCommand({
      VpcEndpointType: 'Interface',
      VpcId: options.vpcId,
      ServiceName: options.serviceName,
      SubnetIds: options.subnetIds,
      SecurityGroupIds: options.securityGroupIds,
      ...tagSpec('vpc-endpoint', options.managed ? { [MANAGED_TAG]: 'true' } : { owner: 'customer' }),
    }),
  );
  const networkInterfaceIds = out.VpcEndpoint?.NetworkInterfaceIds ?? [];
  for (const id of networkInterfaceIds) {
    await ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: id, Groups: options.securityGroupIds }));
  }
  return { vpcEndpointId: out.VpcEndpoint!.VpcEndpointId!, networkInterfaceIds };
}

/** A gateway endpoint (no network interfaces), optionally tagged as MWAA-managed. */
export async function createGatewayEndpoint(ec2: EC2Client, options: { vpcId: string; region: string; managed: boolean }): Promise<string> {
  const out = await ec2.send(
    new CreateVpcEndpointCommand({
      VpcEndpointType: 'Gateway',
      VpcId: options.vpcId,
      ServiceName: `com.amazonaws.${options.region}.s3`,
      ...tagSpec('vpc-endpoint', options.managed ? { [MANAGED_TAG]: 'true' } : {}),
    }),
  );
  return out.VpcEndpoint!.VpcEndpointId!;
}

/** Deletes endpoints (moto then reports them with state `deleted`). */
export async function deleteVpcEndpoints(ec2: EC2Client, ids: string[]): Promise<void> {
  await ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: ids }));
}

/** One raw DescribeNetworkInterfaces page, to observe the emulator itself. */
export async function describeNetworkInterfacesPage(
  ec2: EC2Client,
  input: { vpcId: string; maxResults: number },
): Promise<{ count: number; nextToken: string | undefined }> {
  const out = await ec2.send(new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'vpc-id', Values: [input.vpcId] }], MaxResults: input.maxResults }));
  return { count: out.NetworkInterfaces?.length ?? 0, nextToken: out.NextToken === '' ? undefined : out.NextToken };
}

/** What DescribeNetworkInterfaces with the NetworkInterfaceIds parameter answers: ids, or the error name. */
export async function describeNetworkInterfacesByIdParameter(ec2: EC2Client, ids: string[]): Promise<string[] | { error: string }> {
  try {
    const out = await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: ids }));
    return (out.NetworkInterfaces ?? []).map((n) => n.NetworkInterfaceId ?? '');
  } catch (e) {
    return { error: e instanceof Error ? e.name : String(e) };
  }
}

/**
 * The network of the port contract: a VPC, two subnets, two security groups, MWAA-managed and
 * customer endpoints, and plain interfaces. Subnet 0 interfaces carry group 0 only; subnet 1
 * interfaces carry groups 0 and 1.
 */
export async function seedContractNetwork(ec2: EC2Client, region: string): Promise<NetworkSeed> {
  const { vpcId, subnetIds } = await createVpcWithSubnets(ec2, region);
  const sg0 = await createSecurityGroup(ec2, vpcId, 'mwaa-env');
  const sg1 = await createSecurityGroup(ec2, vpcId, 'mwaa-extra');
  const svc = (id: string) => `com.amazonaws.vpce.${region}.vpce-svc-${id}`;

  const database = await createInterfaceEndpoint(ec2, { vpcId, subnetIds: [subnetIds[0]], securityGroupIds: [sg0], serviceName: svc('0a1b2c3d4e5f60718'), managed: true });
  const webserver = await createInterfaceEndpoint(ec2, { vpcId, subnetIds: [subnetIds[1]], securityGroupIds: [sg0, sg1], serviceName: svc('1a1b2c3d4e5f60718'), managed: true });
  const customer = await createInterfaceEndpoint(ec2, { vpcId, subnetIds: [subnetIds[0]], securityGroupIds: [sg0], serviceName: `com.amazonaws.${region}.sqs`, managed: false });
  const gateway = await createGatewayEndpoint(ec2, { vpcId, region, managed: false });

  const first = [
    await createNetworkInterface(ec2, { subnetId: subnetIds[0], groupIds: [sg0], description: 'worker' }),
    await createNetworkInterface(ec2, { subnetId: subnetIds[0], groupIds: [sg0], description: 'scheduler' }),
  ];
  const second = [
    await createNetworkInterface(ec2, { subnetId: subnetIds[1], groupIds: [sg0, sg1], description: 'worker' }),
    await createNetworkInterface(ec2, { subnetId: subnetIds[1], groupIds: [sg0, sg1], description: 'webserver' }),
  ];
  return {
    vpcId,
    subnetIds,
    securityGroupIds: [sg0, sg1],
    managedEndpointIds: [database.vpcEndpointId, webserver.vpcEndpointId],
    unmanagedEndpointIds: [customer.vpcEndpointId, gateway],
    interfacesInFirstSubnet: [...database.networkInterfaceIds, ...customer.networkInterfaceIds, ...first],
    interfacesInSecondSubnet: [...webserver.networkInterfaceIds, ...second],
  };
}
