/**
 * The plumbing the simulator's HTTP fronts share: a `node:http` server on 127.0.0.1 with an
 * ephemeral port, a request log, the SigV4 credential scope, and the wire form of a simulated
 * {@link AwsError} (its AWS name and the HTTP status the simulator gave it).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsError } from '../../adapters/errors';
import type { WireError } from '../../adapters/simulator';

/** The SigV4 credential scope of a request: `Credential=AKID/20260101/eu-west-1/airflow/aws4_request`. */
export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

/** One request as it arrived on the socket. */
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

/** A running front. */
export interface HttpFront {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Every request served so far, oldest first. */
  readonly requests: readonly WireRequest[];
  /** Stops listening and drops open (keep-alive) connections. */
  close(): Promise<void>;
}

/** Turns one request into one answer; a throw becomes a bare 500. */
export type WireHandler = (request: WireRequest) => Promise<WireResponse>;

const SCOPE = /Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

/** Reads the credential scope out of a SigV4 `Authorization` header, or `null`. */
export function credentialScope(authorization: string | undefined): CredentialScope | null {
  const m = authorization === undefined ? null : SCOPE.exec(authorization);
  if (m === null) return null;
  return { accessKeyId: m[1] ?? '', date: m[2] ?? '', region: m[3] ?? '', service: m[4] ?? '' };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** Starts a front on 127.0.0.1, port 0 (the OS picks a free one). */
export async function startHttpFront(handle: WireHandler): Promise<HttpFront> {
  const requests: WireRequest[] = [];
  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headers = headersOf(req);
    const request: WireRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers,
      body: await readBody(req),
      scope: credentialScope(headers['authorization']),
    };
    requests.push(request);
    let response: WireResponse;
    try {
      response = await handle(request);
    } catch (e) {
      response = { status: 500, headers: { 'content-type': 'text/plain' }, body: `front failure: ${String(e)}` };
    }
    res.writeHead(response.status, { ...response.headers, 'content-length': String(Buffer.byteLength(response.body)) });
    res.end(response.body);
  };
  const server = createServer((req, res) => {
    serve(req, res).catch((e: unknown) => res.destroy(e instanceof Error ? e : new Error(String(e))));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e === undefined ? resolve() : reject(e)));
        server.closeAllConnections();
      }),
  };
}

const isWireError = (v: unknown): v is WireError =>
  typeof v === 'object' && v !== null && typeof (v as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode === 'number';

/**
 * The wire name and HTTP status of a simulated error: the name AWS would put on the wire
 * (`awsName`) and the status the simulator recorded on the SDK-shaped `cause`. Errors that never
 * came from the wire (no `awsName`) are reported as `fallback`.
 */
export function wireFormOf(error: unknown, fallback: { name: string; status: number }): { name: string; status: number; message: string } {
  if (error instanceof AwsError && error.awsName !== undefined) {
    const cause: unknown = error.cause;
    return { name: error.awsName, status: isWireError(cause) ? cause.$metadata.httpStatusCode : 400, message: error.message };
  }
  return { ...fallback, message: error instanceof Error ? error.message : String(error) };
}
