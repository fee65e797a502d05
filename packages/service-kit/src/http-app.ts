import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { frameworkErrorHandler, installErrorHandlers } from './http-errors.js';
import { installJsonBodyParser } from './json-body.js';
import type { Logger } from './logger.js';
import { requestIdFrom } from './request-id.js';

/**
 * How long a client may take. A request that sends its headers and stalls its
 * body would otherwise hold a connection for ever (slowloris): Node answers
 * 408 when the headers or the whole request are not in within their time.
 */
export interface HttpTimeouts {
  /** The whole request (headers and body) must arrive within this; 408 otherwise. */
  requestMs: number;
  /** The headers must arrive within this (at most requestMs); 408 otherwise. */
  headersMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveMs: number;
  /** How often Node checks requests against those timeouts (it checks in rounds, not per request). */
  checkIntervalMs: number;
}

export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = { requestMs: 30_000, headersMs: 20_000, keepAliveMs: 72_000, checkIntervalMs: 5_000 };

export interface HttpAppOptions {
  logger: Logger;
  bodyLimitBytes?: number;
  /** Fastify's trustProxy: true, a hop count, or a comma list of addresses/CIDRs whose X-Forwarded-For is believed (request.ip). */
  trustProxy?: boolean | string | number;
  timeouts?: Partial<HttpTimeouts>;
  /** Log every request (the gateway does; internal servers only log errors). */
  logRequests?: boolean;
}

/**
 * The Fastify instance every HTTP server of the platform starts from: request
 * ids, JSON errors, timeouts for slow clients, and no schema validation or
 * serialization by Fastify, because the contracts' zod schemas do that job
 * (Fastify's copies of those schemas only feed the OpenAPI document).
 */
export function createHttpApp(options: HttpAppOptions): FastifyInstance {
  const timeouts = { ...DEFAULT_HTTP_TIMEOUTS, ...options.timeouts };
  const headersMs = Math.min(timeouts.headersMs, timeouts.requestMs);
  const app = Fastify({
    loggerInstance: options.logger,
    logController: new LogController({ disableRequestLogging: !options.logRequests }),
    genReqId: requestIdFrom,
    bodyLimit: options.bodyLimitBytes ?? 1_048_576,
    // A number is a hop count (Fastify takes it at run time; its typings name only the other forms).
    trustProxy: (options.trustProxy ?? false) as boolean | string,
    return503OnClosing: true,
    frameworkErrors: frameworkErrorHandler,
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    http: { headersTimeout: headersMs, requestTimeout: timeouts.requestMs, connectionsCheckingInterval: timeouts.checkIntervalMs },
    ajv: { customOptions: { strict: false } },
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(() => () => true);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  installJsonBodyParser(app);
  installErrorHandlers(app, options.logger);
  return app;
}
