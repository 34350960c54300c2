/**
 * The indexed EC2 lists answer exactly what a scan of every resource in the account answers, in
 * the same order, whatever the filter, also after environments are deleted and cleaned up.
 */
import { SERVICE_LINKED_ROLE, type NetworkInterface, type NetworkInterfaceFilter } from '../../adapters/port';
import type { SimulatedAws } from '../../adapters/simulator';
import { endpointsOwnedBy, endpointTable, interfacesOwnedBy, interfaceTable } from '../../adapters/simulator/ec2Tables';
import { IndexedTable } from '../../adapters/simulator/indexedTable';
import type { EndpointRecord, InterfaceRecord } from '../../adapters/simulator/world';
import { HOUR, OTHER_REGION, REGION, simulator, spec } from './support';

const SUBNETS = ['subnet-a1', 'subnet-a2', 'subnet-b1', 'subnet-b2', 'subnet-c1'];
const GROUPS = ['sg-1', 'sg-2', 'sg-3'];

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Some of `values`, possibly none, possibly one twice. */
function someOf(random: () => number, values: readonly string[]): string[] {
  const picked = values.filter(() => random() < 0.4);
  if (picked.length > 0 && random() < 0.2) picked.push(picked[0] as string);
  return picked;
}

/** What the list should answer: the whole inventory scanned, as the simulator did before it had indexes. */
function scanned(sim: SimulatedAws, region: string, filter: NetworkInterfaceFilter, all = sim.inventory().networkInterfaces): string[] {
  const within = (values: string[] | undefined, ...actual: string[]): boolean => values === undefined || values.some((v) => actual.includes(v));
  return all
    .filter(
      (n) =>
        n.region === region &&
        within(filter.ids, n.networkInterfaceId) &&
        within(filter.vpcIds, n.vpcId) &&
        within(filter.subnetIds, n.subnetId) &&
        within(filter.securityGroupIds, ...n.securityGroupIds),
    )
    .map((n) => n.networkInterfaceId);
}

const ids = (enis: NetworkInterface[]): string[] => enis.map((n) => n.networkInterfaceId);

async function populatedWorld(): Promise<SimulatedAws> {
  const sim = simulator({ environmentQuota: 20 });
  const ports = sim.ports();
  sim.registerSubnets('vpc-a', ['subnet-a1', 'subnet-a2']);
  sim.registerSubnets('vpc-b', ['subnet-b1', 'subnet-b2']);
  await sim.clock.run(ports.serviceLinkedRole.createRole({}));
  const random = prng(3);
  for (let i = 0; i < 12; i++) {
    const region = i % 3 === 0 ? OTHER_REGION : REGION;
    const pair = i % 2 === 0 ? ['subnet-a1', 'subnet-a2'] : ['subnet-b1', 'subnet-b2'];
    await ports.mwaa.createEnvironment(region, spec(`env${i}`, { networkConfiguration: { subnetIds: pair, securityGroupIds: [GROUPS[i % 3] as string] } }));
  }
  for (let i = 0; i < 60; i++) {
    const region = random() < 0.5 ? REGION : OTHER_REGION;
    const subnetId = SUBNETS[Math.floor(random() * SUBNETS.length)] as string;
    sim.createNetworkInterface(region, { subnetId, securityGroupIds: someOf(random, GROUPS) });
    if (i % 10 === 0) sim.createVpcEndpoint(region, { subnetIds: [subnetId], securityGroupIds: ['sg-1'], tags: i % 20 === 0 ? { [SERVICE_LINKED_ROLE.managedTagKey]: 'x' } : {} });
  }
  await sim.clock.advance(2 * HOUR);
  return sim;
}

