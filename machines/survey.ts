/**
 * Finds what still uses the service-linked role: environments in every watched region, VPC
 * endpoints tagged `AmazonMWAAManaged`, and the network interfaces MWAA made for them.
 *
 * MWAA does not tag its network interfaces, and nothing verified says what their
 * `RequesterManaged`, type or description look like. So an interface counts when it is one of a
 * managed endpoint's interfaces, or when it sits in a subnet AND a security group of a network MWAA
 * used (an environment's, or a managed endpoint's), whatever its other attributes. A customer's own
 * interface placed exactly there blocks the role too: that errs on the side of keeping the role.
 */
import { isAwsError, serializeError, type SerializedAwsError } from '../adapters/errors';
import type { AwsPorts, ManagedVpcEndpoint, NetworkConfiguration, NetworkInterface, NetworkPort } from '../adapters/port';
import { KNOWN_MWAA_REGIONS } from '../domain/regions';
import { interfacesInNetworks, pick } from './interfaceBatch';
import type { Leftover } from './results';

/** One thing that keeps the role from being deleted. */
export interface Blocker {
  region: string;
  kind: 'environment' | 'vpcEndpoint' | 'networkInterface';
  /** Environment name or ARN, endpoint id or interface id. */
  id: string;
  status: string;
}

/** The network placement of an environment, remembered so its interfaces can be found after it is gone. */
export interface KnownNetwork extends NetworkConfiguration {
  region: string;
}

/** A region the survey could not read; it counts as not clean. `global` stands for the region listing itself. */
export interface RegionProblem {
  region: string;
  error: SerializedAwsError;
}

/** A region that cannot hold anything of MWAA's, and why. */
export interface SkippedRegion {
  region: string;
  reason: 'notEnabled' | 'noMwaaEndpoint';
}

/** What the survey is asked to look at. */
export interface SurveyInput {
  /** Regions to watch whatever the account's region list says (the plan's, and those IAM named). */
  regions: string[];
  /** Also watch every region the account has enabled where MWAA answers. */
  discoverRegions: boolean;
  /** Networks of environments seen before, whose interfaces may outlive them. */
  knownNetworks: KnownNetwork[];
}

/** What a survey found. */
export interface SurveyResult {
  /** When the survey began: every observation in it is at least this recent. */
  startedAt: number;
  /** Regions read completely; what they hold is in `blockers`. */
  surveyed: string[];
  blockers: Blocker[];
  /** Networks MWAA used (environments and managed endpoints), to remember for later surveys. */
  networks: KnownNetwork[];
  /** Regions that could not be read; the account is not clean while there is one. */
  errors: RegionProblem[];
  skipped: SkippedRegion[];
}

const intersects = (a: readonly string[], b: readonly string[]): boolean => a.some((x) => b.includes(x));

/**
 * The interfaces of managed endpoints and of the networks MWAA used: one EC2 call per group of
 * networks rather than one per network, and a call by id only for endpoint interfaces those missed.
 */
async function interfacesFor(
  network: NetworkPort,
  region: string,
  endpoints: ManagedVpcEndpoint[],
  networks: NetworkConfiguration[],
  signal?: AbortSignal,
): Promise<NetworkInterface[]> {
  const endpointEnis = endpoints.flatMap((e) => e.networkInterfaceIds);
  const pool = await interfacesInNetworks(network, region, networks, endpointEnis, signal);
  return pick(pool, endpointEnis, networks);
}

const interfaceOf = (region: string, eni: NetworkInterface): Leftover => ({
  region,
  kind: 'networkInterface',
  id: eni.networkInterfaceId,
  status: eni.status,
});

/** Endpoints and interfaces MWAA made for one environment that still exist. */
export async function findLeftovers(
  network: NetworkPort,
  region: string,
  net: NetworkConfiguration,
  signal?: AbortSignal,
): Promise<Leftover[]> {
  const endpoints = (await network.listManagedVpcEndpoints(region, signal)).filter((e) => intersects(e.subnetIds, net.subnetIds));
  const enis = await interfacesFor(network, region, endpoints, [net], signal);
  return [
    ...endpoints.map((e): Leftover => ({ region, kind: 'vpcEndpoint', id: e.vpcEndpointId, status: e.state })),
    ...enis.map((eni) => interfaceOf(region, eni)),
  ];
}

/** Runs one port call, retrying it when it fails in a retryable way; supplied by the wiring with the shared clock. */
export type CallRetrier = <T>(call: (signal?: AbortSignal) => Promise<T>) => Promise<T>;

const once: CallRetrier = (call) => call();

/** The survey's view of the ports: every call retried on its own (throttling, 5xx) before the region counts as unreadable. */
function retrying(ports: AwsPorts, retry: CallRetrier): AwsPorts {
  return {
    ...ports,
    mwaa: {
      ...ports.mwaa,
      listEnvironments: (region, s) => retry((t) => ports.mwaa.listEnvironments(region, t ?? s)),
      getEnvironment: (region, name, s) => retry((t) => ports.mwaa.getEnvironment(region, name, t ?? s)),
    },
    network: {
      listRegions: (s) => retry((t) => ports.network.listRegions(t ?? s)),
      listManagedVpcEndpoints: (region, s) => retry((t) => ports.network.listManagedVpcEndpoints(region, t ?? s)),
      listNetworkInterfaces: (region, filter, s) => retry((t) => ports.network.listNetworkInterfaces(region, filter, t ?? s)),
    },
  };
}

