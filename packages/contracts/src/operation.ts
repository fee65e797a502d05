import type { z } from 'zod';

/**
 * public: anyone; user/admin: a valid access token (admin role for admin);
 * optional-user: identity used when a token is sent; api-key: the service checks
 * X-API-Key itself; admin-or-api-key: an administrator's token or the service's
 * X-API-Key (the gateway identifies the token, the service decides);
 * internal: NATS only, for other services (never routed by the gateway).
 */
export type AuthLevel = 'public' | 'user' | 'admin' | 'api-key' | 'admin-or-api-key' | 'optional-user' | 'internal';

/** Auth levels whose X-API-Key header the gateway forwards to the service. */
export const takesApiKey = (level: AuthLevel) => level === 'api-key' || level === 'admin-or-api-key';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * How errors of an operation are rendered over HTTP. Seeds that already have
 * clients in the field fix their own shape; everything else uses `envelope`.
 *  - envelope:      { error: { code, status, message, field? } }
 *  - flat:          { error: "message", code, field? }             (orders snapshot seed)
 *  - success-flag:  { success: false, error: "message", code, field? } (bookings, sync seeds)
 */
export type ErrorStyle = 'envelope' | 'flat' | 'success-flag';

export interface HttpBinding {
  method: HttpMethod;
  /** Fastify path syntax, e.g. /api/tickets/:id/qr */
  path: string;
  /** Status of a successful response. */
  successStatus?: number;
  /**
   * Rate limit for this route, on top of the gateway's per-account and per-IP
   * limits. Counted per signed-in account when the request carries a valid
   * access token, else per value of the body field `key` when set (login and
   * register count per email), else per client IP.
   */
  rateLimit?: RouteRateLimit;
  /**
   * The route can also answer with raw bytes: when the request's Accept header
   * asks for `contentType`, the output field `field` (base64) is sent as the body.
   * Used for QR code PNGs.
   */
  binary?: { field: string; contentType: string };
  /**
   * The route can answer with a redirect: when the output carries a string in
   * `field`, the answer is `307 Temporary Redirect` to it (no body). Used to
   * hand out short-lived presigned URLs of objects too large for one NATS reply.
   */
  redirect?: { field: string };
  /**
   * The operation may answer before its work is done: when the client sends
   * `Prefer: respond-async` (RFC 7240) the handler sees `ctx.preferAsync`, and
   * whenever `location` finds a URL in the output (work still running), the
   * reply is 202 with that `Location`. Otherwise the usual success status.
   */
  async?: { location: (output: unknown) => string | undefined };
  /**
   * Fields every error reply of this route carries, under what the service
   * adds: a seed whose clients read a field even on failure (e.g.
   * `healthy: false`) gets it also when the gateway itself answers (503, 504).
   */
  errorBody?: Record<string, unknown>;
}

export interface RouteRateLimit {
  max: number;
  timeWindowMs: number;
  /** A body field whose value keys the limit for callers without a token (e.g. `email`). */
  key?: 'email';
  /** The limit for a staff or admin account instead of `max` (a gate device scanning tickets). */
  staffMax?: number;
}

/**
 * `N` and `S` keep an operation's name and service as literal types (e.g.
 * 'wallet.send', 'wallet'), so the set of operations a service must serve is
 * known to the compiler (catalog.ts, OperationsOf).
 */
export interface OperationDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType, N extends string = string, S extends string = string> {
  /** `<service>.<operation>`; the NATS subject is `svc.<name>`. */
  name: N;
  service: S;
  summary: string;
  auth: AuthLevel;
  input: I;
  output: O;
  http?: HttpBinding;
  errorStyle?: ErrorStyle;
  /** Accepts an Idempotency-Key header (POSTs that create or charge). */
  idempotent?: boolean;
  /** Deadline the gateway gives the service, in milliseconds. */
  timeoutMs?: number;
  tags?: string[];
  /**
   * Shown in the API docs (/docs) as the request and the success response.
   * A contracts test parses each with this operation's own schemas, so the
   * docs cannot show a request the server would refuse.
   */
  examples?: OperationExamples<I, O>;
}

export interface OperationExamples<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  /** One input object, as a client sends it (path, query and body fields together). */
  input?: z.input<I>;
  output?: z.output<O>;
}

export type Operation<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType, N extends string = string, S extends string = string> = Readonly<
  OperationDefinition<I, O, N, S>
> & { readonly subject: string };

export type InputOf<Op> = Op extends Operation<infer I, z.ZodType> ? z.output<I> : never;
export type RawInputOf<Op> = Op extends Operation<infer I, z.ZodType> ? z.input<I> : never;
export type OutputOf<Op> = Op extends Operation<z.ZodType, infer O> ? z.output<O> : never;

export const DEFAULT_TIMEOUT_MS = 5_000;

export function defineOperation<I extends z.ZodType, O extends z.ZodType, N extends string, S extends string>(
  definition: OperationDefinition<I, O, N, S>,
): Operation<I, O, N, S> {
  if (!definition.name.startsWith(`${definition.service}.`)) {
    throw new Error(`operation ${definition.name} must be prefixed by its service name ${definition.service}`);
  }
  return Object.freeze({ ...definition, subject: `svc.${definition.name}` });
}

/** NATS subject of an operation, under an optional namespace used to isolate test runs. */
export function operationSubject(op: { subject: string }, namespace = ''): string {
  return namespace ? `${namespace}.${op.subject}` : op.subject;
}
