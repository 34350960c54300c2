/**
 * One listing of a region for the shared cleanup checks: the interfaces of the networks being
 * waited on and MWAA's managed endpoints, filed by subnet so each environment's check reads
 * only its own subnets' share, whatever the number of environments in the region.
 */
import type { ManagedVpcEndpoint, NetworkConfiguration, NetworkInterface, NetworkPort } from '../adapters/port';
import { addInterfacesById, inNetwork, interfacesOfNetworks, MAX_FILTER_VALUES } from './interfaceBatch';
import type { SubnetVpcs } from './subnetVpcs';
import type { Leftover } from './results';

/** What a region listing found, filed by subnet. */
export interface RegionListing {
  endpoints: ManagedVpcEndpoint[];
  interfaces: ReadonlyMap<string, NetworkInterface>;
  endpointsBySubnet: ReadonlyMap<string, ManagedVpcEndpoint[]>;
  interfacesBySubnet: ReadonlyMap<string, NetworkInterface[]>;
  /** Position of each endpoint and interface in the listing, so a check answers in the listing's order. */
  rank: ReadonlyMap<ManagedVpcEndpoint | NetworkInterface, number>;
}

/**
 * The most endpoint calls one listing makes by VPC (each names up to {@link MAX_FILTER_VALUES}).
 * With more VPCs being waited on, the listing reads the whole region instead, in as many calls as
 * EC2's pages of 1,000 endpoints take.
 */
export const MAX_ENDPOINT_CALLS = 5;

function fileBy<T>(items: Iterable<T>, keysOf: (item: T) => readonly string[]): Map<string, T[]> {
  const filed = new Map<string, T[]>();
  for (const item of items) {
    const keys = keysOf(item);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      // A key listed twice files the item once (items have a handful of keys: no set needed).
      if (keys.indexOf(key) !== i) continue;
      const list = filed.get(key);
      if (list) list.push(item);
      else filed.set(key, [item]);
    }
  }
  return filed;
}

/**
 * Lists the interfaces of `networks`, then the region's managed endpoints, then the interfaces of
 * those endpoints in the networks' subnets that the first calls did not return. The endpoint call
 * asks only for the VPCs of the networks' subnets once `subnets` knows all of them (the interfaces
 * just listed teach the subnets of networks new to the checks); everything listed is learnt from.
 */
export async function listRegion(
  port: NetworkPort,
  region: string,
  networks: readonly NetworkConfiguration[],
  signal: AbortSignal,
  subnets: SubnetVpcs,
): Promise<RegionListing> {
  const inNetworks = await interfacesOfNetworks(port, region, networks, signal);
  subnets.learn([], inNetworks.values());
  const vpcIds = subnets.vpcsOf(networks, MAX_FILTER_VALUES * MAX_ENDPOINT_CALLS);
  let endpoints: ManagedVpcEndpoint[];
  if (vpcIds === null) endpoints = await port.listManagedVpcEndpoints(region, signal);
  else {
    // No VPC to look in (no network has a subnet) means no endpoint can sit in a watched subnet.
    endpoints = [];
    for (let i = 0; i < vpcIds.length; i += MAX_FILTER_VALUES) {
      endpoints.push(...(await port.listManagedVpcEndpoints(region, signal, { vpcIds: vpcIds.slice(i, i + MAX_FILTER_VALUES) })));
    }
  }
  const watchedSubnets = new Set(networks.flatMap((n) => n.subnetIds));
  const relevant = endpoints.filter((e) => e.subnetIds.some((s) => watchedSubnets.has(s)));
  const known = inNetworks.size;
  const interfaces = await addInterfacesById(port, region, inNetworks, relevant.flatMap((e) => e.networkInterfaceIds), signal);
  subnets.learn(endpoints, [...interfaces.values()].slice(known));
  const rank = new Map<ManagedVpcEndpoint | NetworkInterface, number>();
  for (const e of endpoints) rank.set(e, rank.size);
  for (const n of interfaces.values()) rank.set(n, rank.size);
  return {
    endpoints,
    interfaces,
    endpointsBySubnet: fileBy(endpoints, (e) => e.subnetIds),
    interfacesBySubnet: fileBy(interfaces.values(), (n) => [n.subnetId]),
    rank,
  };
}

/** Items filed under any of `keys`, each once, in the order of `order`. */
function gather<T>(filed: ReadonlyMap<string, T[]>, keys: readonly string[], order: (item: T) => number): T[] {
  const found = new Set<T>();
  for (const key of keys) for (const item of filed.get(key) ?? []) found.add(item);
  return [...found].sort((a, b) => order(a) - order(b));
}

/**
 * What one network's check finds in a listing: its subnets' managed endpoints, their interfaces,
 * and the interfaces in its subnets and security groups; the same as a check of its own at the
 * listing's time.
 */
export function leftoversIn(region: string, net: NetworkConfiguration, listing: RegionListing): Leftover[] {
  const rank = (item: ManagedVpcEndpoint | NetworkInterface): number => listing.rank.get(item) ?? 0;
  const endpoints = gather(listing.endpointsBySubnet, net.subnetIds, rank);
  const byId = [...new Set(endpoints.flatMap((e) => e.networkInterfaceIds).flatMap((id) => listing.interfaces.get(id) ?? []))].sort((a, b) => rank(a) - rank(b));
  const taken = new Set(byId);
  const inNet = net.securityGroupIds.length === 0 ? [] : gather(listing.interfacesBySubnet, net.subnetIds, rank).filter((n) => !taken.has(n) && inNetwork(n, net));
  return [
    ...endpoints.map((e): Leftover => ({ region, kind: 'vpcEndpoint', id: e.vpcEndpointId, status: e.state })),
    ...[...byId, ...inNet].map((n): Leftover => ({ region, kind: 'networkInterface', id: n.networkInterfaceId, status: n.status })),
  ];
}
