import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import type { Socket } from 'node:net';
import { waitFor } from './infra.js';

/**
 * A small WebSocket client for tests (RFC 6455, text frames, JSON payloads),
 * on node:http alone: Node 20 has no global WebSocket without a flag, and test
 * projects cannot resolve `ws` (a dependency of @fastify/websocket only).
 * Import it as `@platform/testkit/websocket`.
 */

const HANDSHAKE_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

/** The server answered the upgrade with an HTTP response instead of switching protocols. */
export class WebSocketRefused extends Error {
  constructor(
    readonly status: number,
    readonly body: any,
  ) {
    super(`WebSocket upgrade refused with HTTP ${status}: ${JSON.stringify(body)}`);
    this.name = 'WebSocketRefused';
  }
}

export interface CloseInfo {
  /** 1006 when the connection ended without a close frame. */
  code: number;
  reason: string;
}

export interface OpenOptions {
  /** Offered in Sec-WebSocket-Protocol, e.g. ['bearer', token]. */
  protocols?: string[];
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Answer pings (default), as every real client does; false plays a client that went silent. */
  autoPong?: boolean;
}

export class TestWebSocket {
  /** Every text message received, JSON-parsed when it is JSON, in arrival order. */
  readonly messages: any[] = [];
  /** Ping frames received (the client answers each with a pong, as browsers do). */
  pings = 0;
  /** Resolves when the TCP connection ends. */
  readonly closed: Promise<CloseInfo>;
  private closeInfo: CloseInfo | undefined;
  private buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private closeSent = false;

