/**
 * AWS partitions: which partition a region belongs to, the ARN prefix and DNS suffix there, and
 * IAM's home region (IAM is global within a partition, so its calls are signed for that region).
 * A role, bucket or key from one partition can never serve an environment in another.
 */

/** The partitions this product knows, by name. */
export const PARTITION_NAMES = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b'] as const;
/** A partition this product knows. */
export type PartitionName = (typeof PARTITION_NAMES)[number];

/** What differs between partitions. */
export interface PartitionFacts {
  name: PartitionName;
  /** Region names of this partition match this. */
  regionPattern: RegExp;
  /** The region IAM's global endpoint signs for. */
  iamHomeRegion: string;
  /** The DNS suffix of service hosts. */
  dnsSuffix: string;
}

/** Every known partition, most specific region pattern first. */
export const PARTITIONS: readonly PartitionFacts[] = [
  { name: 'aws-cn', regionPattern: /^cn-[a-z]+-\d+$/, iamHomeRegion: 'cn-north-1', dnsSuffix: 'amazonaws.com.cn' },
  { name: 'aws-us-gov', regionPattern: /^us-gov-[a-z]+-\d+$/, iamHomeRegion: 'us-gov-west-1', dnsSuffix: 'amazonaws.com' },
  { name: 'aws-iso-b', regionPattern: /^us-isob-[a-z]+-\d+$/, iamHomeRegion: 'us-isob-east-1', dnsSuffix: 'sc2s.sgov.gov' },
  { name: 'aws-iso', regionPattern: /^us-iso-[a-z]+-\d+$/, iamHomeRegion: 'us-iso-east-1', dnsSuffix: 'c2s.ic.gov' },
  { name: 'aws', regionPattern: /^[a-z]{2}-[a-z]+-\d+$/, iamHomeRegion: 'us-east-1', dnsSuffix: 'amazonaws.com' },
];

const BY_NAME: ReadonlyMap<string, PartitionFacts> = new Map(PARTITIONS.map((p) => [p.name, p]));

/** True when `name` is a partition this product knows. */
export function isPartitionName(name: unknown): name is PartitionName {
  return typeof name === 'string' && BY_NAME.has(name);
}

/** The facts of a partition; throws a RangeError naming the known ones for anything else. */
export function partitionFacts(name: string): PartitionFacts {
  const facts = BY_NAME.get(name);
  if (facts === undefined) throw new RangeError(`"${name}" is not an AWS partition (${PARTITIONS.map((p) => p.name).join(', ')})`);
  return facts;
}

/** The partition a region name belongs to (`cn-north-1` → `aws-cn`); the commercial partition for any other shape. */
export function partitionOfRegion(region: string): PartitionName {
  return (PARTITIONS.find((p) => p.regionPattern.test(region)) ?? partitionFacts('aws')).name;
}

/** The partition an ARN names (`arn:aws-cn:...` → `aws-cn`), or `null` when it is not an ARN. */
export function partitionOfArn(arn: string): string | null {
  const match = /^arn:([a-z-]+):/.exec(arn);
  return match?.[1] ?? null;
}

/** The region IAM calls are signed for in the partition of `region` (`us-east-1`, `cn-north-1`, `us-gov-west-1`). */
export function iamHomeRegion(region: string): string {
  return partitionFacts(partitionOfRegion(region)).iamHomeRegion;
}

/** An ARN that lives in another partition than the region it is meant to serve. */
export interface ForeignArn {
  field: string;
  arn: string;
  /** The ARN's partition. */
  found: string;
  /** The region's partition. */
  partition: PartitionName;
}

/**
 * The first of `arns` (by field) whose partition is not `region`'s, or `null`: a role, bucket or
 * key of one partition can never serve an environment in another. Values that are not ARNs (a
 * key alias) are skipped.
 */
export function foreignArn(region: string, arns: Record<string, string | undefined>): ForeignArn | null {
  const partition = partitionOfRegion(region);
  for (const [field, arn] of Object.entries(arns)) {
    const found = arn === undefined ? null : partitionOfArn(arn);
    if (arn !== undefined && found !== null && found !== partition) return { field, arn, found, partition };
  }
  return null;
}

/** Why the ARNs of a spec cannot serve an environment in `region` ({@link foreignArn}, in words), or `null`. */
export function partitionMismatch(region: string, arns: Record<string, string | undefined>): string | null {
  const foreign = foreignArn(region, arns);
  return foreign === null ? null : `${foreign.field} is in partition ${foreign.found}, but ${region} is in ${foreign.partition}: resources cannot cross partitions`;
}
