import { social } from '@platform/contracts';
import { ApiError } from './errors.js';
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
}

/** Close codes after which reconnecting (and resuming) is the right move: docs/realtime.md. */
const RECONNECT_CODES = new Set([1001, 1006, 1011, 1012, 1013, social.REALTIME_CLOSE.tokenExpired, social.REALTIME_CLOSE.tooSlow]);
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
    if (!impl) throw new Error('No WebSocket implementation: pass { WebSocket } (e.g. from the "ws" package) on Node 20');
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
    const url = new URL(social.REALTIME_PATH, this.transport.baseURL.replace(/^http/, 'ws'));
    if (this.lastSeq > 0) url.searchParams.set('afterSeq', String(this.lastSeq));
    const socket = new this.WebSocketImpl(url.toString(), [social.REALTIME_SUBPROTOCOL, token]);
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      let ready = false;
      // The close event that follows says what happened; the `ws` package throws on an 'error' nobody listens to.
      socket.addEventListener('error', () => undefined);
      socket.addEventListener('message', (event: { data: unknown }) => {
        const frame = parseFrame(event.data);
        if (!frame) return;
        if (frame.type === 'ready' && !ready) {
          ready = true;
          this.established = true;
          this.attempts = 0;
          resolve();
        }
        this.dispatch(frame);
      });
      socket.addEventListener('close', (event: { code: number; reason: string }) => {
        if (this.socket !== socket) return;
        if (ready) {
          const reconnecting = this.shouldReconnect(event.code);
          this.options.onClose?.({ code: event.code, reason: event.reason, reconnecting });
          if (reconnecting) this.scheduleReconnect(event.code);
          return;
        }
        // Never ready: the first connection is refused to the caller of open(); a reconnection attempt is retried by scheduleReconnect.
        this.options.onClose?.({ code: event.code, reason: event.reason, reconnecting: this.established && this.shouldReconnect(1006) });
        reject(new ApiError(0, 'NETWORK_ERROR', `Realtime connection closed before it was ready (code ${event.code})`));
      });
    });
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
      if (code === social.REALTIME_CLOSE.tokenExpired && !(await this.transport.refreshSession().catch(() => true))) return;
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

/** A server frame checked against the contract; frames of a newer server that this client does not know are skipped. */
function parseFrame(data: unknown): ServerFrame | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const parsed = social.realtimeServerFrame.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
