/**
 * The one error type every port raises. Machines branch on `code` and `retryable`, never on
 * message text: only the adapters' mapping tables read AWS messages.
 */

/** What went wrong, independent of which AWS service said it. */
export const AwsErrorCode = {
  /** The named resource does not exist (MWAA ResourceNotFound, IAM NoSuchEntity). */
  NotFound: 'NotFound',
  /** The resource already exists (IAM "has been taken in this account"). */
  AlreadyExists: 'AlreadyExists',
  /** The request is malformed or violates a constraint (MWAA ValidationException, IAM InvalidInput). */
  InvalidInput: 'InvalidInput',
  /** The resource is busy with another operation or in a status that forbids this one. */
  Conflict: 'Conflict',
  /** The caller is being rate limited. */
  Throttled: 'Throttled',
  /** The credentials are not allowed to do this. */
  AccessDenied: 'AccessDenied',
  /** The service failed or could not be reached (5xx, network). */
  Unavailable: 'Unavailable',
  /** The resource is still used by others (SLR role usage). */
  InUse: 'InUse',
  /** The resource is protected from this change (IAM UnmodifiableEntity). */
  Unmodifiable: 'Unmodifiable',
  /** A service quota is exhausted (10 environments per region, IAM LimitExceeded). */
  LimitExceeded: 'LimitExceeded',
  /** The caller aborted the call through its AbortSignal. */
  Aborted: 'Aborted',
  /** The service has no endpoint in this region (its host name does not resolve): nothing of it can exist there. */
  NoEndpoint: 'NoEndpoint',
} as const;
/** What went wrong, independent of which AWS service said it. */
export type AwsErrorCode = (typeof AwsErrorCode)[keyof typeof AwsErrorCode];

/** The AWS service a call went to. */
export type AwsService = 'mwaa' | 'iam' | 'ec2';

/** Codes that are worth retrying as they are. */
const RETRYABLE: ReadonlySet<AwsErrorCode> = new Set<AwsErrorCode>([
  AwsErrorCode.Throttled,
  AwsErrorCode.Unavailable,
]);

/** Fields of an {@link AwsError}. */
export interface AwsErrorInit {
  code: AwsErrorCode;
  message: string;
  service: AwsService;
  /** The port operation, e.g. `createEnvironment`. */
  operation: string;
  /** The error name AWS used on the wire, e.g. `ValidationException`, `NoSuchEntity`. */
  awsName?: string;
  /** Overrides the default retryability of the code. */
  retryable?: boolean;
  /** The original error (an SDK exception or a simulated wire error). */
  cause?: unknown;
  /** How long the service asked the caller to wait before retrying (a `Retry-After` hint), in ms. */
  retryAfterMs?: number;
}

/** A typed, coded error from any port. */
export class AwsError extends Error {
  override readonly name = 'AwsError';
  readonly code: AwsErrorCode;
  readonly retryable: boolean;
  readonly service: AwsService;
  readonly operation: string;
  readonly awsName: string | undefined;
  /** The service's retry hint in ms, when it gave one. */
  readonly retryAfterMs: number | undefined;

  constructor(init: AwsErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.retryable = init.retryable ?? RETRYABLE.has(init.code);
    this.service = init.service;
    this.operation = init.operation;
    this.awsName = init.awsName;
    this.retryAfterMs = init.retryAfterMs !== undefined && init.retryAfterMs >= 0 && Number.isFinite(init.retryAfterMs) ? init.retryAfterMs : undefined;
  }

  /** A plain-JSON view, safe to keep in machine context and snapshots. */
  toJSON(): SerializedAwsError {
    return {
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      service: this.service,
      operation: this.operation,
      ...(this.awsName === undefined ? {} : { awsName: this.awsName }),
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
    };
  }
}

/** The JSON form of an {@link AwsError}, as machines store it. */
export interface SerializedAwsError {
  code: AwsErrorCode | 'Unexpected';
  message: string;
  retryable: boolean;
  service?: AwsService;
  operation?: string;
  awsName?: string;
  /** The service's retry hint in ms; retries wait at least this long. */
  retryAfterMs?: number;
}

/** True when `e` is an {@link AwsError}, optionally with one of the given codes. */
export function isAwsError(e: unknown, ...codes: AwsErrorCode[]): e is AwsError {
  return e instanceof AwsError && (codes.length === 0 || codes.includes(e.code));
}

/** Turns anything thrown into the JSON error form machines keep in context. */
export function serializeError(e: unknown): SerializedAwsError {
  if (e instanceof AwsError) return e.toJSON();
  if (e instanceof Error) return { code: 'Unexpected', message: e.message, retryable: false };
  return { code: 'Unexpected', message: String(e), retryable: false };
}

/** The error a port raises when its caller's AbortSignal fires. */
export function abortedError(service: AwsService, operation: string, reason?: unknown): AwsError {
  return new AwsError({
    code: AwsErrorCode.Aborted,
    message: `${operation} was aborted`,
    service,
    operation,
    retryable: false,
    cause: reason,
  });
}
