/**
 * SDK error → {@link AwsError}. Errors AWS sent (they carry an AWS error name) are classified by
 * the project's one table, `classifyAwsError` in `domain/awsMessages.ts`, and AWS's own word on
 * which of them pass on a retry (`isTransientAwsError`). The few rows below cover what happens on
 * this side of the wire and has no AWS name: an abort, a timeout, a network failure, a host name
 * that does not resolve, a response the SDK cannot parse, missing credentials, a newer MWAA field
 * that could not be sent.
 */
import { classifyAwsError, isTransientAwsError } from '../../domain/awsErrorClasses';
import { AwsError, AwsErrorCode, abortedError, type AwsService } from '../errors';
import { answerProblem, notFromAwsError } from './answerCheck';

/** Errno codes (Node `err.code`) of a service that exists but could not be reached: worth retrying. */
export const UNREACHABLE_ERROR_CODES: readonly string[] = [
  'ECONNREFUSED',
  'ECONNRESET',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
];

/**
 * Errno codes of a host name that does not resolve. For an AWS endpoint that means the service has
 * no endpoint in the region (MWAA is not in every region), which no retry changes. `EAI_AGAIN`, a
 * temporary DNS failure, is not one of them.
 */
export const NO_ENDPOINT_ERROR_CODES: readonly string[] = ['ENOTFOUND'];

/** Every errno code the adapter knows (Node `err.code`, or found in a wrapped error's message). */
export const NETWORK_ERROR_CODES: readonly string[] = [...NO_ENDPOINT_ERROR_CODES, ...UNREACHABLE_ERROR_CODES];

/**
 * One client-side condition: matched on `err.name`, Node's `err.code`, or the message the SDK
 * wrote. A `message` pattern never matches an AWS answer (an error with `$fault`): only the
 * project's table reads AWS's text.
 */
export interface ClientSideErrorRule {
  name?: RegExp;
  errno?: readonly string[];
  message?: RegExp;
  code: AwsErrorCode;
  /** Why, for the reader and the tests. */
  note: string;
}

/**
 * The hint the SDK's deserializer middleware (`@smithy/middleware-serde` 2.x for MWAA 3.523.0,
 * `@smithy/core` for IAM and EC2) appends to whatever the response parser threw, when that is not
 * an AWS service error: the body could not be turned into output or into a modeled error.
 */
export const DESERIALIZATION_HINT = /Deserialization error: to see the raw response/;

/** Failures raised by the SDK or Node before or instead of an AWS answer. Matched in order, before `classifyAwsError`. */
export const CLIENT_SIDE_ERRORS: readonly ClientSideErrorRule[] = [
  { name: /^AbortError$/, code: AwsErrorCode.Aborted, note: 'the AbortSignal fired during the request' },
  { name: /^(TimeoutError|RequestTimeout|RequestTimeoutException)$/, code: AwsErrorCode.Unavailable, note: 'the request timed out (connect or request timeout of the HTTP handler)' },
  { errno: NO_ENDPOINT_ERROR_CODES, code: AwsErrorCode.NoEndpoint, note: 'the host name does not resolve: the service has no endpoint in this region' },
  { errno: UNREACHABLE_ERROR_CODES, code: AwsErrorCode.Unavailable, note: 'the endpoint could not be reached (refused, reset, temporary DNS failure)' },
  // Garbage from the peer (a proxy's HTML page, a body cut short): the next answer may be AWS's.
  { name: /^SyntaxError$/, code: AwsErrorCode.Unavailable, note: 'the response body is not JSON (restJson: MWAA)' },
  { message: /XML parse error/, code: AwsErrorCode.Unavailable, note: 'the response body is not XML (awsQuery, ec2Query: IAM, EC2)' },
  { message: DESERIALIZATION_HINT, code: AwsErrorCode.Unavailable, note: 'the SDK could not read the response (body cut short, or unparseable)' },
  { name: /^CredentialsProviderError$/, code: AwsErrorCode.AccessDenied, note: 'no credentials could be loaded' },
  { name: /^UnsentFieldsError$/, code: AwsErrorCode.InvalidInput, note: 'a newer MWAA field could not be added to the request' },
];

/** The facts about a thrown error that classification looks at. */
export interface SdkErrorFacts {
  service: AwsService;
  /** `err.name` (for AWS errors the error name, e.g. `NoSuchEntityException`). */
  name: string;
  message: string;
  /** `$metadata.httpStatusCode`. */
  httpStatus?: number;
  /** Node's `err.code` (e.g. `ECONNREFUSED`). */
  errno?: string;
  /** The wire error code of query-protocol services (IAM, EC2), e.g. `NoSuchEntity` where `name` says `NoSuchEntityException`. */
  wireCode?: string;
  /** `$fault` of an AWS service exception (`client` or `server`): AWS answered, with an error. */
  fault?: string;
  /** The response's `Retry-After` header, in ms (seconds or an HTTP date). */
  retryAfterMs?: number;
}

/** Reads a `Retry-After` header value: delay seconds, or an HTTP date (counted from `now`). */
export function parseRetryAfter(value: unknown, now: number = Date.now()): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The `Retry-After` header of an SDK error's raw response, if any (header names are lower-cased by the SDK). */
function retryAfterHeader(response: unknown): unknown {
  if (typeof response !== 'object' || response === null) return undefined;
  const headers = (response as { headers?: unknown }).headers;
  if (typeof headers !== 'object' || headers === null) return undefined;
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === 'retry-after');
  return entry?.[1];
}

