import { DomainError, tickets } from '@platform/contracts';
import type { HandlersOf } from '@platform/service-kit';
import { eventView, ticketView } from '../domain/views.js';
import type { TicketsDeps } from './deps.js';

/** An event without an end time is over 4 hours after it starts: its tokens expire then. */
const DEFAULT_EVENT_DURATION_MS = 4 * 3_600_000;

/** Catalog and ticket administration (auth level `admin`, checked by the gateway and again by runOperation). */
export function adminHandlers(deps: TicketsDeps) {
  return {
    [tickets.adminCreateEvent.name]: async (input) => {
      const startsAt = new Date(input.startsAt);
      // "In the future" depends on the clock, so it is checked here rather than in the contract.
      if (startsAt.getTime() <= deps.now().getTime()) throw new DomainError('VALIDATION_FAILED', 'startsAt: must be in the future', { field: 'startsAt' });
      const event = await deps.catalog.create({
        id: input.id,
        clubId: input.clubId,
        title: input.title,
        venue: input.venue,
        startsAt,
        endsAt: input.endsAt ? new Date(input.endsAt) : new Date(startsAt.getTime() + DEFAULT_EVENT_DURATION_MS),
        categories: input.categories.map((category) => ({ ...category, priceMinor: category.price })),
      });
      return eventView(event, deps.now());
    },

    [tickets.adminAddCategory.name]: async (input) => {
      const event = await deps.catalog.addCategory(input.eventId, { code: input.code, name: input.name, priceMinor: input.price, capacity: input.capacity });
      return eventView(event, deps.now());
    },

    [tickets.adminUpdateCategory.name]: async (input) => {
      const event = await deps.catalog.updateCategory(input.eventId, input.category, { priceMinor: input.price, capacity: input.capacity });
      return eventView(event, deps.now());
    },

    [tickets.adminCancelEvent.name]: async (input) => {
      const ticketsCancelled = await deps.changes.cancelEvent(input.eventId, input.reason);
      // Refunds run in the background: an event may have thousands of tickets. The scheduled pass is the safety net.
      if (ticketsCancelled > 0) await deps.refundJob?.trigger();
      return { event: eventView(await deps.catalog.get(input.eventId), deps.now()), ticketsCancelled };
    },

    [tickets.adminRevokeTicket.name]: async (input) => {
      await deps.changes.revoke(input.id, input.reason);
      return ticketView((await deps.tickets.byId(input.id))!);
    },

    [tickets.adminCancelTicket.name]: async (input) => {
      await deps.changes.cancel(input.id, input.reason);
      // One ticket: refund now, so the answer says `refunded: true`; if the wallet is away, the retry job does it.
      await deps.refunds.refundTicket(input.id);
      return ticketView((await deps.tickets.byId(input.id))!);
    },
  } satisfies HandlersOf<'tickets'>;
}
