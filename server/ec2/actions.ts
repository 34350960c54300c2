/**
 * EC2 on its ec2Query wire protocol, as far as MWAA's leftovers go: DescribeRegions,
 * DescribeVpcEndpoints and DescribeNetworkInterfaces, with their id lists, filters (wildcards
 * included), `DryRun` and `MaxResults`/`NextToken` paging. Every call goes through the simulated
 * account's network port first, so faults, rate limits, region checks and the call log apply.
 */
import type { AccountRegion, ManagedVpcEndpoint, NetworkInterface, NetworkInterfaceFilter } from '../../adapters/port';
import { pageOf, pageOffset } from '../paging';
import type { ServiceHandler, ServiceTarget } from '../service';
import { FrontError, wireFormOf, type WireResponse } from '../wire';
import type { XmlNode } from '../xml';
import { checkFilterNames, filtersOf, indexedValues, matchesAll, type Ec2Filter, type FilterFields } from './filters';
import {
  ec2ErrorResponse,
  ec2Success,
  endpointFields,
  endpointToXml,
  interfaceFields,
  interfaceToXml,
  regionFields,
  regionToXml,
} from './shapes';

type Ec2Action = (params: URLSearchParams, target: ServiceTarget) => Promise<XmlNode>;

const invalid = (message: string): FrontError => new FrontError('InvalidParameterValue', 400, message);

/** Refuses filter names the operation does not know, judged on a blank resource's fields. */
function checkedFilters(params: URLSearchParams, blank: FilterFields): Ec2Filter[] {
  const filters = filtersOf(params);
  checkFilterNames(filters, (name) => blank(name) !== null);
  return filters;
}

/** `MaxResults` within `[min, max]` (values above `cap` are cut to it when `cap` is set), or `undefined`. */
function maxResults(params: URLSearchParams, bounds: { min: number; max: number; cap?: boolean }): number | undefined {
  const raw = params.get('MaxResults');
  if (raw === null) return undefined;
  const n = Number(raw);
  if (Number.isInteger(n) && bounds.cap === true && n > bounds.max) return bounds.max;
  if (!Number.isInteger(n) || n < bounds.min || n > bounds.max) {
    throw invalid(`Value ( ${raw} ) for parameter maxResults is invalid. Parameter must be between ${bounds.min} and ${bounds.max}.`);
  }
  return n;
}

/** The page of `items` a request asks for, as `{ [setName]: items, nextToken }`. */
function paged<T>(listing: string, params: URLSearchParams, items: readonly T[], size: number | undefined, setName: string, toXml: (item: T) => XmlNode): XmlNode {
  const token = params.get('NextToken');
  const offset = token === null || token === '' ? 0 : pageOffset(listing, token);
  if (offset === null) throw new FrontError('InvalidPaginationToken', 400, `Invalid pagination token: ${token ?? ''}`);
  const page = pageOf(listing, items, offset, size ?? Math.max(1, items.length - offset));
  return { [setName]: { item: page.items.map(toXml) }, nextToken: page.nextToken };
}

const BLANK_REGION: AccountRegion = { region: '', optInStatus: '', enabled: true };
const BLANK_ENDPOINT: ManagedVpcEndpoint = { vpcEndpointId: '', vpcId: '', serviceName: '', state: '', subnetIds: [], securityGroupIds: [], networkInterfaceIds: [], tags: {} };
const BLANK_INTERFACE: NetworkInterface = {
  networkInterfaceId: '',
  vpcId: '',
  subnetId: '',
  securityGroupIds: [],
  status: '',
  interfaceType: '',
  description: '',
  requesterManaged: false,
  tags: {},
};

/** The part of the filters the port can apply itself: the four it knows, without wildcards. */
function portFilter(filters: readonly Ec2Filter[]): NetworkInterfaceFilter {
  const plain = (name: string): string[] | undefined => {
    const f = filters.find((x) => x.name === name && x.values.every((v) => !/[*?\\]/.test(v)));
    return f?.values;
  };
  const out: NetworkInterfaceFilter = {};
  const ids = plain('network-interface-id');
  const vpcIds = plain('vpc-id');
  const subnetIds = plain('subnet-id');
  const securityGroupIds = plain('group-id');
  if (ids !== undefined) out.ids = ids;
  if (vpcIds !== undefined) out.vpcIds = vpcIds;
  if (subnetIds !== undefined) out.subnetIds = subnetIds;
  if (securityGroupIds !== undefined) out.securityGroupIds = securityGroupIds;
  return out;
}

