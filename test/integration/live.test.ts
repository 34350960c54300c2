/**
 * Opt-in checks against real AWS. Skipped unless MWAA_LIFECYCLE_LIVE_ACCOUNT names the 12-digit
 * account that the default credentials belong to (checked before anything is made). Region:
 * MWAA_LIFECYCLE_LIVE_REGION, default us-east-1.
 *
 * It creates only a VPC with two subnets, a security group and one network interface (all free),
 * and deletes them at the end. MWAA and IAM are only read; the one IAM write it tries is a
 * CreateServiceLinkedRole that is expected to fail because the role already exists.
 */
import { createAwsPorts, serviceLinkedRoleDrift, type AwsAdapter } from '../../adapters/aws';
import { SERVICE_LINKED_ROLE } from '../../adapters/port';
import {
  createNetworkInterface,
  createSecurityGroup,
  createVpcWithSubnets,
  deleteNetworkFixtures,
  fixtureEc2Client,
  ownerAccountOf,
} from '../aws/support/ec2Fixtures';
import { UNKNOWN_DELETION_TASK_ID } from '../contract/portContract';

const ACCOUNT = process.env['MWAA_LIFECYCLE_LIVE_ACCOUNT'];
const REGION = process.env['MWAA_LIFECYCLE_LIVE_REGION'] ?? 'us-east-1';
const describeLive = ACCOUNT === undefined || ACCOUNT === '' ? describe.skip : describe;

describeLive(`live AWS account ${ACCOUNT ?? '(set MWAA_LIFECYCLE_LIVE_ACCOUNT to run)'} in ${REGION}`, () => {
  let aws: AwsAdapter;
  let ec2: ReturnType<typeof fixtureEc2Client>;
  const made: { networkInterfaceIds: string[]; securityGroupIds: string[]; subnetIds: string[]; vpcIds: string[] } = {
    networkInterfaceIds: [],
    securityGroupIds: [],
    subnetIds: [],
    vpcIds: [],
  };
  let network: { vpcId: string; subnetIds: [string, string]; securityGroupId: string; networkInterfaceId: string } | undefined;

  beforeAll(async () => {
    if (!/^\d{12}$/.test(ACCOUNT ?? '')) throw new Error(`MWAA_LIFECYCLE_LIVE_ACCOUNT must be a 12-digit account id, got "${ACCOUNT ?? ''}"`);
    ec2 = fixtureEc2Client(undefined, REGION);
    const owner = await ownerAccountOf(ec2);
    if (owner !== ACCOUNT) throw new Error(`the credentials belong to account ${owner ?? 'unknown'}, not ${ACCOUNT ?? ''}: nothing was created`);
    aws = createAwsPorts();

    const { vpcId, subnetIds } = await createVpcWithSubnets(ec2, REGION, 254);
    made.vpcIds.push(vpcId);
    made.subnetIds.push(...subnetIds);
    const securityGroupId = await createSecurityGroup(ec2, vpcId, `mwaa-lifecycle-live-${Date.now()}`);
    made.securityGroupIds.push(securityGroupId);
    const networkInterfaceId = await createNetworkInterface(ec2, {
      subnetId: subnetIds[1],
      groupIds: [securityGroupId],
      description: 'mwaa-lifecycle live test',
      tags: { 'mwaa-lifecycle': 'live-test' },
    });
    made.networkInterfaceIds.push(networkInterfaceId);
    network = { vpcId, subnetIds, securityGroupId, networkInterfaceId };
  }, 120_000);

  afterAll(async () => {
    aws?.destroy();
    if (ec2 === undefined) return;
    const failures = await deleteNetworkFixtures(ec2, made);
    ec2.destroy();
    if (failures.length > 0) throw new Error(`live test left resources behind; delete them by hand:\n${failures.join('\n')}`);
  }, 120_000);

  it('returns null for an environment that does not exist', async () => {
    await expect(aws.mwaa.getEnvironment(REGION, `mwaa-lifecycle-absent-${Date.now()}`)).resolves.toBeNull();
  });

  it('lists environment names across every page', async () => {
    const names = await aws.mwaa.listEnvironments(REGION);
    expect(names.every((n) => typeof n === 'string' && n.length > 0)).toBe(true);
  });

  it('describes the service-linked role, when there is one, exactly as documented', async () => {
    const role = await aws.serviceLinkedRole.getRole();
    if (role === null) return;
    expect(serviceLinkedRoleDrift(role)).toEqual([]);
    expect(role.arn).toMatch(new RegExp(`^arn:aws[a-z-]*:iam::${ACCOUNT ?? ''}:role/aws-service-role/airflow\\.amazonaws\\.com/${SERVICE_LINKED_ROLE.roleName}$`));
  });

  it('maps a create of the existing role to AlreadyExists ("has been taken")', async () => {
    if ((await aws.serviceLinkedRole.getRole()) === null) return; // never create the shared role here
    await expect(aws.serviceLinkedRole.createRole({})).rejects.toMatchObject({ code: 'AlreadyExists' });
  });

  it('returns null for the status of a deletion task IAM never issued', async () => {
    await expect(aws.serviceLinkedRole.getDeletionStatus(UNKNOWN_DELETION_TASK_ID)).resolves.toBeNull();
  });

  it('finds the test’s network interface by VPC, subnet, group and id, and nothing with a disjoint filter', async () => {
    const n = network!;
    const expected = expect.objectContaining({
      networkInterfaceId: n.networkInterfaceId,
      vpcId: n.vpcId,
      subnetId: n.subnetIds[1],
      securityGroupIds: [n.securityGroupId],
      status: 'available',
      tags: { 'mwaa-lifecycle': 'live-test' },
    }) as unknown;
    await expect(aws.network.listNetworkInterfaces(REGION, { vpcIds: [n.vpcId] })).resolves.toEqual([expected]);
    await expect(aws.network.listNetworkInterfaces(REGION, { ids: [n.networkInterfaceId], securityGroupIds: [n.securityGroupId] })).resolves.toEqual([expected]);
    await expect(aws.network.listNetworkInterfaces(REGION, { vpcIds: [n.vpcId], subnetIds: [n.subnetIds[0]] })).resolves.toEqual([]);
  });

  it('lists only endpoints carrying the AmazonMWAAManaged tag', async () => {
    const endpoints = await aws.network.listManagedVpcEndpoints(REGION);
    for (const e of endpoints) {
      expect(Object.keys(e.tags)).toContain(SERVICE_LINKED_ROLE.managedTagKey);
      expect(['deleted', 'deleting']).not.toContain(e.state);
    }
  });
});
