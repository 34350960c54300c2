/**
 * Which regions the simulated account can reach, from the `regions` uncertainty: EC2's
 * DescribeRegions view of the partition, and the failure a call meets before it reaches a service
 * at all (no MWAA endpoint in the region, an unknown region, an opt-in region the account has not
 * enabled).
 */
import { EC2_AUTH_FAILURE_MESSAGE, INVALID_SECURITY_TOKEN_MESSAGE } from '../../domain/awsMessages';
import { AwsError, AwsErrorCode } from '../errors';
import type { AccountRegion } from '../port';
import { methodOf, serviceOf, wireError } from './faults';
import { COMMERCIAL_REGIONS, OPT_IN_REGIONS, OTHER_PARTITION_REGIONS } from './regionCatalog';
import { partitionFacts, partitionOfRegion } from '../../domain/partitions';
import type { PortOperation } from './types';
import type { World } from './world';

const OPT_IN: ReadonlySet<string> = new Set(OPT_IN_REGIONS);

/** The host a service's calls in `region` go to (China has its own DNS suffix). */
function hostOf(operation: PortOperation, region: string): string {
  const suffix = partitionFacts(partitionOfRegion(region)).dnsSuffix;
  return serviceOf(operation) === 'mwaa' ? `api.airflow.${region}.${suffix}` : `ec2.${region}.${suffix}`;
}

/** The error of a call whose host name does not resolve: Node's ENOTFOUND, coded `NoEndpoint`, not retryable. */
export function noEndpointError(operation: PortOperation, region: string): AwsError {
  const hostname = hostOf(operation, region);
  const message = `getaddrinfo ENOTFOUND ${hostname}`;
  const cause = Object.assign(new Error(message), { code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname });
  return new AwsError({
    code: AwsErrorCode.NoEndpoint,
    message,
    service: serviceOf(operation),
    operation: methodOf(operation),
    retryable: false,
    cause,
  });
}

/** The regions of the simulated world and whether a call can reach them. */
export class RegionGate {
  private knownRegions: string[] | undefined;

  constructor(private readonly world: World) {}

  /**
   * EC2 DescribeRegions with `AllRegions`: every region of the world's partition, then any other
   * region of that partition the uncertainty names as an MWAA region (a newer region), which needs no opt-in.
   */
  list(): AccountRegion[] {
    return this.known().map((region) => {
      const enabled = !this.disabled(region);
      const optInStatus = !OPT_IN.has(region) ? 'opt-in-not-required' : enabled ? 'opted-in' : 'not-opted-in';
      return { region, optInStatus, enabled };
    });
  }

  /** True when MWAA has an endpoint in `region` now (a later launch counts from the world's start). */
  mwaaServes(region: string): boolean {
    const { mwaaRegions, launchedLater } = this.world.uncertainty.regions;
    const later = launchedLater.find((l) => l.region === region);
    if (later) return this.world.now() >= this.world.startedAt + later.afterMs;
    return mwaaRegions.includes(region);
  }

  /**
   * The error a regional call fails with before it reaches the service, or `null` when it gets
   * through: DNS first (MWAA where it does not run, EC2 in an unknown region), then a region of
   * another partition or a disabled opt-in region, both of which refuse the credentials. IAM is
   * global and always gets through.
   */
  refusal(operation: PortOperation, region: string): AwsError | null {
    const service = serviceOf(operation);
    if (service === 'iam') return null;
    const foreign = partitionOfRegion(region) !== this.world.partition;
    const resolves = service === 'mwaa' ? this.mwaaServes(region) : foreign ? this.partitionRegions(partitionOfRegion(region)).includes(region) : this.known().includes(region);
    if (!resolves) return noEndpointError(operation, region);
    if (!foreign && !this.disabled(region)) return null;
    return service === 'mwaa'
      ? wireError(operation, 'UnrecognizedClientException', INVALID_SECURITY_TOKEN_MESSAGE, 403)
      : wireError(operation, 'AuthFailure', EC2_AUTH_FAILURE_MESSAGE, 401);
  }

  /** An opt-in region the account has not enabled. */
  private disabled(region: string): boolean {
    return OPT_IN.has(region) && !this.world.uncertainty.regions.enabledOptInRegions.includes(region);
  }

  /** Every region name of the world's partition, the catalogued ones first (fixed for the world's life, so worked out once). */
  private known(): string[] {
    this.knownRegions ??= this.listKnown();
    return this.knownRegions;
  }

  private listKnown(): string[] {
    const { mwaaRegions, launchedLater } = this.world.uncertainty.regions;
    const partition = this.world.partition;
    const catalogued = this.partitionRegions(partition);
    const extra = [...mwaaRegions, ...launchedLater.map((l) => l.region)].filter((r) => partitionOfRegion(r) === partition && !catalogued.includes(r));
    return [...new Set([...catalogued, ...extra])];
  }

  /** The catalogued regions of a partition. */
  private partitionRegions(partition: string): readonly string[] {
    return partition === 'aws' ? COMMERCIAL_REGIONS : (OTHER_PARTITION_REGIONS[partition] ?? []);
  }
}
