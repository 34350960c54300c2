/**
 * The live inspector bridge behind `--inspect-port`: a small HTTP and WebSocket server that
 * streams a run to the Stately inspector in the user's browser. It listens on loopback unless
 * told otherwise, answers only requests that carry the random token it printed, accepts
 * WebSockets only from the inspector's origin or its own page, never passes on what a client
 * sends, and gives a client that connects late every machine's definition first.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { UsageError } from './args';
import { bridgePage, INSPECTOR_ORIGIN } from './bridgePage';
import { InspectorHistory, type StatelyMessage } from './statelyMessages';
import { acceptWebSocket, refuseUpgrade, type WebSocketConnection } from './webSocket';

/** Where the bridge listens unless `--inspect-host` says otherwise. */
export const DEFAULT_BRIDGE_HOST = '127.0.0.1';

/** True for an address only this machine can reach. */
export const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);

/** `host` as it appears in a URL (IPv6 in brackets). */
const urlHost = (host: string): string => (isIP(host) === 6 ? `[${host}]` : host);

/** Options of {@link startBridge}. */
export interface BridgeOptions {
  /** 0 lets the system pick a free port. */
  readonly port: number;
  readonly host?: string;
  /** The secret every request must carry; random when omitted. */
  readonly token?: string;
}

/** A running bridge. */
export interface InspectorBridge {
  readonly host: string;
  readonly port: number;
  readonly token: string;
  /** The address to open in a browser (token included). */
  readonly pageUrl: string;
  /** The WebSocket address (token included). */
  readonly socketUrl: string;
  /** Clients connected now. */
  readonly clients: number;
  /** Sends a message to every client and keeps what a late client needs. */
  publish(message: StatelyMessage): void;
  /** Resolves once a client is connected, or when `signal` aborts. */
  waitForClient(signal?: AbortSignal): Promise<void>;
  /** Closes every client after what was already sent, then stops listening. */
  close(): Promise<void>;
}

/** The request's `token` query parameter equals `token` (compared in constant time). */
function hasToken(request: IncomingMessage, token: string): boolean {
  const given = new URL(request.url ?? '/', 'http://bridge').searchParams.get('token') ?? '';
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
  return given.length > 0 && timingSafeEqual(digest(given), digest(token));
}

/** The Host header when it names this bridge by an IP address or `localhost` (a DNS name could be rebound to it), else null. */
function checkedHost(request: IncomingMessage, port: number): string | null {
  const host = request.headers.host ?? '';
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+):(\d+)$/.exec(host);
  if (!match || Number(match[2]) !== port) return null;
  const name = (match[1] ?? '').replace(/^\[|\]$/g, '');
  return name === 'localhost' || isIP(name) !== 0 ? host : null;
}

const pathOf = (request: IncomingMessage): string => new URL(request.url ?? '/', 'http://bridge').pathname;

/** Starts the bridge; fails with a {@link UsageError} when the address cannot be listened on. */
export async function startBridge(options: BridgeOptions): Promise<InspectorBridge> {
  const host = options.host ?? DEFAULT_BRIDGE_HOST;
  const token = options.token ?? randomBytes(24).toString('base64url');
  const history = new InspectorHistory();
  const clients = new Set<WebSocketConnection>();
  const waiters = new Set<() => void>();
  let port = options.port;

  const server = createServer((request, response) => {
    const seenHost = checkedHost(request, port);
    const refuse = (status: number, text: string): void => void response.writeHead(status, { 'Content-Type': 'text/plain' }).end(text);
    if (seenHost === null) return refuse(403, 'unknown host\n');
    if (pathOf(request) !== '/') return refuse(404, 'not found\n');
    if (!hasToken(request, token)) return refuse(401, 'missing or wrong token: open the address mwaa-lifecycle printed\n');
    const page = bridgePage(seenHost);
    response.writeHead(200, page.headers).end(page.html);
  });
  server.on('upgrade', (request: IncomingMessage, socket, head: Buffer) => {
    const seenHost = checkedHost(request, port);
    const origin = request.headers.origin;
    if (seenHost === null) return refuseUpgrade(socket, 403, 'Forbidden');
    if (pathOf(request) !== '/' || !hasToken(request, token)) return refuseUpgrade(socket, 401, 'Unauthorized');
    if (origin !== INSPECTOR_ORIGIN && origin !== `http://${seenHost}`) return refuseUpgrade(socket, 403, 'Forbidden');
    const client = acceptWebSocket(request, socket, head);
    if (client === null) return;
    for (const text of history.replay()) client.send(text);
    clients.add(client);
    client.onClose(() => clients.delete(client));
    waiters.forEach((wake) => wake());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(new UsageError(`cannot listen on ${host}:${port} for the inspector bridge: ${e.code === 'EADDRINUSE' ? 'the port is in use' : e.message}`)));
    server.listen({ port, host }, resolve);
  });
  const address = server.address();
  if (address !== null && typeof address === 'object') port = address.port;
  const base = `${urlHost(host === '0.0.0.0' || host === '::' ? DEFAULT_BRIDGE_HOST : host)}:${port}/?token=${token}`;

  return {
    host,
    port,
    token,
    pageUrl: `http://${base}`,
    socketUrl: `ws://${base}`,
    get clients() {
      return clients.size;
    },
    publish(message) {
      history.record(message);
      for (const client of clients) client.send(message.text);
    },
    waitForClient(signal) {
      if (clients.size > 0 || signal?.aborted) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const wake = (): void => {
          waiters.delete(wake);
          signal?.removeEventListener('abort', wake);
          resolve();
        };
        waiters.add(wake);
        signal?.addEventListener('abort', wake, { once: true });
      });
    },
    async close() {
      waiters.forEach((wake) => wake());
      await Promise.all([...clients].map((client) => client.close()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
