import {
  DEFAULT_TIMEOUT_MS,
  DomainError,
  type ErrorPayload,
  type Operation,
  type ReplyEnvelope,
  type RequestContext,
  takesApiKey,
  validationErrorOptions,
} from '@platform/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { identify } from './auth.js';
import { sendError } from './http-errors.js';

export type Dispatch = (op: Operation, input: unknown, ctx: RequestContext) => Promise<ReplyEnvelope>;

export interface RouteOptions {
  dispatch: Dispatch;
  /** Validate at the edge too, so bad input never costs a NATS hop. */
  validateAtEdge?: boolean;
  /** Adds per-route Fastify config, e.g. the rate limit plugin's options. */
  routeConfig?: (op: Operation) => Record<string, unknown>;
  /** Called with each response, for counters. */
  onResponse?: (op: Operation, ok: boolean) => void;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** One input object from the route: query, then body, then path parameters (which win). */
function inputOf(request: FastifyRequest): unknown {
  const body = request.body;
  if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) return body;
  return { ...(request.query as object), ...((body as object | undefined) ?? {}), ...(request.params as object) };
}

function wantsBinary(request: FastifyRequest, contentType: string): boolean {
  const accept = request.headers.accept;
  return typeof accept === 'string' && accept.split(',').some((part) => part.trim().split(';')[0] === contentType);
}

const idempotencyKeyPattern = /^[A-Za-z0-9._:-]{1,200}$/;

/** RFC 7240: `Prefer: respond-async`, alone or among other preferences. */
function prefersAsync(request: FastifyRequest): boolean {
  const prefer = request.headers.prefer;
  const values = Array.isArray(prefer) ? prefer : typeof prefer === 'string' ? [prefer] : [];
  return values.some((value) => value.split(',').some((part) => part.trim().split(';')[0].trim().toLowerCase() === 'respond-async'));
}

/** The route's errorBody fields under the error's own details. */
function withErrorBody(op: Operation, error: ErrorPayload): ErrorPayload {
  const defaults = op.http?.errorBody;
  return defaults ? { ...error, details: { ...defaults, ...error.details } } : error;
}

/**
 * Turns contract operations into HTTP routes. The gateway forwards through
 * NATS; a service's own server calls its handlers directly. Either way the
 * route, auth level, validation and error shape come from the contract.
 */
export function mountOperationRoutes(app: FastifyInstance, ops: readonly Operation[], options: RouteOptions): void {
  for (const op of ops) {
    if (!op.http) continue;
    const errorStyle = op.errorStyle ?? 'envelope';
    app.route({
      method: op.http.method,
      url: op.http.path,
      // No schema: Fastify neither validates nor serializes with one (the contract does), and
      // the API document builds its own from `contract` when asked (route-docs.ts, openApiDocs).
      config: { errorStyle, operation: op.name, contract: op, ...(options.routeConfig?.(op) ?? {}) },
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        try {
          const user = await identify(request, op.auth);
          const input = inputOf(request);
          if (options.validateAtEdge) {
            const parsed = op.input.safeParse(input);
            if (!parsed.success) {
              const { message, ...fields } = validationErrorOptions(parsed.error);
              throw new DomainError('VALIDATION_FAILED', message, fields);
            }
          }
          const idempotencyKey = op.idempotent ? header(request, 'idempotency-key') : undefined;
          if (idempotencyKey !== undefined && !idempotencyKeyPattern.test(idempotencyKey)) {
            throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key: must be 1-200 characters of A-Z a-z 0-9 . _ : -', { field: 'Idempotency-Key' });
          }
          const ctx: RequestContext = {
            requestId: request.id,
            deadline: Date.now() + (op.timeoutMs ?? DEFAULT_TIMEOUT_MS),
            user,
            idempotencyKey,
            apiKey: takesApiKey(op.auth) ? header(request, 'x-api-key') : undefined,
            ip: request.ip,
            ...(op.http?.async && prefersAsync(request) ? { preferAsync: true } : {}),
          };
          const result = await options.dispatch(op, input, ctx);
          options.onResponse?.(op, result.ok);
          if (!result.ok) return sendError(reply, errorStyle, withErrorBody(op, result.error));
          const redirect = op.http!.redirect;
          const redirectTo = redirect ? (result.data as Record<string, unknown>)[redirect.field] : undefined;
          if (typeof redirectTo === 'string') {
            // A short-lived presigned URL: no cache may keep the redirect longer than the URL lives.
            return reply.header('cache-control', 'no-store').redirect(redirectTo, 307);
          }
          const location = op.http!.async?.location(result.data);
          if (location !== undefined) {
            if (ctx.preferAsync) reply.header('preference-applied', 'respond-async');
            return reply.status(202).header('location', location).send(result.data);
          }
          const binary = op.http!.binary;
          if (binary && wantsBinary(request, binary.contentType)) {
            const encoded = (result.data as Record<string, unknown>)[binary.field];
            return reply
              .status(op.http!.successStatus ?? 200)
              .type(binary.contentType)
              .header('x-content-type-options', 'nosniff') // bytes a user uploaded: never let a browser guess them into HTML
              .send(Buffer.from(String(encoded), 'base64'));
          }
          return reply.status(op.http!.successStatus ?? 200).send(result.data);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          options.onResponse?.(op, false);
          return sendError(reply, errorStyle, withErrorBody(op, error.toPayload()));
        }
      },
    });
  }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    errorStyle?: import('@platform/contracts').ErrorStyle;
    operation?: string;
    /** The operation the route was generated from. */
    contract?: Operation;
  }
}
