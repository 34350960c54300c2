/**
 * mwaa-lifecycle: XState v5 statecharts for Amazon MWAA environments and the
 * AWSServiceRoleForAmazonMWAA service-linked role. The AWS SDK adapter lives in
 * `mwaa-lifecycle/aws` so that importing this entry point never loads the SDK.
 */
export * from './machines';
export * from './adapters/port';
export { AwsError, AwsErrorCode, isAwsError, serializeError, type SerializedAwsError, type AwsService } from './adapters/errors';
export { systemClock, sleep, sleepUntil, type Clock } from './domain/clock';
export { VirtualClock, VirtualDeadlockError, flushPromises } from './domain/virtualClock';
export { KNOWN_MWAA_REGIONS, isRegionName, assertRegionName } from './domain/regions';
export { PARTITIONS, PARTITION_NAMES, iamHomeRegion, partitionOfArn, partitionOfRegion, type PartitionName } from './domain/partitions';
export { SERVICE_LINKED_ROLE_TRUST_POLICY, SERVICE_LINKED_ROLE_PERMISSIONS_POLICY, trustPolicyDrift } from './domain/serviceLinkedRolePolicies';
