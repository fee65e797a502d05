import { requestIdempotency } from '@platform/checkout';
import { tickets } from '@platform/contracts';
import type { HandlersOf } from '@platform/service-kit';
import { ticketView } from '../domain/views.js';
import type { TicketsDeps } from './deps.js';

/**
 * POST /api/tickets/purchase: the checkout saga reserves a seat (server price,
 * 409 when sold out or when the client's price is stale), charges the wallet
 * and issues the ticket. With an Idempotency-Key a retry returns the same ticket.
 */
export function purchaseHandlers(deps: TicketsDeps) {
  return {
    [tickets.purchase.name]: async (input, ctx) => {
      const purchase = await deps.saga.purchase({
        userId: ctx.user!.id,
        request: { eventId: input.eventId, category: input.category, priceMinor: input.price },
        idempotency: requestIdempotency(ctx, tickets.purchase, input),
        parent: { requestId: ctx.requestId, deadline: ctx.deadline },
      });
      // The ticket this call issued comes back with the purchase; a replay of an earlier purchase reads it.
      const ticket = purchase.receipt ?? (await deps.tickets.byId(purchase.id));
      if (!ticket) throw new Error(`confirmed purchase ${purchase.id} has no ticket`);
      return ticketView(ticket);
    },
  } satisfies HandlersOf<'tickets'>;
}
