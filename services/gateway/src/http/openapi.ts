import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { openApiDocs } from '@platform/service-kit';
import type { FastifyInstance } from 'fastify';

const API_DESCRIPTION = `Every route is generated from \`packages/contracts\`: the same zod schemas validate requests here, in each service and in the typed SDK (\`@platform/client\`).

**Authentication.** Sign in with \`POST /api/auth/login\` (demo: \`demo@paiecashfan.com\` / \`demo123\`), then click *Authorize* and paste the \`token\` as *bearerAuth*. Access tokens live 15 minutes; \`POST /api/auth/refresh\` trades the single-use \`refreshToken\` for a new pair. Each route says which scheme it needs: none (public), bearer (user or admin), bearer optional, or \`X-API-Key\`.

**Money** is sent as a JSON number or a decimal string in euros (\`"12.50"\`, at most 2 decimals) and returned both ways: \`amount\` for display, \`amountMinor\` in exact cents.

**Retries.** POSTs that create or charge accept an \`Idempotency-Key\` header: the same key again returns the first answer.

**Errors** are JSON naming the offending field. Most routes answer \`{error: {code, status, message, field}}\`; the seed-compatible routes keep their own shapes (orders snapshot \`{error, code, field}\`, bookings and sync \`{success: false, error, code, field}\`). Every route shows its error examples.

**Realtime**: \`wss://<host>/api/social/ws\` (docs/realtime.md). A front-end walkthrough: docs/first-10-minutes.md.

**Events and NATS operations** between services: [/docs/events](/docs/events) (AsyncAPI 3.0, docs/events.md).`;

/**
 * OpenAPI 3 built from the routes, which are built from the contracts.
 * Registered before the routes. The document is built on the first request
 * for it (then cached), each contract route's part from its contract.
 */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    transform: openApiDocs,
    openapi: {
      openapi: '3.0.3',
      info: { title: 'PaieCashFan platform API', version: '0.1.0', description: API_DESCRIPTION },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The `token` of POST /api/auth/login, /register or /refresh.' },
          apiKey: {
            type: 'apiKey',
            in: 'header',
            name: 'X-API-Key',
            description: 'A client key for the export and orders-snapshot APIs, given by the operator.',
          },
        },
      },
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    // A developer who authorized once keeps the token across reloads of the page.
    uiConfig: { persistAuthorization: true, displayRequestDuration: true, docExpansion: 'list', filter: true },
  });
}
