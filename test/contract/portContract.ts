/**
 * The port contract: behaviour every implementation of {@link AwsPorts} must show, whatever is
 * behind it (the simulator, moto_server, real AWS). Run it with {@link describePortContract}.
 *
 * The cases only use what the ports expose, so they hold for eventually consistent backends too:
 * anything asynchronous is observed through the target's `waitFor`.
 */
import { AwsError, type AwsErrorCode } from '../../adapters/errors';
import {
  SERVICE_LINKED_ROLE,
  type AwsPorts,
  type DeletionTaskReport,
  type Environment,
  type EnvironmentSpec,
  type ServiceLinkedRole,
} from '../../adapters/port';

/** Network resources a target created so the network cases have something to find. */
export interface NetworkSeed {
  vpcId: string;
  /** Two subnets of `vpcId`. */
  subnetIds: [string, string];
  /** Security groups used by the seeded interfaces; the first is on every seeded interface. */
  securityGroupIds: [string, string];
  /** Endpoints carrying the tag key `AmazonMWAAManaged`. */
  managedEndpointIds: string[];
  /** Endpoints without that tag (e.g. customer-made). */
  unmanagedEndpointIds: string[];
  /** Every interface the seed made in subnet 0 (endpoint interfaces included); they carry only security group 0. */
  interfacesInFirstSubnet: string[];
  /** Every interface the seed made in subnet 1 (endpoint interfaces included); they carry security groups 0 and 1. */
  interfacesInSecondSubnet: string[];
}

/** What a test gets from {@link ContractTarget.setup}. */
export interface ContractContext {
  ports: AwsPorts;
  /** Two distinct regions the target serves. */
  regions: [string, string];
  /** Polls `probe` until `done` holds and returns that value; rejects after `timeoutMs` (virtual ms for the simulator). */
  waitFor<T>(probe: () => Promise<T>, done: (v: T) => boolean, timeoutMs: number): Promise<T>;
  /** A spec the target accepts for a new environment called `name`. */
  validSpec(name: string): EnvironmentSpec;
  /** Creates the resources of {@link NetworkSeed} in `region`; required when the target supports the network port. */
  seedNetwork?(region: string): Promise<NetworkSeed>;
  /** Releases everything the test made. */
  teardown(): Promise<void>;
}

/** An implementation of the ports to hold to the contract. */
export interface ContractTarget {
  name: string;
  /** Fresh ports for a test; called in beforeEach. */
  setup(): Promise<ContractContext>;
  supports: { mwaa: boolean; iam: boolean; network: boolean };
  /** Reasons printed for unsupported parts. */
  notes?: string[];
}

/** A deletion task id that is well formed but that no backend ever issued. */
export const UNKNOWN_DELETION_TASK_ID =
  'task/aws-service-role/airflow.amazonaws.com/AWSServiceRoleForAmazonMWAA/00000000-0000-4000-8000-000000000000';

const HOUR = 3600_000;
/** Long enough for a real create (20-35 min) or delete, with margin; targets may cap it. */
const ENVIRONMENT_WAIT_MS = 3 * HOUR;
/** IAM propagation is seconds; two minutes is what Terraform allows. */
const ROLE_WAIT_MS = 2 * 60_000;

/** Resolves to the AwsError `work` rejects with, failing the test if it resolves or throws something else. */
async function awsErrorOf(work: Promise<unknown>): Promise<AwsError> {
  try {
    await work;
  } catch (e) {
    if (e instanceof AwsError) return e;
    throw new Error(`expected an AwsError, got ${String(e)}`);
  }
  throw new Error('expected the call to fail, but it succeeded');
}

async function expectCode(work: Promise<unknown>, code: AwsErrorCode): Promise<AwsError> {
  const error = await awsErrorOf(work);
  expect(error.code).toBe(code);
  return error;
}

const RUNNING: ReadonlySet<string> = new Set(['NOT_STARTED', 'IN_PROGRESS']);

/**
 * Declares the contract cases for `target` in the current jest file.
 *
 * @example
 * describePortContract({ name: 'simulator', setup, supports: { mwaa: true, iam: true, network: true } });
 */
