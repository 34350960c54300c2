/**
 * The one table that turns an AWS error name plus message (and HTTP status) into an
 * {@link AwsErrorCode}, and says which errors pass on a retry. The real AWS adapter classifies SDK
 * errors with {@link classifyAwsError}; nothing else in the project may read AWS message text.
 */
import { AwsErrorCode, type AwsService } from '../adapters/errors';

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
