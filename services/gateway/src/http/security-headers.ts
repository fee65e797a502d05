import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

type HeaderMiddleware = ReturnType<typeof helmet>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Helmet options replacing the global ones on this route (the demo page's CSP, the SDK's resource policy). */
    securityHeaders?: HelmetOptions;
  }
}

const middlewares = new WeakMap<HelmetOptions, HeaderMiddleware>();
const ignoreError = () => undefined;

/** The middleware of one route configuration, built on its first request and kept. */
function middlewareFor(options: HelmetOptions): HeaderMiddleware {
  let middleware = middlewares.get(options);
  if (!middleware) {
    middleware = helmet(options);
    middlewares.set(options, middleware);
  }
  return middleware;
}

/**
 * Helmet's security headers on every answer: helmet's defaults, or the
 * options a route sets in `config.securityHeaders` instead. @fastify/helmet
 * built a new helmet middleware (parsing its CSP directives again) for every
 * request, about 4 % of the gateway's CPU under load; here each configuration
 * is built once and a request only writes the headers. Directives given as
 * functions (the demo page's same-host WebSocket) are still evaluated per
 * request by helmet.
 */
export function registerSecurityHeaders(app: FastifyInstance): void {
  const global = helmet();
  app.addHook('onRequest', (request, reply, done) => {
    const own = request.routeOptions.config?.securityHeaders;
    const middleware = own ? middlewareFor(own) : global;
    // Helmet's middleware is synchronous: it sets the headers, then calls back (errors are thrown).
    middleware(request.raw, reply.raw, ignoreError);
    done();
  });
}