  private constructor(
    private readonly socket: Socket,
    readonly protocol: string | undefined,
    head: Buffer,
    private readonly autoPong: boolean,
  ) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve(this.closeInfo ?? { code: 1006, reason: '' })));
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => undefined);
    if (head.length > 0) this.receive(head);
  }

  /** Opens a connection; rejects with WebSocketRefused when the server answers with an HTTP status instead. */
  static open(url: string, options: OpenOptions = {}): Promise<TestWebSocket> {
    const target = new URL(url.replace(/^ws/, 'http'));
    const key = randomBytes(16).toString('base64');
    const headers: Record<string, string> = {
      connection: 'Upgrade',
      upgrade: 'websocket',
      'sec-websocket-key': key,
      'sec-websocket-version': '13',
      ...(options.protocols?.length ? { 'sec-websocket-protocol': options.protocols.join(', ') } : {}),
      ...options.headers,
    };
    return new Promise((resolve, reject) => {
      // agent: false: a fresh TCP connection per upgrade (Node 20's keep-alive agent would reuse one the server closed after a refusal).
      const req = request({
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        headers,
        agent: false,
        timeout: options.timeoutMs ?? 10_000,
      });
      req.once('timeout', () => req.destroy(new Error(`WebSocket handshake with ${url} timed out`)));
      req.once('error', reject);
      req.once('upgrade', (res, socket, head) => {
        const expected = createHash('sha1')
          .update(key + HANDSHAKE_GUID)
          .digest('base64');
        if (res.headers['sec-websocket-accept'] !== expected) {
          socket.destroy();
          reject(new Error('WebSocket handshake: wrong Sec-WebSocket-Accept'));
          return;
        }
        const protocol = res.headers['sec-websocket-protocol'];
        resolve(new TestWebSocket(socket, typeof protocol === 'string' ? protocol : undefined, head, options.autoPong ?? true));
      });
      req.once('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: keep the text
          }
          reject(new WebSocketRefused(res.statusCode ?? 0, body));
        });
      });
      req.end();
    });
  }

  send(value: unknown): void {
    this.sendText(JSON.stringify(value));
  }

  sendText(text: string): void {
    this.sendFrame(OPCODE.text, Buffer.from(text, 'utf8'));
  }

  /** Starts the closing handshake; await `closed` for the end. */
  close(code = 1000, reason = ''): void {
    const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
    payload.writeUInt16BE(code, 0);
    payload.write(reason, 2);
    this.closeSent = true;
    this.sendFrame(OPCODE.close, payload);
  }

  /** Drops the TCP connection without a closing handshake, like a phone losing its network. */
  terminate(): void {
    this.socket.destroy();
  }

  get isClosed(): boolean {
    return this.socket.destroyed;
  }

  /** Messages of one `type`, in arrival order. */
  ofType(type: string): any[] {
    return this.messages.filter((m) => m && typeof m === 'object' && m.type === type);
  }

  /** Waits until a received message matches, and returns it. */
  next(predicate: (message: any) => boolean, options: { timeoutMs?: number; what?: string } = {}): Promise<any> {
    return waitFor(() => this.messages.find(predicate), {
      timeoutMs: options.timeoutMs ?? 10_000,
      intervalMs: 20,
      what: options.what ?? 'a WebSocket message',
    });
  }

  private sendFrame(opcode: number, payload: Buffer): void {
    if (this.socket.destroyed) throw new Error('the WebSocket is closed');
    const mask = randomBytes(4);
    const length = payload.length;
    const header = length < 126 ? Buffer.alloc(2) : length < 65_536 ? Buffer.alloc(4) : Buffer.alloc(10);
    header[0] = 0x80 | opcode;
    if (length < 126) header[1] = 0x80 | length;
    else if (length < 65_536) {
      header[1] = 0x80 | 126;
      header.writeUInt16BE(length, 2);
    } else {
      header[1] = 0x80 | 127;
      header.writeBigUInt64BE(BigInt(length), 2);
    }
    const masked = Buffer.alloc(length);
    for (let i = 0; i < length; i++) masked[i] = payload[i] ^ mask[i % 4];
    this.socket.write(Buffer.concat([header, mask, masked]));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const frame = this.readFrame();
      if (!frame) return;
      this.handleFrame(frame.fin, frame.opcode, frame.payload);
    }
  }

  private readFrame(): { fin: boolean; opcode: number; payload: Buffer } | undefined {
    const b = this.buffer;
    if (b.length < 2) return undefined;
    const fin = (b[0] & 0x80) !== 0;
    const opcode = b[0] & 0x0f;
    const masked = (b[1] & 0x80) !== 0;
    let length = b[1] & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (b.length < 4) return undefined;
      length = b.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (b.length < 10) return undefined;
      length = Number(b.readBigUInt64BE(2));
      offset = 10;
    }
    const maskOffset = offset;
    if (masked) offset += 4;
    if (b.length < offset + length) return undefined;
    const payload = Buffer.from(b.subarray(offset, offset + length));
    if (masked) for (let i = 0; i < length; i++) payload[i] ^= b[maskOffset + (i % 4)];
    this.buffer = b.subarray(offset + length);
    return { fin, opcode, payload };
  }

  private handleFrame(fin: boolean, opcode: number, payload: Buffer): void {
    if (opcode === OPCODE.ping) {
      this.pings++;
      if (this.autoPong && !this.socket.destroyed) this.sendFrame(OPCODE.pong, payload);
      return;
    }
    if (opcode === OPCODE.pong) return;
    if (opcode === OPCODE.close) {
      this.closeInfo = { code: payload.length >= 2 ? payload.readUInt16BE(0) : 1005, reason: payload.subarray(2).toString('utf8') };
      if (!this.socket.destroyed) {
        // Answer the server's close; when we started the handshake, its close is the answer.
        if (!this.closeSent) this.sendFrame(OPCODE.close, payload.subarray(0, 2));
        this.socket.end();
      }
      return;
    }
    this.fragments.push(payload);
    if (!fin) return;
    const text = Buffer.concat(this.fragments).toString('utf8');
    this.fragments = [];
    try {
      this.messages.push(JSON.parse(text));
    } catch {
      this.messages.push(text);
    }
  }
}
