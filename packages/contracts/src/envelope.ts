import { z } from 'zod';
import { ERROR_STATUS, type ErrorCode, type ErrorPayload } from './errors.js';

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

// The envelopes above as zod schemas, for the event catalog (/docs/events) and
// for callers outside the service kit. `satisfies` keeps them true to the types.

export const identitySchema = z.object({ id: z.string(), role: z.enum(['user', 'admin', 'staff']), email: z.string() }) satisfies z.ZodType<Identity>;

export const requestContextSchema = z.object({
  requestId: z.string(),
  deadline: z.number().describe('Epoch milliseconds after which the caller has given up'),
  user: identitySchema.optional().describe('The caller, as the gateway identified it from its access token'),
  idempotencyKey: z.string().optional(),
  apiKey: z.string().optional(),
  ip: z.string().optional(),
}) satisfies z.ZodType<RequestContext>;

export const errorPayloadSchema = z.object({
  code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
  status: z.number().int(),
  message: z.string(),
  field: z.string().optional().describe('The offending input field, when there is one'),
  details: z.record(z.string(), z.unknown()).optional(),
}) satisfies z.ZodType<ErrorPayload>;

export const errorReplySchema = z.object({ ok: z.literal(false), error: errorPayloadSchema });
