import { type RawInputOf, tickets } from '@platform/contracts';
import type { ApiBaseClass, WriteOptions } from '../api-base.js';
import type { Amount } from './wallet.js';

type Page = Pick<RawInputOf<typeof tickets.listEvents>, 'limit' | 'cursor'>;

/** Ticketing (seed 003: getEvents, purchaseTicket, getMyTickets, getTicketQR). */
export function withTickets<Base extends ApiBaseClass>(Base: Base) {
  return class TicketMethods extends Base {
    /** Upcoming events, optionally of one club, each with its categories, prices and seats left. */
    getEvents(club?: string, page: Page = {}) {
      return this.call(tickets.listEvents, { club: club || undefined, ...page });
    }

    getEvent(eventId: string) {
      return this.call(tickets.getEvent, { eventId });
    }

    /**
     * Buys one ticket from the wallet. `price` is the price the user saw
     * (optional): the server sets the price, and a different one is 409 PRICE_CHANGED.
     */
    purchaseTicket(eventId: string, category: string, price?: Amount, options: WriteOptions = {}) {
      return this.call(tickets.purchase, { eventId, category, price }, options);
    }

    getMyTickets(page: Page = {}) {
      return this.call(tickets.myTickets, page);
    }

    /** `qrDataUrl` is ready for an <img>; `token` is what the QR code encodes (verifiable offline with the keys). */
    getTicketQR(id: string) {
      return this.call(tickets.ticketQr, { id });
    }
  };
}
