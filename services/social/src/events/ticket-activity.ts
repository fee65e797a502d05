import { tickets } from '@platform/contracts';
import { consumeEvent, type RunningConsumer, type Service } from '@platform/service-kit';
import type { FeedStore } from '../store/feed.js';
import type { SocialGraph } from '../store/social-graph.js';

/** Only the fields a card needs: the rest of the purchase (price, transfer) is none of the feed's business. */
const purchaseFields = tickets.ticketPurchased.payload.pick({ userId: true, eventId: true, clubId: true, category: true, occurredAt: true });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Builds an activity card from each ticket purchase whose buyer shares their
 * activity (social settings, off by default). Durable consumer: a purchase
 * made while social was down becomes a card when it comes back. Idempotent by
 * event id (feed_items.source_event_id), since JetStream redelivers on failure.
 */
export function consumeTicketPurchases(service: Service, deps: { namespace: string; feed: FeedStore; graph: SocialGraph }): Promise<RunningConsumer> {
  return consumeEvent({
    nc: service.nc,
    namespace: deps.namespace,
    durable: 'social',
    event: tickets.ticketPurchased,
    logger: service.logger,
    handler: async (envelope) => {
      // A payload that does not match the contract would fail forever: log it and let it go.
      const parsed = purchaseFields.safeParse(envelope.data);
      if (!parsed.success || !UUID.test(parsed.data.userId)) {
        service.logger.warn({ eventId: envelope.id, issues: parsed.error?.issues.slice(0, 3) }, 'ticket purchase event does not match its contract; skipped');
        return;
      }
      const purchase = parsed.data;
      // Whether the buyer shares activity is read when the event arrives: opting in later does not reveal earlier purchases.
      if (!(await deps.graph.sharesActivity(purchase.userId))) return;
      const occurredAt = new Date(purchase.occurredAt);
      await deps.feed.addActivity({
        sourceEventId: envelope.id,
        actorId: purchase.userId,
        clubId: purchase.clubId.toLowerCase(),
        activity: { type: 'ticket.purchased', eventId: purchase.eventId, clubId: purchase.clubId.toLowerCase(), category: purchase.category },
        occurredAt: Number.isNaN(occurredAt.getTime()) ? new Date() : occurredAt,
      });
    },
  });
}