describe('indexed EC2 lists', () => {
  it('answer every filter as a scan of the account would, before and after cleanups', async () => {
    const sim = await populatedWorld();
    const ports = sim.ports();
    const check = async (): Promise<void> => {
      const random = prng(11);
      const all = sim.inventory().networkInterfaces;
      const allIds = all.map((n) => n.networkInterfaceId);
      for (let round = 0; round < 300; round++) {
        const filter: NetworkInterfaceFilter = {};
        if (random() < 0.3) filter.ids = [...someOf(random, allIds), 'eni-gone'];
        if (random() < 0.5) filter.subnetIds = someOf(random, [...SUBNETS, 'subnet-none']);
        if (random() < 0.3) filter.vpcIds = someOf(random, ['vpc-a', 'vpc-b', 'vpc-none']);
        if (random() < 0.5) filter.securityGroupIds = someOf(random, GROUPS);
        for (const region of [REGION, OTHER_REGION]) {
          expect(ids(await ports.network.listNetworkInterfaces(region, filter))).toEqual(scanned(sim, region, filter, all));
        }
      }
      for (const region of [REGION, OTHER_REGION]) {
        const managed = sim.inventory().vpcEndpoints.filter((e) => e.region === region && SERVICE_LINKED_ROLE.managedTagKey in e.tags);
        expect((await ports.network.listManagedVpcEndpoints(region)).map((e) => e.vpcEndpointId)).toEqual(managed.map((e) => e.vpcEndpointId));
      }
    };
    await check();
    for (let i = 0; i < 12; i += 2) await ports.mwaa.deleteEnvironment(i % 3 === 0 ? OTHER_REGION : REGION, `env${i}`);
    await sim.clock.advance(2 * HOUR);
    await check();
  });

  it('follows security group changes made by an update', async () => {
    const sim = simulator();
    const ports = sim.ports();
    await ports.mwaa.createEnvironment(REGION, spec('moved'));
    await sim.clock.advance(2 * HOUR);
    await ports.mwaa.updateEnvironment(REGION, { name: 'moved', networkConfiguration: { securityGroupIds: ['sg-0new'] } });
    await sim.clock.advance(2 * HOUR);
    const subnetIds = spec('moved').networkConfiguration.subnetIds;
    expect(await ports.network.listNetworkInterfaces(REGION, { subnetIds, securityGroupIds: ['sg-0ccc333'] })).toEqual([]);
    const moved = await ports.network.listNetworkInterfaces(REGION, { subnetIds, securityGroupIds: ['sg-0new'] });
    expect(moved.length).toBeGreaterThan(0);
    expect(ids(moved)).toEqual(scanned(sim, REGION, { subnetIds, securityGroupIds: ['sg-0new'] }));
  });
});

describe('IndexedTable', () => {
  type Row = { id: string; group: string };
  const table = (): IndexedTable<Row> => new IndexedTable<Row>((r) => [r.group]);
  const idOf = (r: Row): string => r.id;

  it('keeps groups in the map order, across deletes and a replaced record', () => {
    const t = table();
    for (const [id, group] of [['a', 'x'], ['b', 'y'], ['c', 'x'], ['d', 'y']] as const) t.set(id, { id, group });
    expect(t.grouped(['y', 'x']).map(idOf)).toEqual(['a', 'b', 'c', 'd']);
    t.delete('a');
    t.set('b', { id: 'b', group: 'x' });
    expect([...t.keys()]).toEqual(['b', 'c', 'd']);
    expect(t.grouped(['x']).map(idOf)).toEqual(['b', 'c']);
    expect(t.grouped(['y']).map(idOf)).toEqual(['d']);
    expect(t.byIds(['d', 'zz', 'b', 'd']).map(idOf)).toEqual(['b', 'd']);
    // Many groups merge back into the map's order, whatever order the keys come in.
    for (let i = 0; i < 40; i++) t.set(`r${i}`, { id: `r${i}`, group: `g${i % 7}` });
    expect(t.grouped(['g6', 'g0', 'g3', 'g1', 'g5', 'g2', 'g4']).map(idOf)).toEqual(Array.from({ length: 40 }, (_, i) => `r${i}`));
    t.clear();
    expect(t.grouped(['x'])).toEqual([]);
    expect(t.size).toBe(0);
  });
});

describe('EC2 tables by owner', () => {
  it('give each incarnation its own resources in creation order, and nothing for customer-made ones', () => {
    const endpoints = endpointTable();
    const interfaces = interfaceTable();
    const owners = ['inst-a', 'inst-b', null] as const;
    for (let i = 0; i < 9; i++) {
      const owner = owners[i % 3] ?? null;
      const base = { region: REGION, environmentName: owner ?? '', ownerInstanceId: owner, orphaned: false, vpcId: 'vpc-a', securityGroupIds: ['sg-1'], tags: {} };
      const endpoint: EndpointRecord = { ...base, vpcEndpointId: `vpce-${i}`, serviceName: 'svc', state: 'available', subnetIds: ['subnet-a1'], networkInterfaceIds: [] };
      const eni: InterfaceRecord = { ...base, networkInterfaceId: `eni-${i}`, subnetId: 'subnet-a1', status: 'in-use', interfaceType: 'interface', description: '', requesterManaged: false };
      endpoints.set(endpoint.vpcEndpointId, endpoint);
      interfaces.set(eni.networkInterfaceId, eni);
    }
    interfaces.delete('eni-3');
    expect(endpointsOwnedBy(endpoints, 'inst-a').map((e) => e.vpcEndpointId)).toEqual(['vpce-0', 'vpce-3', 'vpce-6']);
    expect(interfacesOwnedBy(interfaces, 'inst-a').map((n) => n.networkInterfaceId)).toEqual(['eni-0', 'eni-6']);
    expect(interfacesOwnedBy(interfaces, 'inst-b').map((n) => n.networkInterfaceId)).toEqual(['eni-1', 'eni-4', 'eni-7']);
    expect(endpointsOwnedBy(endpoints, 'inst-none')).toEqual([]);
  });
});
