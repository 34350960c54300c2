/**
 * The network port on @aws-sdk/client-ec2: the account's regions, the VPC endpoints MWAA manages
 * (tag key `AmazonMWAAManaged`) and network interfaces by VPC, subnet and security group, all pages.
 */
import {
  DescribeNetworkInterfacesCommand,
  DescribeRegionsCommand,
  DescribeVpcEndpointsCommand,
  type Filter,
  type NetworkInterface as SdkNetworkInterface,
  type Region,
  type Tag,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { AwsError, AwsErrorCode } from '../errors';
import {
  SERVICE_LINKED_ROLE,
  type AccountRegion,
  type ManagedVpcEndpoint,
  type NetworkInterface,
  type NetworkInterfaceFilter,
  type NetworkPort,
} from '../port';
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
  /** The region whose EC2 endpoint answers DescribeRegions (any region of the partition can). Default `us-east-1`. */
  homeRegion?: string;
}

/** The EC2 opt-in status of a region the account has not enabled. */
export const NOT_OPTED_IN = 'not-opted-in';

/**
 * An SDK region → domain, or `undefined` for an entry without a name. A missing `OptInStatus`
 * reads as `opt-in-not-required`: EC2 leaves it out only where opting in does not exist.
 */
export function accountRegionFromSdk(r: Region): AccountRegion | undefined {
  if (r.RegionName === undefined || r.RegionName === '') return undefined;
  const optInStatus = r.OptInStatus ?? 'opt-in-not-required';
  return { region: r.RegionName, optInStatus, enabled: optInStatus !== NOT_OPTED_IN };
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
  // EC2 takes 5-1000 per page (DescribeVpcEndpoints caps larger values; DescribeNetworkInterfaces refuses them).
  const pageSize = (requested: number | undefined): number => Math.min(Math.max(5, Math.floor(requested ?? 1000)), 1000);
  const endpointsPageSize = pageSize(options.vpcEndpointsPageSize);
  const interfacesPageSize = pageSize(options.networkInterfacesPageSize);
  const homeRegion = options.homeRegion ?? 'us-east-1';
  return {
    async listRegions(signal) {
      // DescribeRegions is not paginated; AllRegions adds the regions the account has not opted in to.
      const out = await callAws('ec2', 'listRegions', signal, (o) =>
        clientFor(homeRegion).send(new DescribeRegionsCommand({ AllRegions: true }), o),
      );
      const regions = (out.Regions ?? []).flatMap((r) => accountRegionFromSdk(r) ?? []);
      // Every partition has regions, and the one that answered is among them: an empty list is not an answer.
      if (regions.length === 0) {
        throw new AwsError({
          code: AwsErrorCode.Unavailable,
          message: 'listRegions: EC2 DescribeRegions returned no regions',
          service: 'ec2',
          operation: 'listRegions',
        });
      }
      return regions;
    },

    async listManagedVpcEndpoints(region, signal, filter) {
      const vpcIds = filter?.vpcIds;
      if (vpcIds !== undefined && vpcIds.length === 0) return [];
      const filters: Filter[] = [{ Name: 'tag-key', Values: [SERVICE_LINKED_ROLE.managedTagKey] }];
      if (vpcIds !== undefined) filters.push({ Name: 'vpc-id', Values: vpcIds });
      const all = await collectPages(
        'ec2',
        'listManagedVpcEndpoints',
        async (token) => {
          const out = await callAws('ec2', 'listManagedVpcEndpoints', signal, (o) =>
            clientFor(region).send(
              new DescribeVpcEndpointsCommand({
                Filters: filters,
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
