/**
 * A WebSocket client of the inspector bridge for tests, on `ws`: connects as a browser page of a
 * given origin would, and keeps every message it receives.
 */
import WebSocket from 'ws';

/** A connected client and what it has received. */
export interface BridgeClient {
  socket: WebSocket;
  /** Every message, parsed. */
  messages: Array<Record<string, unknown>>;
  /** Every message as received. */
  raw: string[];
}

/** The Stately inspector's origin, which the bridge accepts. */
export const STATELY = 'https://stately.ai';

/** Connects to `url` sending `origin` (none when null); rejects with the HTTP status of a refusal. */
export function connect(url: string, origin: string | null = STATELY): Promise<BridgeClient> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, origin === null ? {} : { origin });
    const client: BridgeClient = { socket, messages: [], raw: [] };
    socket.on('message', (data: WebSocket.RawData) => {
      const text = Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
      client.raw.push(text);
      client.messages.push(JSON.parse(text) as Record<string, unknown>);
    });
    socket.once('open', () => resolve(client));
    socket.once('error', (e: Error) => {
      const status = /Unexpected server response: (\d+)/.exec(e.message)?.[1];
      reject(Object.assign(new Error(e.message), { status: status === undefined ? null : Number(status) }));
    });
  });
}

/** The HTTP status that refused a connection, or 101 when it was accepted (and is closed again). */
export async function refusalStatus(url: string, origin: string | null): Promise<number | null> {
  try {
    const client = await connect(url, origin);
    client.socket.close();
    return 101;
  } catch (e) {
    return (e as { status: number | null }).status;
  }
}

/** Waits until `client` has received nothing new for `quietMs`. */
export async function quiet(client: BridgeClient, quietMs = 150): Promise<void> {
  let seen = -1;
  while (seen !== client.raw.length) {
    seen = client.raw.length;
    await new Promise((resolve) => setTimeout(resolve, quietMs));
  }
}

/** Closes a client and waits until it is closed. */
export function disconnect(client: BridgeClient): Promise<void> {
  if (client.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    client.socket.once('close', () => resolve());
    client.socket.close();
  });
}
