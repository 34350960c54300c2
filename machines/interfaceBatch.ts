/**
 * Looking for MWAA's network interfaces in many networks at once. An interface belongs to a
 * network when it sits in one of its subnets AND carries one of its security groups; EC2 can
 * filter on subnets and groups, so the interfaces of many networks come from one call on the
 * union of their subnets and groups, sorted out here. An interface in one network's subnet with
 * another's group comes back too and is simply not counted. Interfaces asked for by id (a
 * managed endpoint's) are fetched by id only when the network calls did not already return them.
 */
import type { NetworkConfiguration, NetworkInterface, NetworkPort } from '../adapters/port';

/** The most values one EC2 filter of ours carries; more networks take more calls. */
export const MAX_FILTER_VALUES = 200;

/** Whether `eni` sits in one of the network's subnets and carries one of its security groups. */
export function inNetwork(eni: NetworkInterface, net: NetworkConfiguration): boolean {
  return net.subnetIds.includes(eni.subnetId) && eni.securityGroupIds.some((g) => net.securityGroupIds.includes(g));
}

/** Networks that can hold an interface: at least one subnet and one security group. */
const usable = (net: NetworkConfiguration): boolean => net.subnetIds.length > 0 && net.securityGroupIds.length > 0;

/** Splits networks into groups whose unions of subnets and of groups each stay within {@link MAX_FILTER_VALUES}. */
export function groupNetworks(networks: readonly NetworkConfiguration[]): Array<{ subnetIds: string[]; securityGroupIds: string[] }> {
  const groups: Array<{ subnets: Set<string>; sgs: Set<string> }> = [];
  for (const net of networks.filter(usable)) {
    const current = groups[groups.length - 1];
    // The size the union would reach: only the new members are counted, so a long group costs no more to grow.
    const grown = (set: Set<string>, add: readonly string[]): number => set.size + new Set(add.filter((v) => !set.has(v))).size;
    if (current && grown(current.subnets, net.subnetIds) <= MAX_FILTER_VALUES && grown(current.sgs, net.securityGroupIds) <= MAX_FILTER_VALUES) {
      for (const s of net.subnetIds) current.subnets.add(s);
      for (const g of net.securityGroupIds) current.sgs.add(g);
    } else {
      // A single network always fits: MWAA allows at most 2 subnets and 5 security groups.
      groups.push({ subnets: new Set(net.subnetIds), sgs: new Set(net.securityGroupIds) });
    }
  }
  return groups.map((g) => ({ subnetIds: [...g.subnets], securityGroupIds: [...g.sgs] }));
}

const chunks = <T>(values: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(values.length / size) }, (_, i) => values.slice(i * size, (i + 1) * size));

/**
 * Every interface in any of `networks`, plus those with the given `ids`, by id (first the network
 * calls' answers in their order, then any fetched by id). One call per group of networks, and a
 * call by id only for ids the network calls did not return.
 */
export async function interfacesInNetworks(
  port: NetworkPort,
  region: string,
  networks: readonly NetworkConfiguration[],
  ids: readonly string[],
  signal?: AbortSignal,
): Promise<Map<string, NetworkInterface>> {
  return addInterfacesById(port, region, await interfacesOfNetworks(port, region, networks, signal), ids, signal);
}

/** Every interface in any of `networks`, by id, in the calls' order: one call per group of networks. */
export async function interfacesOfNetworks(
  port: NetworkPort,
  region: string,
  networks: readonly NetworkConfiguration[],
  signal?: AbortSignal,
): Promise<Map<string, NetworkInterface>> {
  const found = new Map<string, NetworkInterface>();
  for (const group of groupNetworks(networks)) {
    for (const eni of await port.listNetworkInterfaces(region, group, signal)) found.set(eni.networkInterfaceId, eni);
  }
  return found;
}

/** Adds to `found` (and returns it) the interfaces with the given `ids` it lacks, fetched by id. */
export async function addInterfacesById(
  port: NetworkPort,
  region: string,
  found: Map<string, NetworkInterface>,
  ids: readonly string[],
  signal?: AbortSignal,
): Promise<Map<string, NetworkInterface>> {
  const missing = [...new Set(ids)].filter((id) => !found.has(id));
  for (const part of chunks(missing, MAX_FILTER_VALUES)) {
    for (const eni of await port.listNetworkInterfaces(region, { ids: part }, signal)) found.set(eni.networkInterfaceId, eni);
  }
  return found;
}

/** From a pool of interfaces: those with one of `ids`, then those in any of `networks`, each once, in the pool's order. */
export function pick(pool: ReadonlyMap<string, NetworkInterface>, ids: readonly string[], networks: readonly NetworkConfiguration[]): NetworkInterface[] {
  const wanted = new Set(ids);
  // The groups of every network using a subnet, so each interface is checked against its subnet's networks only.
  const groupsBySubnet = new Map<string, Set<string>>();
  for (const net of networks.filter(usable)) {
    for (const subnet of net.subnetIds) {
      const groups = groupsBySubnet.get(subnet) ?? new Set<string>();
      for (const g of net.securityGroupIds) groups.add(g);
      groupsBySubnet.set(subnet, groups);
    }
  }
  const byId: NetworkInterface[] = [];
  const byNetwork: NetworkInterface[] = [];
  for (const eni of pool.values()) {
    if (wanted.has(eni.networkInterfaceId)) byId.push(eni);
    else if (eni.securityGroupIds.some((g) => groupsBySubnet.get(eni.subnetId)?.has(g) === true)) byNetwork.push(eni);
  }
  return [...byId, ...byNetwork];
}
