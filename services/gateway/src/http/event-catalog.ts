import { allEvents, allOperations, type EventContract, type Operation } from '@platform/contracts';
import { asyncApiDocument } from '@platform/service-kit';
import type { FastifyInstance } from 'fastify';
import { renderEventCatalogPage } from './event-catalog-page.js';

/**
 * The event catalog (docs/events.md): the AsyncAPI 3.0 document of every
 * event and NATS operation at /docs/events.json, and a page to read it at
 * /docs/events. Built from the contracts on the first request, then kept:
 * the contracts do not change while the gateway runs.
 */
export function registerEventCatalog(app: FastifyInstance, options: { operations?: readonly Operation[]; events?: readonly EventContract[] } = {}): void {
  let document: Record<string, unknown> | undefined;
  let page: string | undefined;
  const catalog = () => {
    document ??= asyncApiDocument({ operations: options.operations ?? allOperations, events: options.events ?? allEvents });
    return document;
  };
  const routeOptions = { schema: { hide: true } };

  app.get('/docs/events.json', routeOptions, async (_request, reply) => reply.header('cache-control', 'no-cache').send(catalog()));
  app.get('/docs/events', routeOptions, async (_request, reply) => {
    page ??= renderEventCatalogPage(catalog());
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page);
  });
}
