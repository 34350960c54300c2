/**
 * mwaa-lifecycle: XState v5 statecharts for Amazon MWAA environments and the
 * AWSServiceRoleForAmazonMWAA service-linked role. The AWS SDK adapter lives in
 * `mwaa-lifecycle/aws` so that importing this entry point never loads the SDK.
 */
export * from './machines';
export * from './adapters/port';
export { AwsError, AwsErrorCode, isAwsError, serializeError, type SerializedAwsError, type AwsService } from './adapters/errors';
export { systemClock, sleep, sleepUntil, type Clock } from './adapters/clock';
export { VirtualClock, VirtualDeadlockError, flushPromises } from './adapters/virtualClock';
export { KNOWN_MWAA_REGIONS, isRegionName, assertRegionName } from './adapters/regions';
export { PARTITIONS, PARTITION_NAMES, iamHomeRegion, partitionOfArn, partitionOfRegion, type PartitionName } from './adapters/partitions';
export { SERVICE_LINKED_ROLE_TRUST_POLICY, SERVICE_LINKED_ROLE_PERMISSIONS_POLICY, trustPolicyDrift } from './adapters/serviceLinkedRolePolicies';
