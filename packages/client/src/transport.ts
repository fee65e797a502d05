import type { Operation, OutputOf, RawInputOf } from '@platform/contracts';
import { accessTokenExpiresAt } from './access-token.js';
import { ApiError, toApiError } from './errors.js';
import { newIdempotencyKey } from './idempotency-key.js';

export interface Session {
  token: string;
  refreshToken: string;
}

export interface TransportOptions {
  /** e.g. http://localhost:3000 (an `/api` suffix, as in the seed client, is accepted too). */
  baseURL: string;
  /** Called when the session expired and could not be refreshed: show the login screen. */
  onTokenExpired?: () => void;
  /** Called whenever tokens change, so an app can persist them. */
  onSession?: (session: Session | null) => void;
  /** A session saved earlier (e.g. by onSession), to start signed in. */
  session?: Session | null;
  /**
   * X-API-Key for the routes guarded by a client key (orders snapshot, Template
   * export). A server-side secret: never put it in a page served to browsers.
   */
  apiKey?: string;
  fetch?: typeof fetch;
}

export interface CallOptions {
  /** Reuse the key of an earlier attempt to retry it safely; one is generated otherwise. */
  idempotencyKey?: string;
  accept?: string;
  signal?: AbortSignal;
}

/** Operations whose requests carry the access token. */
const usesAccessToken = (op: Operation) => op.auth === 'user' || op.auth === 'admin' || op.auth === 'optional-user';

/** Refresh a little before the token's `exp`, so a request never leaves with a token about to lapse. */
const EXPIRY_MARGIN_MS = 30_000;

/**
 * Calls contract operations over HTTP. The path, method and where each input
 * field goes (path, query or body) come from the contract, so the SDK cannot
 * drift from the server.
 */
export class Transport {
  private session: Session | null;
  private refreshing: Promise<boolean> | null = null;
  readonly baseURL: string;
  readonly fetch: typeof fetch;

  constructor(private readonly options: TransportOptions) {
    this.baseURL = options.baseURL.replace(/\/+$/, '').replace(/\/api$/, '');
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.session = options.session ?? null;
  }

  setSession(session: Session | null): void {
    this.session = session;
    this.options.onSession?.(session);
  }

  getSession(): Session | null {
    return this.session;
  }

  async call<Op extends Operation>(op: Op, input: RawInputOf<Op>, options: CallOptions = {}): Promise<OutputOf<Op>> {
    // One key for the call, kept across the retry after a refresh: the server sees one logical request.
    const request = { ...options, idempotencyKey: op.idempotent ? (options.idempotencyKey ?? newIdempotencyKey()) : undefined };
    const sentToken = usesAccessToken(op) ? this.session?.token : undefined;
    let response = await this.send(op, input as Record<string, unknown>, request);
    if (response.status === 401 && sentToken && (await this.renewAfter(sentToken))) {
      response = await this.send(op, input as Record<string, unknown>, request);
    }
    const body = await readBody(response);
    if (!response.ok) {
      if (response.status === 401 && sentToken) this.expire();
      throw toApiError(response.status, body, response.headers);
    }
    return body as OutputOf<Op>;
  }

  /**
   * An access token valid for a while longer, refreshed first when it is about
   * to expire (the WebSocket checks it once, at connect). Null when signed out
   * or when the refresh was refused.
   */
  async freshAccessToken(): Promise<string | null> {
    const token = this.session?.token;
    if (!token) return null;
    const expiresAt = accessTokenExpiresAt(token);
    if (expiresAt !== undefined && expiresAt - Date.now() < EXPIRY_MARGIN_MS && !(await this.renewAfter(token))) return null;
    return this.session?.token ?? null;
  }

  /** Trades the refresh token for a new session; false (and onTokenExpired) when the server refuses it. */
  async refreshSession(): Promise<boolean> {
    const token = this.session?.token;
    return token ? this.renewAfter(token) : false;
  }

  /** After `rejected` was refused: true when a newer token is ready (refreshed now, or by a concurrent call). */
  private async renewAfter(rejected: string): Promise<boolean> {
    if (this.session && this.session.token !== rejected) return true;
    const renewed = await this.refreshOnce();
    if (!renewed) this.expire();
    return renewed;
  }

  /** One refresh at a time: concurrent 401s wait for the same refresh (a refresh token is single use). */
  private refreshOnce(): Promise<boolean> {
    this.refreshing ??= this.refresh().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async refresh(): Promise<boolean> {
    const refreshToken = this.session?.refreshToken;
    if (!refreshToken) return false;
    const response = await this.fetch(`${this.baseURL}/api/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    }).catch((error: Error) => {
      throw new ApiError(0, 'NETWORK_ERROR', `Could not reach ${this.baseURL}: ${error.message}`);
    });
    const body = await readBody(response);
    if (response.ok) {
      const session = body as Session;
      this.setSession({ token: session.token, refreshToken: session.refreshToken });
      return true;
    }
    // Only a refused refresh token ends the session; a busy or unreachable server must not sign the user out.
    if (response.status === 400 || response.status === 401) return false;
    throw toApiError(response.status, body, response.headers);
  }

  /** Ends the session once, however many calls find out at the same time. */
  private expire(): void {
    if (!this.session) return;
    this.setSession(null);
    this.options.onTokenExpired?.();
  }

  private send(op: Operation, input: Record<string, unknown>, options: CallOptions): Promise<Response> {
    const http = op.http;
    if (!http) throw new ApiError(0, 'NOT_ROUTED', `${op.name} is not reachable over HTTP`);
    const rest: Record<string, unknown> = { ...(input ?? {}) };
    const path = http.path.replace(/:([A-Za-z_]+)/g, (_m, name: string) => {
      const value = rest[name];
      delete rest[name];
      return encodeURIComponent(String(value ?? ''));
    });
    const headers: Record<string, string> = {};
    if (this.session?.token && usesAccessToken(op)) headers.authorization = `Bearer ${this.session.token}`;
    if (this.options.apiKey && (op.auth === 'api-key' || op.auth === 'admin-or-api-key')) headers['x-api-key'] = this.options.apiKey;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    if (options.accept) headers.accept = options.accept;
    let url = `${this.baseURL}${path}`;
    let body: string | undefined;
    if (http.method === 'GET' || http.method === 'DELETE') {
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(rest)) if (value !== undefined && value !== null) query.set(key, String(value));
      const qs = query.toString();
      if (qs) url += `?${qs}`;
    } else {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(rest);
    }
    return this.fetch(url, { method: http.method, headers, body, signal: options.signal }).catch((error: Error) => {
      if (error.name === 'AbortError') throw error;
      throw new ApiError(0, 'NETWORK_ERROR', `Could not reach ${this.baseURL}: ${error.message}`);
    });
  }
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
