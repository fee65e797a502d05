import type { ErrorPayload } from './errors.js';

/** staff: venue staff who scan tickets; admin: everything. */
export type Role = 'user' | 'admin' | 'staff';

export interface Identity {
  id: string;
  role: Role;
  email: string;
}

/** Context the gateway attaches to every request it forwards to a service. */
export interface RequestContext {
  requestId: string;
  /** Epoch milliseconds after which the caller has given up. */
  deadline: number;
  user?: Identity;
  idempotencyKey?: string;
  apiKey?: string;
  ip?: string;
  /** The client sent `Prefer: respond-async` to an operation that supports it (http.async). */
  preferAsync?: boolean;
}

export interface RequestEnvelope {
  input: unknown;
  ctx: RequestContext;
}

export type ReplyEnvelope<T = unknown> = { ok: true; data: T } | { ok: false; error: ErrorPayload };
