/**
 * The HTTP handler of every client the adapter builds: the SDK's Node handler with a connect
 * timeout and a request timeout that fails the attempt, so a peer that accepts the connection and
 * never answers costs at most the timeout (per attempt), never a hang.
 */
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** Default request timeout: 30 s, far above any MWAA, IAM or EC2 control-plane answer. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** Default connect timeout: 5 s. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

/** The timeouts of one attempt, in milliseconds. */
export interface HttpTimeouts {
  requestTimeoutMs: number;
  connectTimeoutMs: number;
}

/** The options' timeouts with their defaults; throws a RangeError for a value that is not a positive number. */
export function httpTimeouts(options: { requestTimeoutMs?: number; connectTimeoutMs?: number } = {}): HttpTimeouts {
  const positive = (name: string, value: number): number => {
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number of milliseconds, got ${value}`);
    return value;
  };
  return {
    requestTimeoutMs: positive('requestTimeoutMs', options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS),
    connectTimeoutMs: positive('connectTimeoutMs', options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS),
  };
}

/**
 * A fresh HTTP handler with these timeouts; one per client, because destroying a client destroys
 * its handler's sockets. Without `throwOnRequestTimeout` the handler would only log a warning when
 * `requestTimeout` passes; `socketTimeout` also ends a response that stalls half-way. Either
 * failure is a `TimeoutError`, which the SDK retries and the adapter reports as `Unavailable`.
 */
export function timedHttpHandler(timeouts: HttpTimeouts): NodeHttpHandler {
  return new NodeHttpHandler({
    requestTimeout: timeouts.requestTimeoutMs,
    socketTimeout: timeouts.requestTimeoutMs,
    connectionTimeout: timeouts.connectTimeoutMs,
    throwOnRequestTimeout: true,
  });
}
