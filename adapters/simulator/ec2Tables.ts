/**
 * The simulated EC2's endpoint and interface tables, indexed the way its list calls filter: both
 * by region and by VPC, interfaces also by subnet. A list then reads only the resources of its
 * region (or of the subnets, VPCs or ids it names) and checks each against the full filter, so it
 * answers exactly what a scan of the account would, in the same order, at a cost that follows
 * the size of the answer rather than the size of the account.
 */
import { SERVICE_LINKED_ROLE, type NetworkInterfaceFilter } from '../port';
import { IndexedTable } from './indexedTable';
import type { EndpointRecord, InterfaceRecord } from './world';

const inRegion = (region: string): string => `region\u0000${region}`;
const inSubnet = (region: string, subnetId: string): string => `subnet\u0000${region}\u0000${subnetId}`;
const inVpc = (region: string, vpcId: string): string => `vpc\u0000${region}\u0000${vpcId}`;
const ownedBy = (instanceId: string | null): string[] => (instanceId === null ? [] : [`owner\u0000${instanceId}`]);

/** An account's VPC endpoints by id, grouped by region, VPC and owning environment incarnation (none of which ever changes). */
export type EndpointTable = IndexedTable<EndpointRecord>;
/** An account's network interfaces by id, grouped by region, subnet, VPC and owning incarnation (none of which ever changes). */
export type InterfaceTable = IndexedTable<InterfaceRecord>;

/** An empty endpoint table. */
export function endpointTable(): EndpointTable {
  return new IndexedTable<EndpointRecord>((e) => [inRegion(e.region), inVpc(e.region, e.vpcId), ...ownedBy(e.ownerInstanceId)]);
}

/** An empty interface table. */
export function interfaceTable(): InterfaceTable {
  return new IndexedTable<InterfaceRecord>((n) => [inRegion(n.region), inSubnet(n.region, n.subnetId), inVpc(n.region, n.vpcId), ...ownedBy(n.ownerInstanceId)]);
}

/** The endpoints MWAA made for one environment incarnation, in creation order. */
export function endpointsOwnedBy(table: EndpointTable, instanceId: string): EndpointRecord[] {
  return table.grouped(ownedBy(instanceId));
}

/** The interfaces MWAA made for one environment incarnation (its endpoints' included), in creation order. */
export function interfacesOwnedBy(table: InterfaceTable, instanceId: string): InterfaceRecord[] {
  return table.grouped(ownedBy(instanceId));
}

/**
 * The region's endpoints carrying MWAA's tag key, deleted ones left out, in creation order; with
 * `vpcIds`, only those in one of these VPCs (read from the VPC index, not the whole region).
 */
export function managedEndpointsIn(table: EndpointTable, region: string, vpcIds?: readonly string[]): EndpointRecord[] {
  const candidates = vpcIds === undefined ? table.group(inRegion(region)) : table.grouped([...new Set(vpcIds)].map((v) => inVpc(region, v)));
  const managed: EndpointRecord[] = [];
  for (const e of candidates) if (e.state !== 'deleted' && SERVICE_LINKED_ROLE.managedTagKey in e.tags) managed.push(e);
  return managed;
}

/**
 * The region's interfaces matching `filter` (separate filters ANDed, values within one ORed), in
 * creation order. The narrowest index the filter names picks the candidates (ids, then subnets,
 * then VPCs, else the whole region); a filter naming only security groups reads the region.
 */
export function interfacesMatching(table: InterfaceTable, region: string, filter: NetworkInterfaceFilter): InterfaceRecord[] {
  const ids = setOf(filter.ids);
  const vpcs = setOf(filter.vpcIds);
  const subnets = setOf(filter.subnetIds);
  const groups = setOf(filter.securityGroupIds);
  let candidates: InterfaceRecord[];
  if (ids) candidates = table.byIds([...ids]);
  else if (subnets) candidates = table.grouped([...subnets].map((s) => inSubnet(region, s)));
  else if (vpcs) candidates = table.grouped([...vpcs].map((v) => inVpc(region, v)));
  else candidates = table.grouped([inRegion(region)]);
  return candidates.filter(
    (n) =>
      n.region === region &&
      (!ids || ids.has(n.networkInterfaceId)) &&
      (!vpcs || vpcs.has(n.vpcId)) &&
      (!subnets || subnets.has(n.subnetId)) &&
      (!groups || n.securityGroupIds.some((g) => groups.has(g))),
  );
}

/** A filter's values as a set; `undefined` when the filter is absent (an empty list matches nothing). */
const setOf = (values: readonly string[] | undefined): ReadonlySet<string> | undefined => (values === undefined ? undefined : new Set(values));
