import { DomainError, tickets } from '@platform/contracts';
import { pageOf, type HandlersOf } from '@platform/service-kit';
import { pngDataUrl } from '../domain/qr-image.js';
import { signTicketToken } from '../domain/ticket-token.js';
import { ticketView } from '../domain/views.js';
import { timeKey } from '../store/keyset.js';
import type { TicketsDeps } from './deps.js';

/** A fan's own tickets and their QR codes; nobody else's (another holder's ticket is a 404, like an unknown one). */
export function myTicketsHandlers(deps: TicketsDeps) {
  return {
    [tickets.myTickets.name]: async (input, ctx) => {
      const rows = await deps.tickets.byHolder(ctx.user!.id, input.limit, input.cursor);
      const page = pageOf(rows, input.limit, (ticket) => timeKey(ticket.createdAt, ticket.id));
      return { tickets: page.items.map(ticketView), nextCursor: page.nextCursor };
    },

    [tickets.ticketQr.name]: async (input, ctx) => {
      const ticket = await deps.tickets.forHolder(input.id, ctx.user!.id);
      if (!ticket) throw new DomainError('NOT_FOUND', `id: you have no ticket ${input.id}`, { field: 'id' });
      // Signed on demand with the active key: after a key rotation, fans get fresh QR codes while old ones still verify.
      const token = signTicketToken(
        {
          ticketId: ticket.id,
          eventId: ticket.eventId,
          category: ticket.category.code,
          holderId: ticket.userId,
          validFrom: ticket.validFrom,
          validUntil: ticket.validUntil,
        },
        deps.keys,
      );
      const png = await deps.qrCodes.png(token);
      return { ticketId: ticket.id, token, qrDataUrl: pngDataUrl(png), qrPng: png.toString('base64'), ticket: ticketView(ticket) };
    },
  } satisfies HandlersOf<'tickets'>;
}
