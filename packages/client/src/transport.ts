import { accessTokenExpiresAt } from './access-token.js';
import { ApiError, networkError, toApiError } from './errors.js';
import { ROUTES } from './generated/routes.js';
import { newIdempotencyKey } from './idempotency-key.js';
import type { Route } from './route.js';

export interface Session {
  token: string;
  refreshToken: string;
}

export interface TransportOptions {
  /**
   * e.g. http://localhost:3000 (an `/api` suffix, as in the seed client, is
   * accepted too). Default: the page's own origin in a browser, else
   * http://localhost:3000.
   */
  baseURL?: string;
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
  /**
   * In a browser, keep the session in localStorage (key `paiecashfan.session`)
   * so a reload, or a second `new PaieCashFanAPIClient()` on the page (as the
   * seed's React example makes), stays signed in. Default: on in browsers
   * when neither `session` nor `onSession` is given (the app then keeps it).
   */
  persistSession?: boolean;
}

const SESSION_STORAGE_KEY = 'paiecashfan.session';

/** The page's localStorage, when there is one and it can be used (private modes may refuse). */
function browserStorage(): Storage | undefined {
  try {
    const storage = (globalThis as { localStorage?: Storage }).localStorage;
    return storage && typeof storage.getItem === 'function' ? storage : undefined;
  } catch {
    return undefined;
  }
}

function readStoredSession(storage: Storage): Session | null {
  try {
    const session = JSON.parse(storage.getItem(SESSION_STORAGE_KEY) ?? 'null') as Session | null;
    return session && typeof session.token === 'string' && typeof session.refreshToken === 'string' ? session : null;
  } catch {
    return null;
  }
}

export interface CallOptions {
  /** Reuse the key of an earlier attempt to retry it safely; one is generated otherwise. */
  idempotencyKey?: string;
  accept?: string;
  signal?: AbortSignal;
}

/** Operations whose requests carry the access token. */
const usesAccessToken = (op: Route) => op.auth === 'user' || op.auth === 'admin' || op.auth === 'optional-user';

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
  private readonly storage: Storage | undefined;
  readonly baseURL: string;
  readonly fetch: typeof fetch;

  constructor(private readonly options: TransportOptions) {
    this.baseURL = (options.baseURL ?? defaultBaseURL()).replace(/\/+$/, '').replace(/\/api$/, '');
    this.fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
    const persist = options.persistSession ?? (options.session === undefined && options.onSession === undefined);
    this.storage = persist ? browserStorage() : undefined;
    this.session = options.session ?? (this.storage ? readStoredSession(this.storage) : null);
  }

  setSession(session: Session | null): void {
    this.session = session;
    try {
      if (session) this.storage?.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
      else this.storage?.removeItem(SESSION_STORAGE_KEY);
    } catch {
      // storage full or refused: the session still lives in memory
    }
    this.options.onSession?.(session);
  }

  getSession(): Session | null {
    return this.session;
  }

  async call(op: Route, input: Record<string, unknown>, options: CallOptions = {}): Promise<unknown> {
    // One key for the call, kept across the retry after a refresh: the server sees one logical request.
    const request = { ...options, idempotencyKey: op.idempotent ? (options.idempotencyKey ?? newIdempotencyKey()) : undefined };
    const sentToken = usesAccessToken(op) ? this.session?.token : undefined;
    let response = await this.send(op, input, request);
    if (response.status === 401 && sentToken && (await this.renewAfter(sentToken))) {
      response = await this.send(op, input, request);
    }
    const body = await readBody(response);
    if (!response.ok) {
      if (response.status === 401 && sentToken) this.expire();
      throw toApiError(response.status, body, response.headers);
    }
    return body;
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
    const response = await this.fetch(`${this.baseURL}${ROUTES['auth.refresh'].path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken }),
    }).catch((error: Error) => {
      throw networkError(this.baseURL, error);
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

  private send(op: Route, input: Record<string, unknown>, options: CallOptions): Promise<Response> {
    const http = op.http ?? (op.method && op.path ? { method: op.method, path: op.path } : undefined);
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
      throw networkError(this.baseURL, error);
    });
  }
}

/** The page's own origin in a browser (the demo and apps served by the gateway), else a gateway on this machine. */
export function defaultBaseURL(): string {
  const origin = (globalThis as { location?: { origin?: string } }).location?.origin;
  return origin && /^https?:/.test(origin) ? `${origin}/api` : 'http://localhost:3000/api';
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
