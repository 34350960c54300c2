/**
 * Wire-shaped errors and the fault book: random throttling / 5xx by rule, scripted N-shot
 * failures, and per-operation latency. Every simulated error goes through the same
 * {@link classifyAwsError} table the real adapter uses, so both adapters code errors alike.
 */
import {
  EC2_INTERNAL_ERROR_MESSAGE,
  EC2_REQUEST_LIMIT_MESSAGE,
  EC2_UNAVAILABLE_MESSAGE,
  RATE_EXCEEDED_MESSAGE,
  iamServiceFailureMessage,
  mwaaInternalErrorMessage,
  mwaaServiceUnavailableMessage,
} from '../../domain/awsMessages';
import { classifyAwsError, isTransientAwsError } from '../../domain/awsErrorClasses';
import { AwsError, type AwsService } from '../errors';
import type { Prng } from './random';
import { RateLimiter, type RateLimits, type SavedRateLimits } from './rateLimits';
import type { DurationRange, FaultRule, PortOperation, ScriptedFailure } from './types';

/** The shape an SDK v3 service exception has, which simulated errors carry as `cause`. */
export interface WireError {
  name: string;
  message: string;
  $fault: 'client' | 'server';
  $metadata: { httpStatusCode: number };
  /** IAM/EC2 (awsQuery/ec2Query) also expose the wire code. */
  Code?: string;
  /**
   * A throttled call's retry hint, virtual ms, as a `Retry-After` header would give it (only from
   * `rateLimits`). UNVERIFIED that MWAA, IAM or EC2 send such a header on throttling.
   */
  retryAfterMs?: number;
}

/** The HTTP status AWS uses for each wire error name. */
const HTTP_STATUS: Readonly<Record<AwsService, Readonly<Record<string, number>>>> = {
  mwaa: {
    ValidationException: 400,
    ResourceNotFoundException: 404,
    AccessDeniedException: 403,
    InternalServerException: 500,
    ServiceUnavailableException: 503,
    ThrottlingException: 429,
    UnrecognizedClientException: 403,
  },
  iam: {
    NoSuchEntity: 404,
    InvalidInput: 400,
    LimitExceeded: 409,
    ServiceFailure: 500,
    UnmodifiableEntity: 400,
    ConcurrentModification: 409,
    EntityAlreadyExists: 409,
    DeleteConflict: 409,
    Throttling: 400,
    ValidationError: 400,
  },
  ec2: { RequestLimitExceeded: 503, InternalError: 500, Unavailable: 503, UnauthorizedOperation: 403, AuthFailure: 401 },
};

/** IAM errors the SDK models get an `Exception` suffix; the unmodeled `Throttling` keeps its wire name. */
const IAM_MODELED = new Set(['NoSuchEntity', 'InvalidInput', 'LimitExceeded', 'ServiceFailure', 'UnmodifiableEntity', 'ConcurrentModification', 'EntityAlreadyExists', 'DeleteConflict']);

/** The service a port operation belongs to. */
export const serviceOf = (operation: PortOperation): AwsService => operation.slice(0, operation.indexOf('.')) as AwsService;
/** The port method name of an operation, as AwsError.operation carries it. */
export const methodOf = (operation: PortOperation): string => operation.slice(operation.indexOf('.') + 1);

