/**
 * The server side of a WebSocket (RFC 6455), as much as the inspector bridge needs: accept a
 * handshake, send text messages, answer pings and closes. What a client sends is read only to
 * find control frames and then dropped; the bridge never acts on it nor passes it on.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

const HANDSHAKE_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const OPCODE = { text: 0x1, close: 0x8, ping: 0x9 } as const;
/** Largest frame a client may send; the bridge expects none at all. */
const MAX_CLIENT_FRAME = 64 * 1024;
/** A client that lets this much pile up unread is dropped rather than held in memory. */
const MAX_BUFFERED = 64 * 1024 * 1024;

/** Answers a refused upgrade with a bare HTTP status and hangs up. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`);
}

/** One frame: FIN set, unmasked (servers never mask). */
function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header = length < 126 ? Buffer.alloc(2) : length < 0x10000 ? Buffer.alloc(4) : Buffer.alloc(10);
  header[0] = 0x80 | opcode;
  if (length < 126) header[1] = length;
  else if (length < 0x10000) {
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else {
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}

/** An accepted WebSocket connection. */
export class WebSocketConnection {
  private pending = Buffer.alloc(0);
  private closed = false;
  private closing: Promise<void> | null = null;
  private readonly listeners: Array<() => void> = [];

  constructor(private readonly socket: Duplex, head: Buffer) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => this.drop());
    socket.on('close', () => this.drop());
    if (head.length > 0) this.receive(head);
  }

  /** True until the connection closes. */
  get open(): boolean {
    return !this.closed;
  }

  /** Calls `listener` once the connection is gone. */
  onClose(listener: () => void): void {
    if (this.closed) listener();
    else this.listeners.push(listener);
  }

  /** Sends one text message; a client too slow to read is dropped. */
  send(text: string): void {
    if (this.closed || this.closing) return;
    if (this.socket.writableLength > MAX_BUFFERED) return this.drop();
    this.socket.write(frame(OPCODE.text, Buffer.from(text, 'utf8')));
  }

  /** Sends a normal close after everything already sent, then hangs up. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.closing) return this.closing;
    this.closing = new Promise<void>((resolve) => this.onClose(resolve));
    const code = Buffer.alloc(2);
    code.writeUInt16BE(1000);
    this.socket.end(frame(OPCODE.close, code));
    const timer = setTimeout(() => this.drop(), 2000);
    timer.unref();
    return this.closing;
  }

  private drop(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    this.listeners.splice(0).forEach((listener) => listener());
  }

  /** Reads whole frames out of what arrived; only close and ping mean anything. */
  private receive(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    while (!this.closed && this.pending.length >= 2) {
      const first = this.pending[0] ?? 0;
      const second = this.pending[1] ?? 0;
      if ((second & 0x80) === 0) return this.drop(); // clients must mask every frame
      let length = second & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.pending.length < 4) return;
        length = this.pending.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.pending.length < 10) return;
        const long = this.pending.readBigUInt64BE(2);
        length = long > BigInt(MAX_CLIENT_FRAME) ? MAX_CLIENT_FRAME + 1 : Number(long);
        offset = 10;
      }
      if (length > MAX_CLIENT_FRAME) return this.drop();
      if (this.pending.length < offset + 4 + length) return;
      const mask = this.pending.subarray(offset, offset + 4);
      const payload = Buffer.from(this.pending.subarray(offset + 4, offset + 4 + length));
      for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0);
      this.pending = this.pending.subarray(offset + 4 + length);
      const opcode = first & 0x0f;
      if (opcode === OPCODE.close) void this.close();
      else if (opcode === OPCODE.ping && !this.closing) this.socket.write(frame(0xa, payload));
    }
  }
}

/**
 * Completes the handshake of an HTTP upgrade request already judged acceptable, or refuses one
 * that is not a WebSocket handshake. Returns the connection, or null when refused.
 */
export function acceptWebSocket(request: IncomingMessage, socket: Duplex, head: Buffer): WebSocketConnection | null {
  const key = request.headers['sec-websocket-key'];
  const isWebSocket = (request.headers.upgrade ?? '').toLowerCase() === 'websocket' && request.headers['sec-websocket-version'] === '13';
  if (!isWebSocket || typeof key !== 'string' || Buffer.from(key, 'base64').length !== 16) {
    refuseUpgrade(socket, 400, 'Bad Request');
    return null;
  }
  const accept = createHash('sha1').update(key + HANDSHAKE_GUID).digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  return new WebSocketConnection(socket, head);
}
