/**
 * The simulated MWAA's checks of what a create or update request names: whether this world's MWAA
 * offers its Airflow version and worker count, and whether its role, bucket and key exist where
 * the environment lives.
 */
import {
  airflowVersionNotOfferedMessage,
  executionRoleMissingMessage,
  otherPartitionMessage,
  sourceBucketMissingMessage,
  workerQuotaMessage,
} from '../../domain/awsMessages';
import { foreignArn } from '../../domain/partitions';
import { wireError } from './faults';
import type { PortOperation } from './types';
import type { World } from './world';

/** Refuses what this world's MWAA does not offer the account: an Airflow version, workers beyond the quota. */
export function checkOffer(world: World, op: PortOperation, request: { airflowVersion?: string | undefined; maxWorkers?: number | undefined }): void {
  const { airflowVersion, maxWorkers } = request;
  if (airflowVersion !== undefined && !world.airflowVersions.includes(airflowVersion)) {
    throw wireError(op, 'ValidationException', airflowVersionNotOfferedMessage(airflowVersion, world.airflowVersions));
  }
  if (maxWorkers !== undefined && maxWorkers > world.workerQuota) {
    throw wireError(op, 'ValidationException', workerQuotaMessage(maxWorkers, world.workerQuota));
  }
}

/**
 * The request's role, bucket and key exist where the environment lives: in its region's
 * partition, and (when the world lists them) among the roles and buckets that exist.
 */
export function checkReferences(
  world: World,
  op: PortOperation,
  region: string,
  request: { executionRoleArn?: string | undefined; sourceBucketArn?: string | undefined; kmsKey?: string | undefined },
): void {
  const foreign = foreignArn(region, { ExecutionRoleArn: request.executionRoleArn, SourceBucketArn: request.sourceBucketArn, KmsKey: request.kmsKey });
  if (foreign) throw wireError(op, 'ValidationException', otherPartitionMessage(foreign.field, foreign.arn, foreign.partition));
  const { executionRoles, sourceBuckets } = world;
  if (request.executionRoleArn !== undefined && executionRoles !== null && !executionRoles.has(request.executionRoleArn)) {
    throw wireError(op, 'ValidationException', executionRoleMissingMessage(request.executionRoleArn));
  }
  if (request.sourceBucketArn !== undefined && sourceBuckets !== null && !sourceBuckets.has(request.sourceBucketArn)) {
    throw wireError(op, 'ValidationException', sourceBucketMissingMessage(request.sourceBucketArn));
  }
}
