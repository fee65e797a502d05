import { DomainError, ERROR_STATUS, type ErrorCode, type ErrorPayload, type ErrorStyle, type FieldProblem } from '@platform/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from './logger.js';

/** The first offending field: the error's own, or the one a conflict named in its details (e.g. a duplicate email). */
function fieldOf(error: ErrorPayload): string | undefined {
  if (error.field) return error.field;
  const named = error.details?.field;
  return typeof named === 'string' ? named : undefined;
}

/** Every offending field, each {field, message}: validation lists them all; any other error with a field lists that one. */
function fieldsOf(error: ErrorPayload, field: string | undefined): FieldProblem[] {
  if (error.fields && error.fields.length > 0) return error.fields;
  return field ? [{ field, message: error.message }] : [];
}

/**
 * Renders an error in the shape the operation's clients expect (see ErrorStyle
 * and docs/api-conventions.md). The envelope always carries `field` (null when
 * no field is at fault) and `fields` (every offending field); the seeds' own
 * styles keep `error` as a string and add `fields` and `retryAfter` beside it.
 */
export function renderError(style: ErrorStyle, error: ErrorPayload, requestId: string): Record<string, unknown> {
  const field = fieldOf(error);
  const fields = fieldsOf(error, field);
  const retryAfter = error.retryAfter !== undefined ? { retryAfter: error.retryAfter } : {};
  const extra = { ...(field ? { field } : {}), fields, ...retryAfter, ...(error.details ?? {}), requestId };
  switch (style) {
    case 'flat':
      return { error: error.message, code: error.code, ...extra };
    case 'success-flag':
      return { success: false, error: error.message, code: error.code, ...extra };
    default:
      return {
        error: {
          code: error.code,
          status: error.status,
          message: error.message,
          field: field ?? null,
          fields,
          ...retryAfter,
          ...(error.details ? { details: error.details } : {}),
        },
        requestId,
      };
  }
}

export function sendError(reply: FastifyReply, style: ErrorStyle, error: ErrorPayload): FastifyReply {
  const retryAfter = error.retryAfter ?? error.details?.retryAfterSeconds;
  if (typeof retryAfter === 'number' && retryAfter > 0) reply.header('retry-after', String(Math.ceil(retryAfter)));
  return reply.status(error.status).send(renderError(style, error, reply.request.id));
}

function styleOf(request: FastifyRequest): ErrorStyle {
  const config = request.routeOptions?.config as { errorStyle?: ErrorStyle } | undefined;
  return config?.errorStyle ?? 'envelope';
}

const codeForStatus = (status: number): ErrorCode => {
  const found = (Object.entries(ERROR_STATUS) as Array<[ErrorCode, number]>).find(([, s]) => s === status);
  return found ? found[0] : status >= 500 ? 'INTERNAL' : 'BAD_REQUEST';
};

/** Our words for Fastify's own refusals: its messages name its internals and can echo the URL back. */
const messageFor: Record<string, { message: string; field?: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { message: 'body: is not valid JSON', field: 'body' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { message: 'body: is empty but Content-Type is application/json', field: 'body' },
  FST_ERR_CTP_BODY_TOO_LARGE: { message: 'body: is larger than the limit for this endpoint', field: 'body' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { message: 'body: Content-Type is not supported; send application/json', field: 'body' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { message: 'body: is not as long as its Content-Length says', field: 'body' },
  FST_ERR_CTP_EMPTY_TYPE: { message: 'body: Content-Type is empty; send application/json', field: 'body' },
  FST_ERR_CTP_INVALID_TYPE: { message: 'body: Content-Type is not valid; send application/json', field: 'body' },
  FST_ERR_BAD_URL: { message: 'The URL is not valid: a path segment is not well-formed percent-encoding' },
  FST_ERR_INVALID_URL: { message: 'The URL is not valid' },
  FST_ERR_ASYNC_CONSTRAINT: { message: 'The request does not match any route constraint' },
};

/** A generic message for a refusal we have no words of our own for: never Fastify's text. */
const genericMessage = (status: number): string =>
  status === 404 ? 'Not found' : status === 405 ? 'Method not allowed' : status === 413 ? 'body: is too large' : 'The request is malformed';

/**
 * Why the request as a whole was refused, before any field of it was read.
 * The JSON parser refuses a `__proto__` key (prototype poisoning) with a
 * SyntaxError too, but that body is valid JSON and the client should hear why.
 */
function requestProblem(error: Error & { code?: string; statusCode?: number }, status: number): { message: string; field?: string } {
  if (error.code && messageFor[error.code]) return messageFor[error.code]!;
  if (error instanceof SyntaxError) {
    return /prototype property/.test(error.message)
      ? { message: 'body: must not contain a "__proto__" key', field: 'body' }
      : { message: 'body: is not valid JSON', field: 'body' };
  }
  if (error.code?.startsWith('FST_')) return { message: genericMessage(status) };
  return { message: error.message };
}

/** The path of a URL, capped, so a 404 names the route it could not find without echoing a query or a megabyte of path. */
const shownPath = (url: string) => {
  const path = url.split('?')[0] ?? '';
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
};

/**
 * Refusals Fastify makes before routing (a malformed URL, a failed route
 * constraint) in our words: Fastify's own answer names its code and echoes the URL.
 */
export function frameworkErrorHandler(error: Error & { code?: string; statusCode?: number }, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const problem = requestProblem(error, status);
  void sendError(reply, 'envelope', { code: codeForStatus(status), status, message: problem.message });
}

/**
 * Every error leaves as JSON in the operation's error style: malformed JSON,
 * oversize bodies and unknown routes included. A DomainError thrown by a hook
 * (rate limit, body parser) keeps its code and fields; client errors keep
 * Fastify's status in our words; anything else is a 500 whose details stay in the log.
 */
export function installErrorHandlers(app: FastifyInstance, log: Logger): void {
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (error instanceof DomainError) return sendError(reply, styleOf(request), error.toPayload());
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) {
      log.error({ err: error, url: request.url, requestId: request.id }, 'unhandled error');
      return sendError(reply, styleOf(request), { code: 'INTERNAL', status, message: 'Internal error' });
    }
    const problem = requestProblem(error, status);
    return sendError(reply, styleOf(request), {
      code: status === 429 ? 'RATE_LIMITED' : codeForStatus(status),
      status,
      message: problem.message,
      ...(problem.field ? { field: problem.field } : {}),
    });
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 'envelope', { code: 'NOT_FOUND', status: 404, message: `No route ${request.method} ${shownPath(request.url)}` }),
  );
}