const ACTIONS: Readonly<Record<string, Ec2Action>> = {
  async DescribeRegions(params, { ports }) {
    const filters = checkedFilters(params, regionFields(BLANK_REGION));
    const names = indexedValues(params, 'RegionName');
    const all = await ports.network.listRegions();
    const unknown = names.filter((n) => !all.some((r) => r.region === n));
    if (unknown.length > 0) throw invalid(`Invalid region: ${unknown.join(', ')}`);
    const allRegions = params.get('AllRegions') === 'true';
    const regions = all.filter(
      (r) => (names.length > 0 ? names.includes(r.region) : allRegions || r.enabled) && matchesAll(regionFields(r), filters),
    );
    return { regionInfo: { item: regions.map(regionToXml) } };
  },

  async DescribeVpcEndpoints(params, { sim, ports, region }) {
    const filters = checkedFilters(params, endpointFields(BLANK_ENDPOINT));
    const size = maxResults(params, { min: 1, max: 1000, cap: true });
    const ids = indexedValues(params, 'VpcEndpointId');
    // The port call brings the simulated EC2's faults and checks; the listing holds every live endpoint of the region.
    await ports.network.listManagedVpcEndpoints(region);
    const live = sim.inventory().vpcEndpoints.filter((e) => e.region === region && e.state !== 'deleted');
    const missing = ids.filter((id) => !live.some((e) => e.vpcEndpointId === id));
    if (missing.length > 0) throw new FrontError('InvalidVpcEndpointId.NotFound', 400, `The Vpc Endpoint Id '${missing.join(', ')}' does not exist`);
    const chosen = live.filter((e) => (ids.length === 0 || ids.includes(e.vpcEndpointId)) && matchesAll(endpointFields(e), filters));
    return paged('vpc-endpoints', params, chosen, size, 'vpcEndpointSet', (e) => endpointToXml(e, sim.accountId));
  },

  async DescribeNetworkInterfaces(params, { sim, ports, region }) {
    const filters = checkedFilters(params, interfaceFields(BLANK_INTERFACE));
    const ids = indexedValues(params, 'NetworkInterfaceId');
    if (ids.length > 0 && params.has('MaxResults')) {
      throw new FrontError('InvalidParameterCombination', 400, 'The parameter NetworkInterfaceIds cannot be used with the parameter MaxResults');
    }
    const size = maxResults(params, { min: 5, max: 1000 });
    const found = await ports.network.listNetworkInterfaces(region, ids.length > 0 ? { ids } : portFilter(filters));
    const missing = ids.filter((id) => !found.some((n) => n.networkInterfaceId === id));
    if (missing.length > 0) throw new FrontError('InvalidNetworkInterfaceID.NotFound', 400, `The networkInterface ID '${missing.join(', ')}' does not exist`);
    const chosen = found.filter((n) => matchesAll(interfaceFields(n), filters));
    return paged('network-interfaces', params, chosen, size, 'networkInterfaceSet', (n) => interfaceToXml(n, sim.accountId));
  },
};

async function answer(params: URLSearchParams, target: ServiceTarget): Promise<WireResponse> {
  const action = params.get('Action');
  if (action === null) throw new FrontError('MissingAction', 400, 'The request must contain the parameter Action');
  if (params.get('Version') === null) throw new FrontError('MissingParameter', 400, 'The request must contain the parameter Version');
  const run = Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
  if (run === undefined) throw new FrontError('InvalidAction', 400, `The action ${action} is not valid for this web service.`);
  if (params.get('DryRun') === 'true') throw new FrontError('DryRunOperation', 412, 'Request would have succeeded, but DryRun flag is set.');
  return ec2Success(action, await run(params, target));
}

/** Serves one EC2 request (form POST, or GET with the parameters in the query). */
export const serveEc2: ServiceHandler = async (request, target) => {
  try {
    return await answer(request.method === 'POST' ? new URLSearchParams(request.body) : request.query, target);
  } catch (e) {
    if (e instanceof FrontError) return ec2ErrorResponse(e.code, e.status, e.message);
    const wire = wireFormOf(e, { name: 'InternalError', status: 500 });
    return ec2ErrorResponse(wire.name, wire.status, wire.message);
  }
};
