/**
 * The catalogue of AWS error wire texts. The simulator builds its errors from these builders;
 * `awsErrorClasses.ts` holds the one table that reads them back into an error code.
 *
 * Texts marked UNVERIFIED are inferred from AWS's patterns, not seen in a real response.
 */
import { SERVICE_LINKED_ROLE } from '../adapters/port';

const ROLE = SERVICE_LINKED_ROLE.roleName;

// ---------------------------------------------------------------------------------------------
// MWAA (ValidationException / ResourceNotFoundException bodies)
// ---------------------------------------------------------------------------------------------

/**
 * Update or delete while the environment is busy. UNVERIFIED wording; the pattern below also accepts the inferred `... status cannot be updated|deleted.` form.
 */
export const conflictMessage = (status: string): string =>
  `Environments with ${status} status must complete previous operation before initiating a new operation`;

/** UpdateEnvironment on a CREATE_FAILED environment (quoted from a botocore traceback). */
export const cannotBeUpdatedMessage = (status: string): string => `Environments with ${status} status cannot be updated.`;

/** DeleteEnvironment on an environment that is already DELETED (the fragment is verified, the full text inferred). */
export const deletedCannotBeDeletedMessage = (): string => 'Environments with DELETED status cannot be deleted.';

/** CreateEnvironment with a name already in use in the region. UNVERIFIED text: AWS's real wording is unknown. */
export const duplicateEnvironmentMessage = (name: string): string => `Environment ${name} already exists.`;

/**
 * Another conceivable text for a duplicate name: a ValidationException that names no cause any
 * pattern below recognises, so it classifies as InvalidInput. UNVERIFIED text, like the documented
 * form above: the simulator offers both because AWS's real wording is unknown.
 */
export const duplicateNameOtherMessage = (name: string): string => `Invalid request provided: Cannot create environment ${name}.`;

/** CreateEnvironment beyond the per-region quota. UNVERIFIED text: MWAA has no modeled quota error. */
export const environmentQuotaMessage = (region: string, quota = 10): string =>
  `You have reached the maximum number of environments (${quota}) for this account in ${region}.`;

/**
 * CreateEnvironment or UpdateEnvironment naming an Airflow version MWAA does not offer (in this
 * region, or any more). UNVERIFIED text: AWS's real wording is unknown.
 */
export const airflowVersionNotOfferedMessage = (version: string, offered: readonly string[]): string =>
  `Invalid request provided: Airflow version ${version} is not supported. Supported versions: ${offered.join(', ')}.`;

/**
 * CreateEnvironment or UpdateEnvironment with MaxWorkers above the account's per-environment
 * worker quota (default 25, adjustable). UNVERIFIED text: MWAA has no modeled quota error.
 */
export const workerQuotaMessage = (maxWorkers: number, quota: number): string =>
  `Invalid request provided: MaxWorkers (${maxWorkers}) exceeds the limit of ${quota} workers per environment for this account.`;

/**
 * CreateEnvironment or UpdateEnvironment naming an execution role that does not exist. UNVERIFIED
 * text: it follows the "Invalid request provided: Provided role ..." form seen for a role that
 * lacks permissions.
 */
export const executionRoleMissingMessage = (arn: string): string => `Invalid request provided: Provided role ${arn} does not exist.`;

/** CreateEnvironment or UpdateEnvironment naming a bucket that does not exist. UNVERIFIED text, in the same form. */
export const sourceBucketMissingMessage = (arn: string): string => `Invalid request provided: Provided bucket ${arn} does not exist.`;

/** A role, bucket or key ARN from another partition than the environment's region. UNVERIFIED text, in the same form. */
export const otherPartitionMessage = (field: string, arn: string, partition: string): string =>
  `Invalid request provided: ${field} ${arn} is not in partition ${partition}.`;

/** CreateEnvironment naming one subnet twice. UNVERIFIED text: AWS refuses it, its wording is unknown. */
export const duplicateSubnetMessage = (subnetId: string): string =>
  `Invalid request provided: The subnets must be different; ${subnetId} is given more than once.`;

/** CreateEnvironment with subnets in different VPCs. UNVERIFIED text: AWS refuses it, its wording is unknown. */
export const subnetsInDifferentVpcsMessage = (vpcIds: readonly string[]): string =>
  `Invalid request provided: The subnets must be in the same VPC; they are in ${vpcIds.join(', ')}.`;

/** ResourceNotFoundException for an unknown environment name. */
export const environmentNotFoundMessage = (name: string): string => `Environment ${name} was not found.`;

