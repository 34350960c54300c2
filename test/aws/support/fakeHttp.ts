/**
 * A fake HTTP handler for real SDK clients: records every request as it would go on the wire
 * (after serialization, the build step and signing) and answers from a script. aws-sdk-client-mock
 * replaces `send` and so skips the middleware stack; this does not. Also real local servers, for
 * what only a socket shows: a peer that never answers, garbage bodies, a body cut short.
 */
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import { MWAAClient } from '@aws-sdk/client-mwaa';
import { installNewFieldsMiddleware } from '../../../adapters/aws/newFields';

/** One request as the handler saw it. */
export interface CapturedRequest {
  method: string;
  hostname: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** A canned answer. */
export interface CannedResponse {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
}

/** The headers with the empty ones left out. */
function withoutEmpty(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== ''));
}

interface RequestShape {
  method: string;
  hostname: string;
  path: string;
  headers: Record<string, string>;
  body?: unknown;
}

/**
 * A request handler that records requests and replays `responses` in order (the last one repeats).
 * Every answer carries an `x-amzn-requestid` header, as each of MWAA's does, unless the canned
 * headers set one (an empty value leaves it out).
 */
export function fakeHttpHandler(responses: CannedResponse[]): {
  handler: { handle(request: RequestShape): Promise<{ response: unknown }> };
  requests: CapturedRequest[];
} {
  const requests: CapturedRequest[] = [];
  const handler = {
    handle(request: RequestShape): Promise<{ response: unknown }> {
      const body = typeof request.body === 'string' ? request.body : request.body instanceof Uint8Array ? Buffer.from(request.body).toString('utf8') : '';
      requests.push({ method: request.method, hostname: request.hostname, path: request.path, headers: { ...request.headers }, body });
      const canned = responses[Math.min(requests.length - 1, responses.length - 1)] ?? { statusCode: 200, body: '{}' };
      return Promise.resolve({
        response: {
          statusCode: canned.statusCode,
          headers: withoutEmpty({ 'content-type': 'application/json', 'x-amzn-requestid': randomUUID(), ...canned.headers }),
          body: Readable.from([Buffer.from(canned.body ?? '')]),
        },
      });
    },
  };
  return { handler, requests };
}

/** A real MWAA client (3.523.0) over the fake handler, with or without the adapter's middleware. */
export function mwaaClientOverFakeHttp(
  responses: CannedResponse[],
  options: { withNewFieldsMiddleware?: boolean; endpoint?: string } = {},
): { client: MWAAClient; requests: CapturedRequest[] } {
  const { handler, requests } = fakeHttpHandler(responses);
  const client = new MWAAClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    maxAttempts: 3,
    requestHandler: handler,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint, disableHostPrefix: true }),
  });
  if (options.withNewFieldsMiddleware !== false) installNewFieldsMiddleware(client.middlewareStack);
  return { client, requests };
}

/** The JSON body of a captured request. */
export function jsonBody(request: CapturedRequest | undefined): Record<string, unknown> {
  if (request === undefined) throw new Error('no request was captured');
  return JSON.parse(request.body) as Record<string, unknown>;
}

/** A local server on 127.0.0.1 with an ephemeral port. */
export interface LocalServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Drops open connections and stops listening. */
  close(): Promise<void>;
}

/** Starts `server` on an ephemeral port of 127.0.0.1 and tracks its sockets. */
async function listenLocally(server: NetServer): Promise<LocalServer> {
  const sockets = new Set<Socket>();
  let connections = 0;
  server.on('connection', (socket: Socket) => {
    connections += 1;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A TCP server that accepts every connection, reads what comes, and never answers a byte. */
export function startSilentServer(): Promise<LocalServer> {
  return listenLocally(createNetServer((socket) => socket.resume()));
}

/** What a {@link startCannedServer} sends: a whole answer, or a head and the start of a body before it hangs up. */
export type CannedAnswer = CannedResponse | { cutAfter: string; statusCode: number; headers?: Record<string, string> };

/** An HTTP server that answers every request with `answer` (read at request time, so a test may change it). */
export function startCannedServer(answer: () => CannedAnswer): Promise<LocalServer> {
  const server = createHttpServer((request, response) => {
    request.resume();
    request.once('end', () => {
      const canned = answer();
      if ('cutAfter' in canned) {
        // Promise more than is sent, then hang up: the body is cut short in transfer.
        response.writeHead(canned.statusCode, { 'content-length': String(canned.cutAfter.length + 100), ...canned.headers });
        response.write(canned.cutAfter, () => response.destroy());
        return;
      }
      response.writeHead(canned.statusCode, canned.headers ?? {});
      response.end(canned.body ?? '');
    });
  });
  return listenLocally(server);
}
