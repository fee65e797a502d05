import type { Operation, OutputOf, RawInputOf } from '@platform/contracts';
import { ApiError, toApiError } from './errors.js';

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
  fetch?: typeof fetch;
}

export interface CallOptions {
  idempotencyKey?: string;
  accept?: string;
  signal?: AbortSignal;
}

const newIdempotencyKey = () => globalThis.crypto.randomUUID();

/**
 * Calls contract operations over HTTP. The path, method and where each input
 * field goes (path, query or body) come from the contract, so the SDK cannot
 * drift from the server.
 */
export class Transport {
  private session: Session | null = null;
  private refreshing: Promise<boolean> | null = null;
  private readonly baseURL: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: TransportOptions) {
    this.baseURL = options.baseURL.replace(/\/+$/, '').replace(/\/api$/, '');
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  setSession(session: Session | null): void {
    this.session = session;
    this.options.onSession?.(session);
  }

  getSession(): Session | null {
    return this.session;
  }

  async call<Op extends Operation>(op: Op, input: RawInputOf<Op>, options: CallOptions = {}): Promise<OutputOf<Op>> {
    const idempotencyKey = op.idempotent ? (options.idempotencyKey ?? newIdempotencyKey()) : undefined;
    const send = () => this.send(op, input as Record<string, unknown>, { ...options, idempotencyKey });
    let response = await send();
    const needsAuth = op.auth === 'user' || op.auth === 'admin' || op.auth === 'optional-user';
    if (response.status === 401 && needsAuth && this.session && (await this.refreshOnce())) response = await send();
    const body = await readBody(response);
    if (!response.ok) {
      if (response.status === 401 && needsAuth) {
        this.setSession(null);
        this.options.onTokenExpired?.();
      }
      throw toApiError(response.status, body);
    }
    return body as OutputOf<Op>;
  }

  /** One refresh at a time: concurrent 401s wait for the same refresh. */
  private refreshOnce(): Promise<boolean> {
    this.refreshing ??= (async () => {
      const refreshToken = this.session?.refreshToken;
      if (!refreshToken) return false;
      const res = await this.fetchImpl(`${this.baseURL}/api/auth/refresh`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken }),
      });
      if (!res.ok) return false;
      const session = (await res.json()) as Session;
      this.setSession({ token: session.token, refreshToken: session.refreshToken });
      return true;
    })().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
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
    if (this.session?.token && op.auth !== 'public') headers.authorization = `Bearer ${this.session.token}`;
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
    return this.fetchImpl(url, { method: http.method, headers, body, signal: options.signal }).catch((error: Error) => {
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
