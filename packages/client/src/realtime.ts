import type { social } from '@platform/contracts';
import { ApiError, networkError, toApiError } from './errors.js';
import { REALTIME } from './generated/routes.js';
import type { Transport } from './transport.js';

type ServerFrame = social.RealtimeServerFrame;
type FrameOf<T extends ServerFrame['type']> = Extract<ServerFrame, { type: T }>;
export type ChatMessage = FrameOf<'message'>['message'];

/** The part of the WebSocket API the client uses: the browser's, Node 22's, undici's and the `ws` package's all fit. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'message' | 'close' | 'error', listener: (event: any) => void): void;
}
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

export interface RealtimeOptions {
  /** Every message in your conversations, yours included (match `clientMessageId` to your pending sends). Duplicates are dropped. */
  onMessage?: (message: ChatMessage) => void;
  /** Your unread count in a conversation changed. */
  onUnread?: (frame: FrameOf<'unread'>) => void;
  /** The socket is authenticated; sent on every (re)connection. */
  onReady?: (frame: FrameOf<'ready'>) => void;
  /** The missed messages of a resume were delivered (`complete: false`: page the rest over HTTP). */
  onResumed?: (frame: FrameOf<'resumed'>) => void;
  /** The server refused a frame, or a resume failed; the connection stays open. */
  onError?: (frame: FrameOf<'error'>) => void;
  /** The socket closed; `reconnecting` says whether the client will reconnect and resume by itself. */
  onClose?: (info: { code: number; reason: string; reconnecting: boolean }) => void;
  /** Every frame from the server, for anything the callbacks above do not cover. */
  onEvent?: (frame: ServerFrame) => void;
  /** Node 20 has no global WebSocket: pass one, e.g. `WebSocket` from the `ws` package. Browsers and Node 22+ need nothing. */
  WebSocket?: WebSocketConstructor;
  /** Start after this message position (the highest `seq` the app has seen), so nothing sent meanwhile is missed. */
  afterSeq?: number;
  /** Reconnect and resume after a dropped connection, a deploy or an expired token (default true). */
  reconnect?: boolean;
  /** How long opening may take before it rejects with a TIMEOUT ApiError (default 15 s). */
  connectTimeoutMs?: number;
}

/** Close codes after which reconnecting (and resuming) is the right move: docs/realtime.md. */
const RECONNECT_CODES = new Set<number>([1001, 1006, 1011, 1012, 1013, REALTIME.close.tokenExpired, REALTIME.close.tooSlow]);
const CONNECT_TIMEOUT_MS = 15_000;
/** Frame types this client knows; a newer server's others are skipped. */
const FRAME_TYPES = new Set<string>(['ready', 'message', 'unread', 'resumed', 'resync', 'pong', 'error']);
const MAX_BACKOFF_MS = 30_000;
/** Message ids remembered for de-duplication across reconnects. */
const SEEN_IDS_KEPT = 500;

/**
 * The social WebSocket at /api/social/ws (docs/realtime.md), authenticated
 * with the current access token. It keeps the highest message `seq` it has
 * seen and resumes from it when it reconnects, so a dropped connection loses
 * no message and delivers none twice.
 */
export class RealtimeConnection {
  /** The highest message position seen: what a later connection resumes from. */
  lastSeq: number;
  private socket: WebSocketLike | undefined;
  private closedByUser = false;
  /** Became ready once: from then on a lost connection is re-established. */
  private established = false;
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly seen = new Set<string>();
  private readonly WebSocketImpl: WebSocketConstructor;

