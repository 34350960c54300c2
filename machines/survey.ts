/**
 * Finds what still uses the service-linked role: environments in every watched region, VPC
 * endpoints tagged `AmazonMWAAManaged`, and the network interfaces MWAA made for them.
 *
 * MWAA does not tag its network interfaces, so interfaces are recognised as those of a managed
 * endpoint, or requester-managed interfaces in a known environment's subnets and security groups.
 */
import type { AwsPorts, ManagedVpcEndpoint, NetworkConfiguration, NetworkInterface, NetworkPort } from '../adapters/port';
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

/** What a survey found. */
export interface SurveyResult {
  blockers: Blocker[];
  /** Networks of the environments seen, to remember for later surveys. */
  networks: KnownNetwork[];
}

const intersects = (a: readonly string[], b: readonly string[]): boolean => a.some((x) => b.includes(x));

const interfaceOf = (region: string, eni: NetworkInterface): Leftover => ({
  region,
  kind: 'networkInterface',
  id: eni.networkInterfaceId,
  status: eni.status,
});

async function interfacesFor(
  network: NetworkPort,
  region: string,
  endpoints: ManagedVpcEndpoint[],
  networks: NetworkConfiguration[],
  signal?: AbortSignal,
): Promise<NetworkInterface[]> {
  const found = new Map<string, NetworkInterface>();
  const endpointEnis = endpoints.flatMap((e) => e.networkInterfaceIds);
  if (endpointEnis.length > 0) {
    for (const eni of await network.listNetworkInterfaces(region, { ids: endpointEnis }, signal)) found.set(eni.networkInterfaceId, eni);
  }
  for (const net of networks) {
    const enis = await network.listNetworkInterfaces(region, { subnetIds: net.subnetIds, securityGroupIds: net.securityGroupIds }, signal);
    for (const eni of enis) if (eni.requesterManaged) found.set(eni.networkInterfaceId, eni);
  }
  return [...found.values()];
}

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
export type CallRetrier = <T>(call: () => Promise<T>) => Promise<T>;

const once: CallRetrier = (call) => call();

/**
 * Surveys every region for anything that still uses the role. A survey makes many calls and is
 * only useful whole, so each call is retried on its own (throttling, 5xx) before the survey fails.
 */
export async function surveyAccount(
  ports: AwsPorts,
  regions: readonly string[],
  knownNetworks: readonly KnownNetwork[],
  signal?: AbortSignal,
  retry: CallRetrier = once,
): Promise<SurveyResult> {
  const retrying: AwsPorts = {
    ...ports,
    mwaa: {
      ...ports.mwaa,
      listEnvironments: (region, s) => retry(() => ports.mwaa.listEnvironments(region, s)),
      getEnvironment: (region, name, s) => retry(() => ports.mwaa.getEnvironment(region, name, s)),
    },
    network: {
      listManagedVpcEndpoints: (region, s) => retry(() => ports.network.listManagedVpcEndpoints(region, s)),
      listNetworkInterfaces: (region, filter, s) => retry(() => ports.network.listNetworkInterfaces(region, filter, s)),
    },
  };
  return surveyWith(retrying, regions, knownNetworks, signal);
}

async function surveyWith(
  ports: AwsPorts,
  regions: readonly string[],
  knownNetworks: readonly KnownNetwork[],
  signal?: AbortSignal,
): Promise<SurveyResult> {
  const perRegion = await Promise.all(
    regions.map(async (region) => {
      const blockers: Blocker[] = [];
      const networks: KnownNetwork[] = knownNetworks.filter((n) => n.region === region);
      for (const name of await ports.mwaa.listEnvironments(region, signal)) {
        const env = await ports.mwaa.getEnvironment(region, name, signal);
        if (env === null) continue;
        blockers.push({ region, kind: 'environment', id: name, status: env.status });
        if (env.networkConfiguration) networks.push({ region, ...env.networkConfiguration });
      }
      const endpoints = await ports.network.listManagedVpcEndpoints(region, signal);
      for (const e of endpoints) blockers.push({ region, kind: 'vpcEndpoint', id: e.vpcEndpointId, status: e.state });
      for (const eni of await interfacesFor(ports.network, region, endpoints, networks, signal)) {
        blockers.push({ region, kind: 'networkInterface', id: eni.networkInterfaceId, status: eni.status });
      }
      return { blockers, networks };
    }),
  );
  return { blockers: perRegion.flatMap((r) => r.blockers), networks: dedupeNetworks(perRegion.flatMap((r) => r.networks)) };
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
