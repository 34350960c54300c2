/**
 * The region names the simulated world knows: the commercial partition (with its opt-in regions)
 * and the regions whose MWAA endpoint AWS publishes. Data, not a gate: the uncertainty option
 * `regions` decides which of them MWAA serves and which the account has enabled.
 */
import { KNOWN_MWAA_REGIONS } from '../../domain/regions';

/** The opt-in regions of the commercial partition (EC2 lists them as `not-opted-in` until enabled). */
export const OPT_IN_REGIONS: readonly string[] = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
];

/** Every region of the commercial partition. */
export const COMMERCIAL_REGIONS: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  ...OPT_IN_REGIONS,
];

/**
 * Regions whose MWAA endpoint AWS publishes (the product's own list), China included: a world
 * reaches only the regions of its own partition, so a commercial world never serves China's.
 */
export const MWAA_ENDPOINT_REGIONS: readonly string[] = [...KNOWN_MWAA_REGIONS];

/** The regions of the other partitions (China, GovCloud, the isolated ones). */
export const OTHER_PARTITION_REGIONS: Readonly<Record<string, readonly string[]>> = {
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
  'aws-us-gov': ['us-gov-west-1', 'us-gov-east-1'],
  'aws-iso': ['us-iso-east-1', 'us-iso-west-1'],
  'aws-iso-b': ['us-isob-east-1'],
};