  private constructor(
    private readonly transport: Transport,
    private readonly options: RealtimeOptions,
  ) {
    const impl = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!impl) {
      throw new ApiError(
        0,
        'WEBSOCKET_UNAVAILABLE',
        'This JavaScript runtime has no WebSocket: pass connectRealtime({ WebSocket }) (e.g. from the "ws" package), or run Node 20 with --experimental-websocket (Node 22+ has one)',
      );
    }
    this.WebSocketImpl = impl;
    this.lastSeq = options.afterSeq ?? 0;
  }

  /** Opens the connection; resolves once the server sent `ready`, rejects with an ApiError when it cannot open. */
  static async open(transport: Transport, options: RealtimeOptions): Promise<RealtimeConnection> {
    const connection = new RealtimeConnection(transport, options);
    await connection.connect();
    return connection;
  }

  /** Application-level keep-alive (browsers cannot send WebSocket pings); the server answers `pong`. */
  ping(): void {
    this.sendFrame({ type: 'ping' });
  }

  /** Asks for the messages after a position (default: the last one seen); `onResumed` follows them. */
  resume(afterSeq = this.lastSeq): void {
    this.sendFrame({ type: 'resume', afterSeq });
  }

  /** Closes for good: no reconnection follows. */
  close(): void {
    this.closedByUser = true;
    clearTimeout(this.retryTimer);
    this.socket?.close(1000, 'client closed');
  }

  private sendFrame(frame: social.RealtimeClientFrame): void {
    if (this.socket?.readyState !== 1) throw new ApiError(0, 'NETWORK_ERROR', 'The realtime connection is not open');
    this.socket.send(JSON.stringify(frame));
  }

  private async connect(): Promise<void> {
    const token = await this.transport.freshAccessToken();
    if (!token) throw new ApiError(401, 'UNAUTHENTICATED', 'Sign in before connecting to realtime');
    const url = new URL(REALTIME.path, this.transport.baseURL.replace(/^http/, 'ws'));
    if (this.lastSeq > 0) url.searchParams.set('afterSeq', String(this.lastSeq));
    const socket = new this.WebSocketImpl(url.toString(), [REALTIME.subprotocol, token]);
    this.socket = socket;
    const refused = await new Promise<{ code: number; reason: string } | 'timeout' | undefined>((settle) => {
      let settled = false;
      const done = (outcome: { code: number; reason: string } | 'timeout' | undefined) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        settle(outcome);
      };
      const timer = setTimeout(() => done('timeout'), this.options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS);
      // A refused handshake fires 'error' and, in most runtimes, 'close'; Node 20's undici fires only 'error'. Either settles.
      socket.addEventListener('error', () => done({ code: 1006, reason: 'connection failed' }));
      socket.addEventListener('message', (event: { data: unknown }) => {
        const frame = parseFrame(event.data);
        if (!frame) return;
        if (frame.type === 'ready' && !settled) {
          this.established = true;
          this.attempts = 0;
          done(undefined);
        }
        this.dispatch(frame);
      });
      socket.addEventListener('close', (event: { code: number; reason: string }) => {
        if (this.socket !== socket) return;
        if (!settled) return done({ code: event.code, reason: event.reason });
        const reconnecting = this.shouldReconnect(event.code);
        this.options.onClose?.({ code: event.code, reason: event.reason, reconnecting });
        if (reconnecting) this.scheduleReconnect(event.code);
      });
    });
    if (!refused) return;
    // Never ready: the first connection is refused to the caller of open(); a reconnection attempt is retried by scheduleReconnect.
    this.socket = undefined;
    try {
      socket.close();
    } catch {
      // already closed
    }
    if (refused === 'timeout') {
      throw new ApiError(
        0,
        'TIMEOUT',
        `The realtime connection to ${url.origin} was not ready within ${this.options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS} ms`,
      );
    }
    this.options.onClose?.({ code: refused.code, reason: refused.reason, reconnecting: this.established && this.shouldReconnect(1006) });
    throw await this.whyRefused(token, refused);
  }

  /**
   * A WebSocket never shows the HTTP status of a refused handshake (browsers
   * hide it on purpose), so the same request is asked once more over plain
   * HTTP: the gateway answers it with the status it refused the upgrade with
   * (401 bad token, 429 too many requests), or 426 when it would have accepted.
   */
  private async whyRefused(token: string, closed: { code: number; reason: string }): Promise<ApiError> {
    const probe = new URL(REALTIME.path, this.transport.baseURL);
    if (this.lastSeq > 0) probe.searchParams.set('afterSeq', String(this.lastSeq));
    let response: Response;
    try {
      response = await this.transport.fetch(probe.toString(), { headers: { authorization: `Bearer ${token}` } });
    } catch (error) {
      return networkError(this.transport.baseURL, error as Error);
    }
    const text = await response.text().catch(() => '');
    if (!response.ok && response.status !== 426) {
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: kept as text
      }
      return toApiError(response.status, body, response.headers);
    }
    const reason = closed.reason ? `: ${closed.reason}` : '';
    return new ApiError(0, 'NETWORK_ERROR', `The realtime connection closed before it was ready (code ${closed.code}${reason})`);
  }

  private shouldReconnect(code: number): boolean {
    return !this.closedByUser && this.options.reconnect !== false && RECONNECT_CODES.has(code);
  }

  private scheduleReconnect(code: number): void {
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.attempts) * (0.5 + Math.random() / 2);
    this.attempts++;
    this.retryTimer = setTimeout(async () => {
      if (this.closedByUser) return;
      // An expired token closes with 4001: renew it first (a refused refresh ends the session and calls onTokenExpired).
      if (code === REALTIME.close.tokenExpired && !(await this.transport.refreshSession().catch(() => true))) return;
      this.connect().catch((error) => {
        // Signed out meanwhile (the refresh was refused): there is nothing to reconnect with.
        if (!(error instanceof ApiError && error.status === 401) && this.shouldReconnect(1006)) this.scheduleReconnect(1006);
      });
    }, delay);
  }

  private dispatch(frame: ServerFrame): void {
    this.options.onEvent?.(frame);
    if (frame.type === 'message') {
      if (this.seen.has(frame.message.id)) return;
      this.remember(frame.message.id);
      this.lastSeq = Math.max(this.lastSeq, frame.message.seq);
      this.options.onMessage?.(frame.message);
    } else if (frame.type === 'resumed') {
      this.lastSeq = Math.max(this.lastSeq, frame.lastSeq);
      this.options.onResumed?.(frame);
    } else if (frame.type === 'ready') this.options.onReady?.(frame);
    else if (frame.type === 'unread') this.options.onUnread?.(frame);
    else if (frame.type === 'error') this.options.onError?.(frame);
    else if (frame.type === 'resync') this.resume();
  }

  private remember(id: string): void {
    this.seen.add(id);
    if (this.seen.size > SEEN_IDS_KEPT) this.seen.delete(this.seen.values().next().value!);
  }
}

/**
 * A server frame: JSON with a `type` this client knows. The gateway builds
 * frames from the contract's schema, so the browser does not carry that
 * schema to check them again; a frame of a newer server is skipped.
 */
function parseFrame(data: unknown): ServerFrame | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const frame = JSON.parse(data) as ServerFrame;
    if (typeof frame !== 'object' || frame === null || !FRAME_TYPES.has(frame.type)) return undefined;
    if (frame.type === 'message' && (typeof frame.message?.id !== 'string' || typeof frame.message.seq !== 'number')) return undefined;
    return frame;
  } catch {
    return undefined;
  }
}