/** Builds the coded error for a wire error, with a cause shaped like the SDK exception. */
export function serviceError(service: AwsService, method: string, awsName: string, message: string, httpStatus?: number, retryAfterMs?: number): AwsError {
  const status = httpStatus ?? HTTP_STATUS[service][awsName] ?? 400;
  const sdkName = service === 'iam' && IAM_MODELED.has(awsName) ? `${awsName}Exception` : awsName;
  const cause: WireError = { name: sdkName, message, $fault: status >= 500 ? 'server' : 'client', $metadata: { httpStatusCode: status } };
  if (service !== 'mwaa') cause.Code = awsName;
  if (retryAfterMs !== undefined) cause.retryAfterMs = retryAfterMs;
  return new AwsError({
    code: classifyAwsError(service, awsName, message, status),
    message,
    service,
    operation: method,
    awsName,
    cause,
    retryable: isTransientAwsError(service, awsName, message) || undefined,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

/** {@link serviceError} for a port operation. */
export function wireError(operation: PortOperation, awsName: string, message: string, httpStatus?: number, retryAfterMs?: number): AwsError {
  return serviceError(serviceOf(operation), methodOf(operation), awsName, message, httpStatus, retryAfterMs);
}

/**
 * The throttling error of the operation's service: MWAA ThrottlingException 429, IAM Throttling
 * 400, EC2 RequestLimitExceeded 503; with `retryAfterMs`, the error and its cause carry that retry hint.
 */
export function throttlingError(operation: PortOperation, retryAfterMs?: number): AwsError {
  const service = serviceOf(operation);
  const error =
    service === 'mwaa'
      ? wireError(operation, 'ThrottlingException', RATE_EXCEEDED_MESSAGE, 429, retryAfterMs)
      : service === 'iam'
        ? wireError(operation, 'Throttling', RATE_EXCEEDED_MESSAGE, 400, retryAfterMs)
        : wireError(operation, 'RequestLimitExceeded', EC2_REQUEST_LIMIT_MESSAGE, 503, retryAfterMs);
  return error;
}

/** The error each service sends for a fault kind. */
function faultError(operation: PortOperation, kind: FaultRule['kind']): AwsError {
  const service = serviceOf(operation);
  if (kind === 'throttle') return throttlingError(operation);
  if (kind === 'serviceUnavailable') {
    if (service === 'mwaa') return wireError(operation, 'ServiceUnavailableException', mwaaServiceUnavailableMessage(), 503);
    if (service === 'iam') return wireError(operation, 'ServiceFailure', iamServiceFailureMessage(), 500);
    return wireError(operation, 'Unavailable', EC2_UNAVAILABLE_MESSAGE, 503);
  }
  if (service === 'mwaa') return wireError(operation, 'InternalServerException', mwaaInternalErrorMessage(), 500);
  if (service === 'iam') return wireError(operation, 'ServiceFailure', iamServiceFailureMessage(), 500);
  return wireError(operation, 'InternalError', EC2_INTERNAL_ERROR_MESSAGE, 500);
}

interface Scripted extends ScriptedFailure {
  remaining: number;
}

/** A fault book as a saved world holds it. */
export interface SavedFaults {
  rules: FaultRule[];
  scripted: (ScriptedFailure & { remaining: number })[];
  latency: [PortOperation | '*', DurationRange][];
  rateLimits: SavedRateLimits | null;
}

/** Fault rules, scripted failures and latencies, consulted on every port call. */
export class FaultBook {
  private rules: FaultRule[] = [];
  private scripted: Scripted[] = [];
  private readonly latency = new Map<PortOperation | '*', DurationRange>();
  private limiter: RateLimiter | null = null;

  constructor(private readonly rng: Prng) {}

  /** Rules, scripted failures, latencies and rate limits, as plain data. */
  save(): SavedFaults {
    return {
      rules: structuredClone(this.rules),
      scripted: structuredClone(this.scripted),
      latency: [...this.latency.entries()].map(([operation, range]) => [operation, { ...range }]),
      rateLimits: this.limiter?.save() ?? null,
    };
  }

  /** Replaces everything with what {@link FaultBook.save} gave. */
  load(saved: SavedFaults): void {
    this.rules = structuredClone(saved.rules);
    this.scripted = structuredClone(saved.scripted);
    this.latency.clear();
    for (const [operation, range] of saved.latency) this.latency.set(operation, { ...range });
    this.limiter = saved.rateLimits === null ? null : RateLimiter.restore(saved.rateLimits);
  }

  /** Adds a random fault rule. */
  addRule(rule: FaultRule): void {
    if (!(rule.rate >= 0 && rule.rate <= 1)) throw new RangeError(`fault rate must be within 0..1, got ${rule.rate}`);
    this.rules.push({ ...rule });
  }

  /** Turns on realistic throttling (token buckets); see {@link RateLimiter}. */
  setRateLimits(limits: RateLimits): void {
    this.limiter = new RateLimiter(limits);
  }

  /** The throttling error of a call whose token bucket is empty, else `null` (the call took a token). */
  rateLimited(accountId: string, operation: PortOperation, region: string | undefined, now: number): AwsError | null {
    const retryAfterMs = this.limiter?.take(accountId, operation, region, now) ?? null;
    return retryAfterMs === null ? null : throttlingError(operation, retryAfterMs);
  }

  /** Removes every rule and scripted failure. */
  clear(): void {
    this.rules = [];
    this.scripted = [];
  }

  /** Queues a scripted failure. */
  script(failure: ScriptedFailure): void {
    const times = failure.times ?? 1;
    if (!(Number.isInteger(times) && times >= 1)) throw new RangeError(`times must be a positive integer, got ${times}`);
    this.scripted.push({ ...failure, remaining: times });
  }

  /** Sets the latency of one operation, or of all (`'*'`) that have none of their own. */
  setLatency(operation: PortOperation | '*', range: DurationRange): void {
    this.latency.set(operation, { ...range });
  }

  /** Virtual ms this call takes. */
  latencyFor(operation: PortOperation, draw: (range: DurationRange) => number): number {
    const range = this.latency.get(operation) ?? this.latency.get('*');
    return range ? draw(range) : 0;
  }

  /** The error this call fails with, if any: scripted failures first, then random faults. */
  failureFor(operation: PortOperation, region: string | undefined, now: number): AwsError | null {
    const scriptedIndex = this.scripted.findIndex(
      (s) => s.operation === operation && (s.region === undefined || s.region === region),
    );
    const scripted = this.scripted[scriptedIndex];
    if (scripted) {
      scripted.remaining -= 1;
      if (scripted.remaining <= 0) this.scripted.splice(scriptedIndex, 1);
      return wireError(operation, scripted.awsName, scripted.message, scripted.httpStatus);
    }
    for (const rule of this.rules) {
      if (rule.operation !== '*' && rule.operation !== operation) continue;
      if (rule.region !== undefined && rule.region !== region) continue;
      if (rule.from !== undefined && now < rule.from) continue;
      if (rule.until !== undefined && now >= rule.until) continue;
      if (rule.rate > 0 && this.rng.next() < rule.rate) return faultError(operation, rule.kind);
    }
    return null;
  }
}
