/**
 * What the served protocols share: one request as it arrived, one answer to send, the SigV4
 * credential scope that routes a request to its service and region, and the wire form (AWS name,
 * HTTP status, message) of an error the simulated world raised.
 */
import { randomUUID } from 'node:crypto';
import { AwsError } from '../adapters/errors';
import type { WireError } from '../adapters/simulator';

/** The SigV4 credential scope of a request: `Credential=AKID/20260101/eu-west-1/airflow/aws4_request`. */
export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  /** The signing name: `airflow` (MWAA), `iam` or `ec2`. */
  service: string;
}

/** One request as it arrived. */
export interface WireRequest {
  method: string;
  /** The path as sent, still URL-encoded. */
  path: string;
  query: URLSearchParams;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
  /** `null` when the request carries no SigV4 `Authorization` header. */
  scope: CredentialScope | null;
}

/** One answer to send. */
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const SCOPE = /Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

/**
 * Reads the credential scope out of a SigV4 `Authorization` header, or `null`. The signature
 * itself is never checked: any key and secret are accepted.
 */
export function credentialScope(authorization: string | undefined): CredentialScope | null {
  const m = authorization === undefined ? null : SCOPE.exec(authorization);
  if (m === null) return null;
  return { accessKeyId: m[1] ?? '', date: m[2] ?? '', region: m[3] ?? '', service: m[4] ?? '' };
}

/** A fresh request id, as AWS puts in `x-amzn-requestid` and in XML bodies. */
export const requestId = (): string => randomUUID();

const isWireError = (v: unknown): v is WireError =>
  typeof v === 'object' && v !== null && typeof (v as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode === 'number';

/**
 * The wire name and HTTP status of a simulated error: the name AWS puts on the wire (`awsName`)
 * and the status the simulator recorded on its SDK-shaped `cause`. Errors that never came from
 * the simulated service (no `awsName`) are reported as `fallback`.
 */
export function wireFormOf(error: unknown, fallback: { name: string; status: number }): { name: string; status: number; message: string } {
  if (error instanceof AwsError && error.awsName !== undefined) {
    const cause: unknown = error.cause;
    return { name: error.awsName, status: isWireError(cause) ? cause.$metadata.httpStatusCode : 400, message: error.message };
  }
  return { ...fallback, message: error instanceof Error ? error.message : String(error) };
}

/** An error a front raises itself, already in wire form (its protocol decides how it is written). */
export class FrontError extends Error {
  override readonly name = 'FrontError';
  constructor(
    /** The AWS error name or code, e.g. `ValidationException`, `NoSuchEntity`, `InvalidParameterValue`. */
    readonly code: string,
    /** The HTTP status. */
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A {@link WireResponse} as a fetch `Response`, for the HTTP router. */
export function toResponse(answer: WireResponse): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