type RegionOutcome =
  | { kind: 'surveyed'; region: string; blockers: Blocker[]; networks: KnownNetwork[] }
  | { kind: 'skipped'; region: string; reason: SkippedRegion['reason'] }
  | { kind: 'error'; region: string; error: SerializedAwsError };

async function surveyRegion(ports: AwsPorts, region: string, knownNetworks: readonly KnownNetwork[], signal?: AbortSignal): Promise<RegionOutcome> {
  try {
    const blockers: Blocker[] = [];
    const networks: KnownNetwork[] = knownNetworks.filter((n) => n.region === region);
    let names: string[];
    try {
      names = await ports.mwaa.listEnvironments(region, signal);
    } catch (e) {
      // No MWAA endpoint where none was ever published: nothing of MWAA's can be there. Where one
      // is published, a missing endpoint is a fault to report, not a reason to look away.
      if (isAwsError(e, 'NoEndpoint') && !KNOWN_MWAA_REGIONS.includes(region)) return { kind: 'skipped', region, reason: 'noMwaaEndpoint' };
      throw e;
    }
    for (const name of names) {
      const env = await ports.mwaa.getEnvironment(region, name, signal);
      if (env === null) continue;
      blockers.push({ region, kind: 'environment', id: name, status: env.status });
      if (env.networkConfiguration) networks.push({ region, ...env.networkConfiguration });
    }
    const endpoints = await ports.network.listManagedVpcEndpoints(region, signal);
    for (const e of endpoints) {
      blockers.push({ region, kind: 'vpcEndpoint', id: e.vpcEndpointId, status: e.state });
      // An endpoint MWAA manages sits in its environment's subnets and groups: so do that environment's interfaces.
      networks.push({ region, subnetIds: [...e.subnetIds], securityGroupIds: [...e.securityGroupIds] });
    }
    for (const eni of await interfacesFor(ports.network, region, endpoints, dedupeNetworks(networks), signal)) {
      blockers.push({ region, kind: 'networkInterface', id: eni.networkInterfaceId, status: eni.status });
    }
    return { kind: 'surveyed', region, blockers, networks: dedupeNetworks(networks) };
  } catch (e) {
    if (isAwsError(e, 'Aborted')) throw e;
    return { kind: 'error', region, error: serializeError(e) };
  }
}

/**
 * Surveys the account for anything that still uses the role. The watched regions are the given
 * ones plus, with discovery, every region the account has enabled (EC2's region list), so an
 * environment someone made in a region nobody mentioned is found; regions the account has not
 * enabled, and regions with no MWAA endpoint that AWS never published one for, are skipped and
 * reported. A region that cannot be read is reported with its error and keeps the account from
 * counting as clean.
 */
export async function surveyAccount(
  ports: AwsPorts,
  input: SurveyInput,
  now: () => number,
  signal?: AbortSignal,
  retry: CallRetrier = once,
): Promise<SurveyResult> {
  const startedAt = now();
  const p = retrying(ports, retry);
  const errors: RegionProblem[] = [];
  const skipped: SkippedRegion[] = [];
  const watch = new Set(input.regions);
  try {
    const listed = await p.network.listRegions(signal);
    for (const r of listed) {
      if (r.enabled && input.discoverRegions) watch.add(r.region);
      if (!r.enabled && watch.delete(r.region)) skipped.push({ region: r.region, reason: 'notEnabled' });
    }
  } catch (e) {
    if (isAwsError(e, 'Aborted')) throw e;
    // Without the account's region list the given regions are still read, but a discovering survey is not clean.
    if (input.discoverRegions) errors.push({ region: 'global', error: serializeError(e) });
  }
  const outcomes = await Promise.all([...watch].sort().map((region) => surveyRegion(p, region, input.knownNetworks, signal)));
  const surveyed: string[] = [];
  const blockers: Blocker[] = [];
  const networks: KnownNetwork[] = [];
  for (const o of outcomes) {
    if (o.kind === 'skipped') skipped.push({ region: o.region, reason: o.reason });
    else if (o.kind === 'error') errors.push({ region: o.region, error: o.error });
    else {
      surveyed.push(o.region);
      blockers.push(...o.blockers);
      networks.push(...o.networks);
    }
  }
  return { startedAt, surveyed, blockers, networks: dedupeNetworks(networks), errors, skipped };
}

/** Removes duplicate networks (same region, subnets and security groups). */
export function dedupeNetworks(networks: readonly KnownNetwork[]): KnownNetwork[] {
  const seen = new Map<string, KnownNetwork>();
  for (const n of networks) {
    const key = `${n.region}|${[...n.subnetIds].sort().join(',')}|${[...n.securityGroupIds].sort().join(',')}`;
    if (!seen.has(key)) seen.set(key, n);
  }
  return [...seen.values()];
}