/** CreateEnvironment while IAM has not propagated the execution role yet (quoted from a Terraform issue). */
export const roleNotAssumableMessage = (executionRoleArn: string): string =>
  `Failed to assume role ${executionRoleArn}. This could be due to the role's trust policy. ` +
  `Please ensure your role is assumable by 'airflow-env.amazonaws.com' Service Principal and try again.`;

/** The ErrorMessage MWAA puts in LastUpdate.Error of a failed create (quoted from real responses). */
export const INCORRECT_CONFIGURATION_MESSAGE =
  'You may need to check the execution role permissions policy for your environment, and that each of the VPC ' +
  'networking components required by the environment are configured to allow traffic. ' +
  'Troubleshooting: https://docs.aws.amazon.com/mwaa/latest/userguide/troubleshooting.html';

/** LastUpdate.Error of a CUSTOMER-endpoint environment that waited 72 h in PENDING. UNVERIFIED text. */
export const pendingTimeoutMessage = (): string =>
  'The VPC endpoints required by the environment were not created within 72 hours.';

/** LastUpdate.Error of a failed update. UNVERIFIED text. */
export const updateFailedMessage = (): string =>
  'The update could not be applied and the environment was restored to its previous state.';

/** The MWAA message for an internal error (500). UNVERIFIED text. */
export const mwaaInternalErrorMessage = (): string => 'An internal error occurred. Please retry your request.';

/** The MWAA message for ServiceUnavailableException (503). UNVERIFIED text. */
export const mwaaServiceUnavailableMessage = (): string => 'Service unavailable. Please retry your request.';

/**
 * Any call, MWAA's included, in an opt-in region the account has not enabled: the region refuses
 * the credentials (UnrecognizedClientException, 403). The text is the one AWS's JSON services send
 * for an unknown token.
 */
export const INVALID_SECURITY_TOKEN_MESSAGE = 'The security token included in the request is invalid.';

// ---------------------------------------------------------------------------------------------
// IAM
// ---------------------------------------------------------------------------------------------

/** CreateServiceLinkedRole when the role exists (seen for many services). */
export const roleTakenMessage = (roleName: string = ROLE): string =>
  `Service role name ${roleName} has been taken in this account, please try a different suffix.`;

/** NoSuchEntity for a missing role. */
export const roleNotFoundMessage = (roleName: string = ROLE): string => `The role with name ${roleName} cannot be found.`;

/** UnmodifiableEntity for any edit other than the description (quoted in many issues). */
export const protectedRoleMessage = (roleName: string = ROLE): string =>
  `Cannot perform the operation on the protected role '${roleName}' - this role is only modifiable by AWS`;

/** IAM's (and MWAA's) throttling text. */
export const RATE_EXCEEDED_MESSAGE = 'Rate exceeded';

/** NoSuchEntity from GetServiceLinkedRoleDeletionStatus for an unknown or purged task. UNVERIFIED text. */
export const deletionTaskNotFoundMessage = (taskId: string): string => `Deletion task with id ${taskId} cannot be found.`;

/** InvalidInput from GetServiceLinkedRoleDeletionStatus for a malformed task id. UNVERIFIED text. */
export const invalidDeletionTaskIdMessage = (taskId: string): string => `Invalid deletion task id: ${taskId}`;

/** DeletionTaskFailureReason.Reason when the role is still used. UNVERIFIED text (CloudFormation's rendering inspired it). */
export const roleInUseReason = (roleName: string = ROLE): string =>
  `SLR [${roleName}] is in use by other resources and cannot be deleted.`;

/** IAM ServiceFailure text. UNVERIFIED text. */
export const iamServiceFailureMessage = (): string =>
  'The request processing has failed because of an unknown error, exception or failure.';

// ---------------------------------------------------------------------------------------------
// EC2
// ---------------------------------------------------------------------------------------------

/** EC2 throttling text. */
export const EC2_REQUEST_LIMIT_MESSAGE = 'Request limit exceeded.';

/** EC2 AuthFailure (401) text, what EC2 answers in an opt-in region the account has not enabled. */
export const EC2_AUTH_FAILURE_MESSAGE = 'AWS was not able to validate the provided access credentials';

/** EC2 InternalError text. */
export const EC2_INTERNAL_ERROR_MESSAGE = 'An internal error has occurred';

/** EC2 Unavailable (503) text: EC2's error-code list describes it so; the wire text is UNVERIFIED. */
export const EC2_UNAVAILABLE_MESSAGE = "The server is overloaded and can't handle the request.";
