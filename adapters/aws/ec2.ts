/**
 * The network port on @aws-sdk/client-ec2: the VPC endpoints MWAA manages (tag key
 * `AmazonMWAAManaged`) and network interfaces by VPC, subnet and security group, all pages.
 */
import {
  DescribeNetworkInterfacesCommand,
  DescribeVpcEndpointsCommand,
  type Filter,
  type NetworkInterface as SdkNetworkInterface,
  type Tag,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { SERVICE_LINKED_ROLE, type ManagedVpcEndpoint, type NetworkInterface, type NetworkInterfaceFilter, type NetworkPort } from '../port';
import type { Ec2ClientLike } from './clients';
import { callAws } from './errors';
import { collectPages } from './paginate';

/** Endpoint states that mean "already gone" (compared in lower case). */
export const GONE_ENDPOINT_STATES: ReadonlySet<string> = new Set(['deleted', 'deleting']);

/** Options of {@link createNetworkPort}. */
export interface NetworkPortOptions {
  /** DescribeVpcEndpoints page size (EC2 caps it at 1000). Default 1000. */
  vpcEndpointsPageSize?: number;
  /** DescribeNetworkInterfaces page size, 5-1000. Default 1000. */
  networkInterfacesPageSize?: number;
}

/** EC2 tag list → record. */
export function tagsToRecord(tags: readonly Tag[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key !== undefined) out[tag.Key] = tag.Value ?? '';
  return out;
}

/** An SDK VPC endpoint → domain (state in lower case, as on the wire). */
export function vpcEndpointFromSdk(e: VpcEndpoint): ManagedVpcEndpoint {
  return {
    vpcEndpointId: e.VpcEndpointId ?? '',
    vpcId: e.VpcId ?? '',
    serviceName: e.ServiceName ?? '',
    state: (e.State ?? '').toLowerCase(),
    subnetIds: e.SubnetIds ?? [],
    securityGroupIds: (e.Groups ?? []).flatMap((g) => (g.GroupId === undefined ? [] : [g.GroupId])),
    networkInterfaceIds: e.NetworkInterfaceIds ?? [],
    tags: tagsToRecord(e.Tags),
  };
}

/** An SDK network interface → domain (EC2 calls its tags `TagSet` here). */
export function networkInterfaceFromSdk(n: SdkNetworkInterface): NetworkInterface {
  return {
    networkInterfaceId: n.NetworkInterfaceId ?? '',
    vpcId: n.VpcId ?? '',
    subnetId: n.SubnetId ?? '',
    securityGroupIds: (n.Groups ?? []).flatMap((g) => (g.GroupId === undefined ? [] : [g.GroupId])),
    status: (n.Status ?? '').toLowerCase(),
    interfaceType: n.InterfaceType ?? '',
    description: n.Description ?? '',
    requesterManaged: n.RequesterManaged ?? false,
    tags: tagsToRecord(n.TagSet),
  };
}

/**
 * The EC2 filters for a port filter: ids → `network-interface-id`, VPCs → `vpc-id`, subnets →
 * `subnet-id`, security groups → `group-id` (AND across filters, OR within one). Ids go in a
 * filter, not in `NetworkInterfaceIds`, because with that parameter EC2 fails the whole call with
 * InvalidNetworkInterfaceID.NotFound as soon as one interface is gone: exactly what a leftover
 * check meets. `null` when a given list is empty, because then nothing can match.
 */
export function networkInterfaceFilters(filter: NetworkInterfaceFilter): Filter[] | null {
  const lists = [filter.ids, filter.vpcIds, filter.subnetIds, filter.securityGroupIds];
  if (lists.some((l) => l !== undefined && l.length === 0)) return null;
  const filters: Filter[] = [];
  if (filter.ids !== undefined) filters.push({ Name: 'network-interface-id', Values: filter.ids });
  if (filter.vpcIds !== undefined) filters.push({ Name: 'vpc-id', Values: filter.vpcIds });
  if (filter.subnetIds !== undefined) filters.push({ Name: 'subnet-id', Values: filter.subnetIds });
  if (filter.securityGroupIds !== undefined) filters.push({ Name: 'group-id', Values: filter.securityGroupIds });
  return filters;
}

/** Builds the network port over a per-region EC2 client source. */
export function createNetworkPort(clientFor: (region: string) => Ec2ClientLike, options: NetworkPortOptions = {}): NetworkPort {
  const endpointsPageSize = options.vpcEndpointsPageSize ?? 1000;
  const interfacesPageSize = options.networkInterfacesPageSize ?? 1000;
  return {
    async listManagedVpcEndpoints(region, signal) {
      const all = await collectPages(
        'ec2',
        'listManagedVpcEndpoints',
        async (token) => {
          const out = await callAws('ec2', 'listManagedVpcEndpoints', signal, (o) =>
            clientFor(region).send(
              new DescribeVpcEndpointsCommand({
                Filters: [{ Name: 'tag-key', Values: [SERVICE_LINKED_ROLE.managedTagKey] }],
                MaxResults: endpointsPageSize,
                ...(token === undefined ? {} : { NextToken: token }),
              }),
              o,
            ),
          );
          return { items: out.VpcEndpoints ?? [], nextToken: out.NextToken };
        },
        signal,
      );
      return all.map(vpcEndpointFromSdk).filter((e) => !GONE_ENDPOINT_STATES.has(e.state));
    },

    async listNetworkInterfaces(region, filter, signal) {
      const filters = networkInterfaceFilters(filter);
      if (filters === null) return [];
      const all = await collectPages(
        'ec2',
        'listNetworkInterfaces',
        async (token) => {
          const out = await callAws('ec2', 'listNetworkInterfaces', signal, (o) =>
            clientFor(region).send(
              new DescribeNetworkInterfacesCommand({
                ...(filters.length === 0 ? {} : { Filters: filters }),
                MaxResults: interfacesPageSize,
                ...(token === undefined ? {} : { NextToken: token }),
              }),
              o,
            ),
          );
          return { items: out.NetworkInterfaces ?? [], nextToken: out.NextToken };
        },
        signal,
      );
      return all.map(networkInterfaceFromSdk);
    },
  };
}
