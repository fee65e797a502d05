import { ERROR_STATUS, type ErrorCode, type ErrorPayload, type ErrorStyle } from '@platform/contracts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from './logger.js';

/** Renders an error in the shape the operation's clients expect (see ErrorStyle). */
export function renderError(style: ErrorStyle, error: ErrorPayload, requestId: string): Record<string, unknown> {
  const extra = { ...(error.field ? { field: error.field } : {}), ...(error.details ?? {}), requestId };
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
          ...(error.field ? { field: error.field } : {}),
          ...(error.details ? { details: error.details } : {}),
        },
        requestId,
      };
  }
}

export function sendError(reply: FastifyReply, style: ErrorStyle, error: ErrorPayload): FastifyReply {
  if (error.code === 'RATE_LIMITED' && error.details?.retryAfterSeconds) {
    reply.header('retry-after', String(error.details.retryAfterSeconds));
  }
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

const messageFor: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'body: is not valid JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'body: is empty but Content-Type is application/json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body: is larger than the limit for this endpoint',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'body: Content-Type is not supported; send application/json',
};

/**
 * Why the body as a whole was refused, before any field of it was read. The
 * JSON parser refuses a `__proto__` key (prototype poisoning) with a
 * SyntaxError too, but that body is valid JSON and the client should hear why.
 */
function bodyProblem(error: Error & { code?: string }): string | undefined {
  if (error.code && messageFor[error.code]) return messageFor[error.code];
  if (!(error instanceof SyntaxError)) return undefined;
  return /prototype property/.test(error.message) ? 'body: must not contain a "__proto__" key' : 'body: is not valid JSON';
}

/**
 * Every error leaves as JSON in the operation's error style: malformed JSON,
 * oversize bodies and unknown routes included. Client errors keep Fastify's
 * status (a refused body names `body` as its field); anything else is a 500
 * whose details stay in the log.
 */
export function installErrorHandlers(app: FastifyInstance, log: Logger): void {
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) log.error({ err: error, url: request.url, requestId: request.id }, 'unhandled error');
    const bodyMessage = status === 500 ? undefined : bodyProblem(error);
    const message = status === 500 ? 'Internal error' : (bodyMessage ?? error.message);
    return sendError(reply, styleOf(request), {
      code: status === 429 ? 'RATE_LIMITED' : codeForStatus(status),
      status,
      message,
      ...(bodyMessage ? { field: 'body' } : {}),
    });
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 'envelope', { code: 'NOT_FOUND', status: 404, message: `No route ${request.method} ${request.url.split('?')[0]}` }),
  );
}
