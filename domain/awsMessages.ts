/**
 * The catalogue of AWS error wire texts, and the one table that turns an AWS error name plus
 * message into an {@link AwsErrorCode}. The simulator builds its errors from these builders; the
 * real AWS adapter classifies SDK errors with {@link classifyAwsError}. Nothing else in the project
 * may read AWS message text.
 *
 * Texts marked UNVERIFIED are inferred from AWS's patterns, not seen in a real response.
 */
import { AwsErrorCode, type AwsService } from '../adapters/errors';
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

// ---------------------------------------------------------------------------------------------
// Patterns: the only place that reads AWS message text.
// ---------------------------------------------------------------------------------------------

/** Every message text this table recognises. */
export const AWS_MESSAGE_PATTERNS = {
  /** Busy environment (verified CREATE_FAILED text plus the inferred forms for other statuses). */
  conflict: /Environments with ([A-Z_]+) status (must complete previous operation|cannot be (updated|deleted))/,
  /** A DELETED environment is as good as gone. */
  deleted: /Environments with DELETED status cannot be (deleted|updated)/,
  duplicate: /Environment \S+ already exists/,
  quota: /maximum number of environments/i,
  roleNotAssumable: /Failed to assume role|is assumable by 'airflow-env\.amazonaws\.com'/,
  roleTaken: /has been taken in this account/,
  protectedRole: /protected role .* only modifiable by AWS/,
  rateExceeded: /Rate exceeded/i,
} as const;

/** True when `message` is MWAA's complaint that the execution role cannot be assumed yet (IAM propagation). */
export function isRoleNotAssumableMessage(message: string): boolean {
  return AWS_MESSAGE_PATTERNS.roleNotAssumable.test(message);
}

/** The SDK's throttling error names (smithy `THROTTLING_ERROR_CODES`). */
const THROTTLING_NAMES: ReadonlySet<string> = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);

/** IAM's awsQuery errors arrive as `NoSuchEntityException` from the SDK but `NoSuchEntity` on the wire. */
const stripException = (name: string): string => name.replace(/Exception$/, '');

function classifyMwaa(name: string, message: string): AwsErrorCode | undefined {
  switch (name) {
    case 'ResourceNotFoundException':
      return AwsErrorCode.NotFound;
    case 'AccessDeniedException':
      return AwsErrorCode.AccessDenied;
    case 'InternalServerException':
    case 'ServiceUnavailableException':
      return AwsErrorCode.Unavailable;
    case 'ValidationException': {
      const p = AWS_MESSAGE_PATTERNS;
      // Order matters: the DELETED text also matches the generic conflict pattern.
      if (p.deleted.test(message)) return AwsErrorCode.NotFound;
      if (p.conflict.test(message)) return AwsErrorCode.Conflict;
      if (p.duplicate.test(message)) return AwsErrorCode.AlreadyExists;
      if (p.quota.test(message)) return AwsErrorCode.LimitExceeded;
      return AwsErrorCode.InvalidInput;
    }
    default:
      return undefined;
  }
}

function classifyIam(name: string, message: string): AwsErrorCode | undefined {
  switch (stripException(name)) {
    case 'NoSuchEntity':
      return AwsErrorCode.NotFound;
    case 'InvalidInput':
      return AWS_MESSAGE_PATTERNS.roleTaken.test(message) ? AwsErrorCode.AlreadyExists : AwsErrorCode.InvalidInput;
    case 'EntityAlreadyExists':
      return AwsErrorCode.AlreadyExists;
    case 'UnmodifiableEntity':
      return AwsErrorCode.Unmodifiable;
    // A real quota, even though the SDK retries it as throttling.
    case 'LimitExceeded':
      return AwsErrorCode.LimitExceeded;
    case 'ServiceFailure':
      return AwsErrorCode.Unavailable;
    case 'ConcurrentModification':
      return AwsErrorCode.Conflict;
    case 'DeleteConflict':
      return AwsErrorCode.InUse;
    case 'AccessDenied':
      return AwsErrorCode.AccessDenied;
    default:
      return undefined;
  }
}

function classifyEc2(name: string): AwsErrorCode | undefined {
  if (name.endsWith('.NotFound')) return AwsErrorCode.NotFound; // InvalidVpcEndpointId.NotFound, InvalidNetworkInterfaceID.NotFound, ...
  switch (name) {
    case 'UnauthorizedOperation':
    case 'AuthFailure':
      return AwsErrorCode.AccessDenied;
    case 'InternalError':
    case 'ServiceUnavailable':
    case 'Unavailable':
      return AwsErrorCode.Unavailable;
    case 'DependencyViolation':
      return AwsErrorCode.InUse;
    case 'InvalidParameterValue':
    case 'InvalidParameter':
    case 'InvalidParameterCombination':
    case 'MissingParameter':
      return AwsErrorCode.InvalidInput;
    default:
      return undefined;
  }
}

/** Error names every service uses for missing, bad or expired credentials. */
const CREDENTIAL_ERROR_NAMES: ReadonlySet<string> = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'MissingAuthenticationToken',
  'AuthFailure',
  'InvalidSignatureException',
]);

/**
 * Maps an AWS error (its wire or SDK name, message and HTTP status) to the project's error code.
 * Names win over statuses; unknown names fall back on the status, then on InvalidInput.
 */
export function classifyAwsError(service: AwsService, awsName: string, message: string, httpStatus?: number): AwsErrorCode {
  if (awsName === 'AbortError') return AwsErrorCode.Aborted;
  // Bad or expired credentials arrive as 400s on some services; retrying cannot help, a person must.
  if (CREDENTIAL_ERROR_NAMES.has(awsName)) return AwsErrorCode.AccessDenied;
  // IAM's LimitExceeded is in the SDK throttling list but is a quota here, so services go first.
  const byService =
    service === 'mwaa' ? classifyMwaa(awsName, message) : service === 'iam' ? classifyIam(awsName, message) : classifyEc2(awsName);
  if (byService !== undefined) return byService;
  if (THROTTLING_NAMES.has(awsName) || httpStatus === 429) return AwsErrorCode.Throttled;
  if (httpStatus !== undefined && httpStatus >= 500) return AwsErrorCode.Unavailable;
  if (httpStatus === 403) return AwsErrorCode.AccessDenied;
  if (httpStatus === 404) return AwsErrorCode.NotFound;
  return AwsErrorCode.InvalidInput;
}

/**
 * AWS errors whose code is not retryable in general but which AWS documents as passing: wait and
 * send the same request again. Keyed by service; names as on the wire (IAM's without `Exception`).
 */
const TRANSIENT_AWS_ERRORS: Readonly<Record<AwsService, ReadonlySet<string>>> = {
  mwaa: new Set<string>(),
  // IAM's reference says this one clears when the same request is sent again a little later.
  iam: new Set(['ConcurrentModification']),
  ec2: new Set<string>(),
};

/**
 * True when the error `awsName` (wire or SDK name) from `service` passes if the same request is
 * sent again, whatever its {@link AwsErrorCode}: IAM's `ConcurrentModification` stays a `Conflict`
 * but is retryable, and MWAA's ValidationException saying the execution role cannot be assumed
 * yet (IAM still propagating a new role) stays `InvalidInput` but is retryable. Both adapters
 * build their AwsError's `retryable` from this.
 */
export function isTransientAwsError(service: AwsService, awsName: string, message = ''): boolean {
  const name = service === 'iam' ? stripException(awsName) : awsName;
  if (service === 'mwaa' && name === 'ValidationException' && isRoleNotAssumableMessage(message)) return true;
  return TRANSIENT_AWS_ERRORS[service].has(name);
}
