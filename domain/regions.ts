/**
 * Region names: a syntax check applied before any call, and the regions where AWS publishes an
 * MWAA endpoint. The list is data, not a gate: MWAA keeps launching in new regions.
 */

/**
 * Regions whose MWAA endpoint AWS publishes (the endpoint table in botocore 1.43, late 2026),
 * China included. Not a gate and not the watch list: the account machine watches every region
 * the account has enabled and asks MWAA itself; this list only says where a missing MWAA
 * endpoint is a fault rather than a sign that MWAA is not there.
 */
export const KNOWN_MWAA_REGIONS: readonly string[] = [
  'af-south-1',
  'ap-east-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'sa-east-1',
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'cn-north-1',
  'cn-northwest-1',
];

const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d{1,2}$/;

/** True when `region` is shaped like an AWS region name (e.g. `eu-west-1`, `us-gov-west-1`). */
export function isRegionName(region: string): boolean {
  return REGION_PATTERN.test(region);
}

/** Throws a clear error when `region` is not shaped like an AWS region name. */
export function assertRegionName(region: string): void {
  if (!isRegionName(region)) {
    throw new RangeError(`"${region}" is not an AWS region name (expected something like "eu-west-1")`);
  }
}