const field = (e: object, key: string): unknown => (e as Record<string, unknown>)[key];

/**
 * The SDK wraps a thrown value that is not an `Error` of its own realm (e.g. a Node socket error
 * under jest's VM context) as `AWS SDK error wrapper for <Name>: <message>`, dropping `code`.
 */
const SDK_WRAPPER = /^AWS SDK error wrapper for (\w+)(?:: ([\s\S]*))?$/;

/** Pulls the classification facts out of anything an SDK call threw. */
export function sdkErrorFacts(service: AwsService, e: unknown): SdkErrorFacts {
  if (!(typeof e === 'object' && e !== null)) return { service, name: 'Error', message: String(e) };
  const rawName = field(e, 'name');
  const rawMessage = field(e, 'message');
  let name = typeof rawName === 'string' ? rawName : 'Error';
  let message = typeof rawMessage === 'string' ? rawMessage : '';
  const wrapped = SDK_WRAPPER.exec(message);
  if (wrapped !== null) {
    name = wrapped[1] ?? name;
    message = wrapped[2] ?? '';
  }
  const metadata = field(e, '$metadata');
  const response = field(e, '$response');
  // A body the SDK cannot parse (e.g. an HTML error page from a proxy) leaves the status only on `$response`.
  const status =
    (typeof metadata === 'object' && metadata !== null ? field(metadata, 'httpStatusCode') : undefined) ??
    (typeof response === 'object' && response !== null ? field(response, 'statusCode') : undefined);
  const code = field(e, 'code');
  const wireCode = field(e, 'Code');
  const fault = field(e, '$fault');
  // Node puts the errno in `code` and in the message ("connect ECONNREFUSED 127.0.0.1:1"); wrappers keep only the message.
  const errno =
    typeof code === 'string'
      ? code
      : name === 'Error'
        ? NETWORK_ERROR_CODES.find((c) => new RegExp(`\\b${c}\\b`).test(message))
        : undefined;
  const retryAfterMs = parseRetryAfter(retryAfterHeader(response));
  return {
    service,
    name,
    message,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(typeof status === 'number' ? { httpStatus: status } : {}),
    ...(errno === undefined ? {} : { errno }),
    ...(typeof wireCode === 'string' && wireCode !== '' ? { wireCode } : {}),
    ...(typeof fault === 'string' ? { fault } : {}),
  };
}

/** The client-side row that matches an error's facts, if any. */
export function matchClientSideError(facts: SdkErrorFacts): ClientSideErrorRule | undefined {
  return CLIENT_SIDE_ERRORS.find(
    (rule) =>
      (rule.name !== undefined && rule.name.test(facts.name)) ||
      (rule.errno !== undefined && facts.errno !== undefined && rule.errno.includes(facts.errno)) ||
      (rule.message !== undefined && facts.fault === undefined && rule.message.test(facts.message)),
  );
}

/** The code for an error's facts: a client-side row when one matches, else `classifyAwsError`. */
export function classifySdkError(facts: SdkErrorFacts): AwsErrorCode {
  return matchClientSideError(facts)?.code ?? classifyAwsError(facts.service, facts.name, facts.message, facts.httpStatus);
}

/**
 * Turns anything an SDK call threw into an {@link AwsError}: `Aborted` when `signal` fired,
 * otherwise the classified code, with `awsName` the name AWS used on the wire (the query protocols'
 * `Code` when there is one, else `err.name`) and the original error as `cause`. An AWS error that
 * AWS documents as passing on a retry (`isTransientAwsError`) is retryable whatever its code.
 */
export function toAwsError(service: AwsService, operation: string, e: unknown, signal?: AbortSignal): AwsError {
  if (e instanceof AwsError) return e;
  if (signal?.aborted === true) return abortedError(service, operation, e);
  const facts = sdkErrorFacts(service, e);
  const code = classifySdkError(facts);
  if (code === AwsErrorCode.Aborted) return abortedError(service, operation, e);
  return new AwsError({
    code,
    message: facts.message === '' ? `${operation} failed: ${facts.name}` : facts.message,
    service,
    operation,
    awsName: facts.wireCode ?? facts.name,
    ...(isTransientAwsError(service, facts.wireCode ?? facts.name, facts.message) ? { retryable: true } : {}),
    ...(facts.retryAfterMs === undefined ? {} : { retryAfterMs: facts.retryAfterMs }),
    cause: e,
  });
}

/**
 * Runs one SDK call for a port operation: refuses at once when `signal` has already fired, hands
 * the signal to `send` and maps whatever is thrown with {@link toAwsError}. A successful output
 * that the client's answer check (`answerCheck.ts`) refused, because the answer cannot be AWS's
 * (a proxy's page, `{}`, an empty body), fails as a retryable `Unavailable`: it must never read as
 * "nothing there".
 */
export async function callAws<T>(
  service: AwsService,
  operation: string,
  signal: AbortSignal | undefined,
  run: (options: { abortSignal?: AbortSignal }) => Promise<T>,
): Promise<T> {
  if (signal?.aborted === true) throw abortedError(service, operation, signal.reason);
  let output: T;
  try {
    output = await run(signal === undefined ? {} : { abortSignal: signal });
  } catch (e) {
    throw toAwsError(service, operation, e, signal);
  }
  const problem = answerProblem(output);
  if (problem !== undefined) throw notFromAwsError(service, operation, problem);
  return output;
}
