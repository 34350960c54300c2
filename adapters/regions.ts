/**
 * Region names: a syntax check applied before any call, and the MWAA regions known when this was
 * written. The list is data, not a gate: MWAA keeps launching in new regions.
 */

/** Regions where MWAA was documented as available; pass your own list where it matters. */
export const KNOWN_MWAA_REGIONS: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-north-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'ap-northeast-2',
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
