import { SERVICE_LINKED_ROLE } from '../../adapters/port';
import type { SimulatedAws } from '../../adapters/simulator';
import { MINUTE, REGION, advanceUntil, simulator, spec } from './support';

const fastCleanup = {
  cleanupAfterDelete: { minMs: 3 * MINUTE, maxMs: 3 * MINUTE },
  deletedVisibility: { minMs: MINUTE, maxMs: MINUTE },
  slrDeletionStart: { minMs: 1000, maxMs: 1000 },
  slrDeletionRun: { minMs: 10_000, maxMs: 10_000 },
};

async function availableEnv(sim: SimulatedAws, name: string, overrides = {}): Promise<void> {
  await sim.ports().mwaa.createEnvironment(REGION, spec(name, overrides));
  await advanceUntil(sim, name, ['AVAILABLE']);
}

describe('simulated EC2 resources of MWAA', () => {
  it('creates two tagged endpoints for a private web server, each with an interface per subnet, plus the environment interfaces', async () => {
    const sim = simulator();
    sim.registerSubnets('vpc-0123456789abcdef0', ['subnet-0aaa111', 'subnet-0bbb222']);
    await availableEnv(sim, 'priv');
    const env = await sim.ports().mwaa.getEnvironment(REGION, 'priv');
    const endpoints = await sim.ports().network.listManagedVpcEndpoints(REGION);

    expect(endpoints).toHaveLength(2);
    expect(endpoints.map((e) => e.serviceName).sort()).toEqual([env?.databaseVpcEndpointService, env?.webserverVpcEndpointService].sort());
    for (const endpoint of endpoints) {
      expect(endpoint).toMatchObject({
        vpcId: 'vpc-0123456789abcdef0',
        state: 'available',
        subnetIds: ['subnet-0aaa111', 'subnet-0bbb222'],
        securityGroupIds: ['sg-0ccc333'],
      });
      expect(Object.keys(endpoint.tags)).toContain(SERVICE_LINKED_ROLE.managedTagKey);
      expect(endpoint.networkInterfaceIds).toHaveLength(2);
    }
    const interfaces = await sim.ports().network.listNetworkInterfaces(REGION, { vpcIds: ['vpc-0123456789abcdef0'] });
    expect(interfaces.filter((n) => n.interfaceType === 'vpc_endpoint')).toHaveLength(4);
    const own = interfaces.filter((n) => n.interfaceType === 'interface');
    expect(own).toHaveLength(2);
    for (const eni of own) {
      expect(eni).toMatchObject({ description: 'Amazon MWAA environment priv', requesterManaged: true, status: 'in-use', tags: {} });
    }
  });

  it('creates one endpoint for a public web server and none for customer-managed endpoints', async () => {
    const sim = simulator({ environmentQuota: 5 });
    await availableEnv(sim, 'pub', { webserverAccessMode: 'PUBLIC_ONLY' });
    expect(await sim.ports().network.listManagedVpcEndpoints(REGION)).toHaveLength(1);
    await sim.ports().mwaa.createEnvironment(REGION, spec('byo', { endpointManagement: 'CUSTOMER', networkConfiguration: { subnetIds: ['subnet-c1', 'subnet-c2'], securityGroupIds: ['sg-c'] } }));
    await advanceUntil(sim, 'byo', ['PENDING']);
    expect(await sim.ports().network.listManagedVpcEndpoints(REGION)).toHaveLength(1);
    expect(await sim.ports().network.listNetworkInterfaces(REGION, { subnetIds: ['subnet-c1', 'subnet-c2'] })).toHaveLength(2);
  });

  it('derives the same VPC for unknown subnets from the first subnet, deterministically', async () => {
    const a = simulator({ seed: 1 });
    const b = simulator({ seed: 2 });
    await availableEnv(a, 'x');
    await availableEnv(b, 'x');
    const vpcA = (await a.ports().network.listManagedVpcEndpoints(REGION))[0]?.vpcId;
    const vpcB = (await b.ports().network.listManagedVpcEndpoints(REGION))[0]?.vpcId;
    expect(vpcA).toMatch(/^vpc-[0-9a-f]{17}$/);
    expect(vpcB).toBe(vpcA);
  });

  it('applies an update of the security groups to the environment interfaces', async () => {
    const sim = simulator();
    await availableEnv(sim, 'sg');
    await sim.ports().mwaa.updateEnvironment(REGION, { name: 'sg', networkConfiguration: { securityGroupIds: ['sg-new1', 'sg-new2'] } });
    await advanceUntil(sim, 'sg', ['AVAILABLE']);
    const moved = await sim.ports().network.listNetworkInterfaces(REGION, { securityGroupIds: ['sg-new2'] });
    expect(moved).toHaveLength(6);
    await expect(sim.ports().network.listNetworkInterfaces(REGION, { securityGroupIds: ['sg-0ccc333'] })).resolves.toEqual([]);
  });

  it('cleans up endpoints and interfaces through the SLR a few minutes after the environment is gone', async () => {
    const sim = simulator({ timings: fastCleanup });
    await availableEnv(sim, 'tidy');
    await sim.ports().mwaa.deleteEnvironment(REGION, 'tidy');
    await advanceUntil(sim, 'tidy', [null]);
    expect(sim.inventory().vpcEndpoints).toHaveLength(2);
    await sim.clock.advance(3 * MINUTE);
    expect(sim.inventory().vpcEndpoints).toEqual([]);
    expect(sim.inventory().networkInterfaces).toEqual([]);
    const done = sim.events().find((e) => e.kind === 'cleanup.done');
    expect(done).toMatchObject({ name: 'tidy', region: REGION });
  });

  it("leaves tagged endpoints and interfaces behind when the SLR is deleted before the environment's cleanup", async () => {
    const sim = simulator({ timings: fastCleanup });
    await availableEnv(sim, 'hazard');
    await sim.ports().mwaa.deleteEnvironment(REGION, 'hazard');
    await advanceUntil(sim, 'hazard', [null]);
    // The environment is gone, so IAM lets the role go, 11 s later, long before the cleanup at 3 min.
    const { deletionTaskId } = await sim.ports().serviceLinkedRole.deleteRole();
    await sim.clock.advance(11_000);
    await expect(sim.ports().serviceLinkedRole.getDeletionStatus(deletionTaskId)).resolves.toHaveProperty('status', 'SUCCEEDED');
    await sim.clock.advance(3 * MINUTE);

    const skipped = sim.events().find((e) => e.kind === 'cleanup.skipped');
    const inventory = sim.inventory();
    expect(skipped?.detail['endpoints']).toEqual(inventory.vpcEndpoints.map((e) => e.vpcEndpointId));
    expect(inventory.vpcEndpoints).toHaveLength(2);
    expect(inventory.vpcEndpoints.every((e) => e.orphaned && e.environmentName === 'hazard')).toBe(true);
    expect(inventory.networkInterfaces).toHaveLength(6);
    expect(inventory.networkInterfaces.every((n) => n.orphaned)).toBe(true);
    const detached = inventory.networkInterfaces.filter((n) => n.interfaceType === 'interface');
    expect(detached.map((n) => n.status)).toEqual(['available', 'available']);
    await expect(sim.ports().network.listManagedVpcEndpoints(REGION)).resolves.toHaveLength(2);
    // Nothing ever comes back for them: re-creating the role does not resume a skipped cleanup.
    await sim.ports().serviceLinkedRole.createRole({});
    await sim.clock.advance(60 * MINUTE);
    expect(sim.inventory().vpcEndpoints).toHaveLength(2);
  });

  it('does not let an old cleanup touch a re-created environment of the same name', async () => {
    const sim = simulator({ timings: fastCleanup });
    await availableEnv(sim, 'again');
    await sim.ports().mwaa.deleteEnvironment(REGION, 'again');
    await advanceUntil(sim, 'again', [null]);
    sim.planEnvironment(REGION, 'again', { createDurationMs: 60_000 });
    await sim.ports().mwaa.createEnvironment(REGION, spec('again'));
    await sim.clock.advance(3 * MINUTE);
    expect(sim.events().filter((e) => e.kind === 'cleanup.done')).toHaveLength(1);
    expect(sim.inventory().vpcEndpoints).toHaveLength(2);
    expect(sim.inventory().vpcEndpoints.every((e) => !e.orphaned)).toBe(true);
  });
});