export function describePortContract(target: ContractTarget): void {
  describe(`port contract: ${target.name}`, () => {
    let ctx: ContractContext;
    // Only a context whose setup succeeded is torn down, and only once.
    let live: ContractContext | undefined;
    beforeEach(async () => {
      ctx = await target.setup();
      live = ctx;
    });
    afterEach(async () => {
      const done = live;
      live = undefined;
      await done?.teardown();
    });

    const note = target.notes?.length ? ` (${target.notes.join('; ')})` : '';
    const mwaaDescribe = target.supports.mwaa ? describe : describe.skip;
    const iamDescribe = target.supports.iam ? describe : describe.skip;
    const networkDescribe = target.supports.network ? describe : describe.skip;

    mwaaDescribe(`MwaaPort${target.supports.mwaa ? '' : ` — not supported by ${target.name}${note}`}`, () => {
      it('returns null for an environment that does not exist', async () => {
        await expect(ctx.ports.mwaa.getEnvironment(ctx.regions[0], 'contract-absent')).resolves.toBeNull();
      });

      it('returns the ARN of a new environment and then describes it with the spec echoed', async () => {
        const region = ctx.regions[0];
        const spec = ctx.validSpec('contract-echo');
        const { arn } = await ctx.ports.mwaa.createEnvironment(region, spec);
        expect(arn).toMatch(new RegExp(`^arn:aws(-[a-z]+)?:airflow:${region}:\\d{12}:environment/contract-echo$`));
        const env = await ctx.waitFor(
          () => ctx.ports.mwaa.getEnvironment(region, spec.name),
          (e) => e !== null,
          ROLE_WAIT_MS,
        );
        expect(env).toMatchObject<Partial<Environment>>({
          name: spec.name,
          arn,
          executionRoleArn: spec.executionRoleArn,
          sourceBucketArn: spec.sourceBucketArn,
          dagS3Path: spec.dagS3Path,
        });
        expect(env?.networkConfiguration.subnetIds).toEqual(spec.networkConfiguration.subnetIds);
        expect(env?.networkConfiguration.securityGroupIds).toEqual(spec.networkConfiguration.securityGroupIds);
        expect(typeof env?.createdAt).toBe('number');
      });

      it('rejects a second CreateEnvironment of the same name with AlreadyExists', async () => {
        const spec = ctx.validSpec('contract-dup');
        await ctx.ports.mwaa.createEnvironment(ctx.regions[0], spec);
        await expectCode(ctx.ports.mwaa.createEnvironment(ctx.regions[0], spec), 'AlreadyExists');
      });

      it('rejects an invalid name with InvalidInput and creates nothing', async () => {
        const spec = { ...ctx.validSpec('contract-bad'), name: '1 bad name' };
        await expectCode(ctx.ports.mwaa.createEnvironment(ctx.regions[0], spec), 'InvalidInput');
        await expect(ctx.ports.mwaa.listEnvironments(ctx.regions[0])).resolves.not.toContain('1 bad name');
      });

      it('rejects an update of an unknown environment with NotFound', async () => {
        await expectCode(
          ctx.ports.mwaa.updateEnvironment(ctx.regions[0], { name: 'contract-absent', maxWorkers: 3 }),
          'NotFound',
        );
      });

      it('rejects a delete of an unknown environment with NotFound', async () => {
        await expectCode(ctx.ports.mwaa.deleteEnvironment(ctx.regions[0], 'contract-absent'), 'NotFound');
      });

      it('lists the names of created environments, per region', async () => {
        await ctx.ports.mwaa.createEnvironment(ctx.regions[0], ctx.validSpec('contract-list-a'));
        await ctx.ports.mwaa.createEnvironment(ctx.regions[0], ctx.validSpec('contract-list-b'));
        const names = await ctx.waitFor(
          () => ctx.ports.mwaa.listEnvironments(ctx.regions[0]),
          (list) => list.includes('contract-list-a') && list.includes('contract-list-b'),
          ROLE_WAIT_MS,
        );
        expect(names).toEqual(expect.arrayContaining(['contract-list-a', 'contract-list-b']));
        await expect(ctx.ports.mwaa.listEnvironments(ctx.regions[1])).resolves.not.toContain('contract-list-a');
      });

      /** Creates `name` in the first region and waits until reads see it; returns its ARN. */
      const visibleEnvironment = async (name: string): Promise<string> => {
        const region = ctx.regions[0];
        const { arn } = await ctx.ports.mwaa.createEnvironment(region, ctx.validSpec(name));
        await ctx.waitFor(
          () => ctx.ports.mwaa.getEnvironment(region, name),
          (e) => e !== null,
          ROLE_WAIT_MS,
        );
        return arn;
      };

      it('tags an environment, overwriting existing keys, and lists and describes the tags', async () => {
        const region = ctx.regions[0];
        const arn = await visibleEnvironment('contract-tag');
        await expect(ctx.ports.mwaa.tagResource(region, arn, { owner: 'team-a', cost: 'x1' })).resolves.toBeUndefined();
        await ctx.ports.mwaa.tagResource(region, arn, { owner: 'team-b' });
        const tags = await ctx.ports.mwaa.listTagsForResource(region, arn);
        expect(tags).toEqual(expect.objectContaining({ owner: 'team-b', cost: 'x1' }));
        const env = await ctx.ports.mwaa.getEnvironment(region, 'contract-tag');
        expect(env?.tags).toEqual(tags);
      });

      it('untags only the given keys, ignoring keys the environment does not carry', async () => {
        const region = ctx.regions[0];
        const arn = await visibleEnvironment('contract-untag');
        await ctx.ports.mwaa.tagResource(region, arn, { owner: 'team-a', keep: 'yes' });
        await expect(ctx.ports.mwaa.untagResource(region, arn, ['owner', 'never-set'])).resolves.toBeUndefined();
        const tags = await ctx.ports.mwaa.listTagsForResource(region, arn);
        expect(tags).toEqual(expect.objectContaining({ keep: 'yes' }));
        expect(tags).not.toHaveProperty('owner');
        const env = await ctx.ports.mwaa.getEnvironment(region, 'contract-untag');
        expect(env?.tags ?? {}).toEqual(tags);
      });

      it('lists the tags of an untagged environment as {}', async () => {
        const region = ctx.regions[0];
        const arn = await visibleEnvironment('contract-notags');
        await expect(ctx.ports.mwaa.listTagsForResource(region, arn)).resolves.toEqual({});
      });

      it('rejects tagging calls on an unknown environment ARN with NotFound (an error, not null)', async () => {
        const region = ctx.regions[0];
        const known = await visibleEnvironment('contract-tag-known');
        const absent = known.replace(/environment\/.*$/, 'environment/contract-absent');
        await expectCode(ctx.ports.mwaa.tagResource(region, absent, { owner: 'x' }), 'NotFound');
        await expectCode(ctx.ports.mwaa.untagResource(region, absent, ['owner']), 'NotFound');
        await expectCode(ctx.ports.mwaa.listTagsForResource(region, absent), 'NotFound');
        // The ARN of an environment in another region is not found through this region's endpoint.
        await expectCode(ctx.ports.mwaa.listTagsForResource(ctx.regions[1], known), 'NotFound');
      });

      it('rejects a malformed ARN or tag with InvalidInput and changes nothing', async () => {
        const region = ctx.regions[0];
        const arn = await visibleEnvironment('contract-tag-bad');
        await ctx.ports.mwaa.tagResource(region, arn, { owner: 'team-a' });
        const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
        for (const bad of [{ 'bad#key': 'v' }, { owner: 'x'.repeat(257) }, { ['k'.repeat(129)]: 'v' }, {}, many]) {
          await expectCode(ctx.ports.mwaa.tagResource(region, arn, { ...bad }), 'InvalidInput');
        }
        await expectCode(ctx.ports.mwaa.untagResource(region, arn, ['bad#key']), 'InvalidInput');
        await expectCode(ctx.ports.mwaa.listTagsForResource(region, 'arn:aws:s3:::not-an-environment'), 'InvalidInput');
        await expectCode(ctx.ports.mwaa.tagResource(region, 'not-an-arn', { owner: 'x' }), 'InvalidInput');
        await expect(ctx.ports.mwaa.listTagsForResource(region, arn)).resolves.toEqual({ owner: 'team-a' });
      });

      it('creates an environment until AVAILABLE, then deletes it until it is gone', async () => {
        const region = ctx.regions[0];
        await ctx.ports.mwaa.createEnvironment(region, ctx.validSpec('contract-life'));
        const available = await ctx.waitFor(
          () => ctx.ports.mwaa.getEnvironment(region, 'contract-life'),
          (e) => e?.status === 'AVAILABLE' || e?.status === 'CREATE_FAILED',
          ENVIRONMENT_WAIT_MS,
        );
        expect(available?.status).toBe('AVAILABLE');
        await ctx.ports.mwaa.deleteEnvironment(region, 'contract-life');
        const during = await ctx.ports.mwaa.getEnvironment(region, 'contract-life');
        expect(during === null || ['DELETING', 'DELETED'].includes(during.status)).toBe(true);
        await ctx.waitFor(
          () => ctx.ports.mwaa.getEnvironment(region, 'contract-life'),
          (e) => e === null,
          ENVIRONMENT_WAIT_MS,
        );
        await expect(ctx.ports.mwaa.listEnvironments(region)).resolves.not.toContain('contract-life');
      });
    });

    iamDescribe(`ServiceLinkedRolePort${target.supports.iam ? '' : ` — not supported by ${target.name}${note}`}`, () => {
      const waitForRole = (): Promise<ServiceLinkedRole | null> =>
        ctx.waitFor(
          () => ctx.ports.serviceLinkedRole.getRole(),
          (r) => r !== null,
          ROLE_WAIT_MS,
        );

      it('returns null when the role does not exist', async () => {
        await expect(ctx.ports.serviceLinkedRole.getRole()).resolves.toBeNull();
      });

      it('creates the role, which then becomes visible with the documented names and trust policy', async () => {
        const created = await ctx.ports.serviceLinkedRole.createRole({ description: 'contract' });
        expect(created.roleName).toBe(SERVICE_LINKED_ROLE.roleName);
        const role = await waitForRole();
        expect(role).toMatchObject({
          roleName: SERVICE_LINKED_ROLE.roleName,
          path: SERVICE_LINKED_ROLE.path,
          arn: expect.stringMatching(
            /^arn:aws(-[a-z]+)?:iam::\d{12}:role\/aws-service-role\/airflow\.amazonaws\.com\/AWSServiceRoleForAmazonMWAA$/,
          ) as unknown,
        });
        const principals = JSON.stringify(role?.trustPolicy.Statement);
        expect(principals).toContain(SERVICE_LINKED_ROLE.servicePrincipal);
      });

      it('rejects a second createRole with AlreadyExists', async () => {
        await ctx.ports.serviceLinkedRole.createRole({});
        await expectCode(ctx.ports.serviceLinkedRole.createRole({}), 'AlreadyExists');
      });

      it('changes only the description with updateDescription', async () => {
        await ctx.ports.serviceLinkedRole.createRole({ description: 'before' });
        const before = await waitForRole();
        const updated = await ctx.ports.serviceLinkedRole.updateDescription('after');
        expect(updated.description).toBe('after');
        const after = await ctx.ports.serviceLinkedRole.getRole();
        expect(before).not.toBeNull();
        expect(after).not.toBeNull();
        const { description: descriptionBefore, ...restBefore } = before!;
        const { description: descriptionAfter, ...restAfter } = after!;
        expect([descriptionBefore, descriptionAfter]).toEqual(['before', 'after']);
        expect(restAfter).toEqual(restBefore);
      });

      it('returns a deletion task id, and the same id again while that task is still running', async () => {
        await ctx.ports.serviceLinkedRole.createRole({});
        await waitForRole();
        const first = await ctx.ports.serviceLinkedRole.deleteRole();
        expect(first.deletionTaskId).toMatch(
          /^task\/aws-service-role\/airflow\.amazonaws\.com\/AWSServiceRoleForAmazonMWAA\/.+/,
        );
        const report: DeletionTaskReport | null = await ctx.ports.serviceLinkedRole.getDeletionStatus(first.deletionTaskId);
        if (report !== null && RUNNING.has(report.status)) {
          const second = await ctx.ports.serviceLinkedRole.deleteRole();
          expect(second.deletionTaskId).toBe(first.deletionTaskId);
        } else {
          // The backend finished (or purged) the task before we could look: then the role is gone.
          expect(report === null || report.status === 'SUCCEEDED').toBe(true);
          await expect(ctx.ports.serviceLinkedRole.getRole()).resolves.toBeNull();
        }
      });

      it('rejects deleteRole with NotFound when there is no role', async () => {
        await expectCode(ctx.ports.serviceLinkedRole.deleteRole(), 'NotFound');
      });

      it('returns null for the status of a well-formed task id it never issued', async () => {
        await expect(ctx.ports.serviceLinkedRole.getDeletionStatus(UNKNOWN_DELETION_TASK_ID)).resolves.toBeNull();
      });
    });

    networkDescribe(`NetworkPort${target.supports.network ? '' : ` — not supported by ${target.name}${note}`}`, () => {
      const seeded = async (): Promise<NetworkSeed> => {
        if (!ctx.seedNetwork) throw new Error(`${target.name} supports the network port but has no seedNetwork()`);
        return ctx.seedNetwork(ctx.regions[0]);
      };

      it('lists the account’s regions, each named and enabled or not, us-east-1 among them and enabled', async () => {
        const regions = await ctx.ports.network.listRegions();
        expect(regions.length).toBeGreaterThan(0);
        for (const r of regions) {
          expect(typeof r.region).toBe('string');
          expect(r.region).not.toBe('');
          expect(typeof r.enabled).toBe('boolean');
        }
        expect(regions.filter((r) => r.region === 'us-east-1')).toEqual([expect.objectContaining({ region: 'us-east-1', enabled: true })]);
      });

      it('lists nothing in a region without managed endpoints', async () => {
        await expect(ctx.ports.network.listManagedVpcEndpoints(ctx.regions[1])).resolves.toEqual([]);
      });

      it('lists only the endpoints tagged AmazonMWAAManaged', async () => {
        const seed = await seeded();
        const endpoints = await ctx.ports.network.listManagedVpcEndpoints(ctx.regions[0]);
        const ids = endpoints.map((e) => e.vpcEndpointId);
        expect(ids).toEqual(expect.arrayContaining(seed.managedEndpointIds));
        for (const id of seed.unmanagedEndpointIds) expect(ids).not.toContain(id);
        for (const e of endpoints) expect(Object.keys(e.tags)).toContain(SERVICE_LINKED_ROLE.managedTagKey);
      });

      it('lists only the managed endpoints of the VPCs asked for, and none for an empty list', async () => {
        const seed = await seeded();
        const net = ctx.ports.network;
        const region = ctx.regions[0];
        const ids = (list: Array<{ vpcEndpointId: string }>): string[] => list.map((e) => e.vpcEndpointId);
        const inSeedVpc = await net.listManagedVpcEndpoints(region, undefined, { vpcIds: [seed.vpcId] });
        expect(ids(inSeedVpc)).toEqual(expect.arrayContaining(seed.managedEndpointIds));
        for (const e of inSeedVpc) expect(e.vpcId).toBe(seed.vpcId);
        for (const id of seed.unmanagedEndpointIds) expect(ids(inSeedVpc)).not.toContain(id);
        const elsewhere = ids(await net.listManagedVpcEndpoints(region, undefined, { vpcIds: ['vpc-0f0e0d0c0b0a09080'] }));
        for (const id of seed.managedEndpointIds) expect(elsewhere).not.toContain(id);
        await expect(net.listManagedVpcEndpoints(region, undefined, { vpcIds: [] })).resolves.toEqual([]);
      });

      it('filters network interfaces by id, VPC, subnet and security group', async () => {
        const seed = await seeded();
        const region = ctx.regions[0];
        const net = ctx.ports.network;
        const ids = (list: Array<{ networkInterfaceId: string }>): string[] => list.map((n) => n.networkInterfaceId).sort();
        const all = [...seed.interfacesInFirstSubnet, ...seed.interfacesInSecondSubnet].sort();
        const anyId = seed.interfacesInFirstSubnet[0] ?? '';

        expect(ids(await net.listNetworkInterfaces(region, { ids: [anyId] }))).toEqual([anyId]);
        expect(ids(await net.listNetworkInterfaces(region, { vpcIds: [seed.vpcId] }))).toEqual(expect.arrayContaining(all));
        expect(ids(await net.listNetworkInterfaces(region, { vpcIds: [seed.vpcId], subnetIds: [seed.subnetIds[0]] }))).toEqual(
          [...seed.interfacesInFirstSubnet].sort(),
        );
        // Values within one filter are ORed...
        expect(ids(await net.listNetworkInterfaces(region, { subnetIds: [...seed.subnetIds] }))).toEqual(all);
        // ...and separate filters are ANDed.
        expect(
          ids(await net.listNetworkInterfaces(region, { subnetIds: [seed.subnetIds[0]], securityGroupIds: [seed.securityGroupIds[1]] })),
        ).toEqual([]);
        expect(ids(await net.listNetworkInterfaces(region, { securityGroupIds: [seed.securityGroupIds[1]] }))).toEqual(
          [...seed.interfacesInSecondSubnet].sort(),
        );
        expect(await net.listNetworkInterfaces(ctx.regions[1], { vpcIds: [seed.vpcId] })).toEqual([]);
      });
    });
  });
}
