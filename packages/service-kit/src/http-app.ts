import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { installErrorHandlers } from './http-errors.js';
import type { Logger } from './logger.js';
import { requestIdFrom } from './request-id.js';

export interface HttpAppOptions {
  logger: Logger;
  bodyLimitBytes?: number;
  trustProxy?: boolean | string;
  /** Log every request (the gateway does; internal servers only log errors). */
  logRequests?: boolean;
}

/**
 * The Fastify instance every HTTP server of the platform starts from: request
 * ids, JSON errors, and no schema validation or serialization by Fastify,
 * because the contracts' zod schemas do that job (Fastify's copies of those
 * schemas only feed the OpenAPI document).
 */
export function createHttpApp(options: HttpAppOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: options.logger,
    logController: new LogController({ disableRequestLogging: !options.logRequests }),
    genReqId: requestIdFrom,
    bodyLimit: options.bodyLimitBytes ?? 1_048_576,
    trustProxy: options.trustProxy ?? false,
    return503OnClosing: true,
    ajv: { customOptions: { strict: false } },
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(() => () => true);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  installErrorHandlers(app, options.logger);
  return app;
}
