import { type Currency, minorToMajor, type OutputOf, type tickets } from '@platform/contracts';

/** What the store hands the views: Prisma rows, or raw SQL aliased to the same names. */
export interface EventRecord {
  id: string;
  clubId: string;
  title: string;
  venue: string;
  startsAt: Date;
  endsAt: Date;
  status: string;
}

export interface CategoryRecord {
  code: string;
  name: string;
  priceMinor: number;
  currency: string;
  capacity: number;
  seatsLeft: number;
}

export interface TicketRecord {
  id: string;
  userId: string;
  eventId: string;
  priceMinor: number;
  currency: string;
  status: string;
  transferId: string | null;
  validFrom: Date;
  validUntil: Date;
  redeemedAt: Date | null;
  refundId: string | null;
  createdAt: Date;
  event: EventRecord;
  category: { code: string; name: string };
}

export type EventView = OutputOf<typeof tickets.getEvent>;
export type TicketView = OutputOf<typeof tickets.purchase>;
type EventStatus = EventView['status'];

const eventStatus = (status: string): EventStatus => (status === 'cancelled' ? 'cancelled' : 'scheduled');

/** Sales run while the event is scheduled and has not started. */
export function isOnSale(event: Pick<EventRecord, 'status' | 'startsAt'>, now: Date): boolean {
  return event.status === 'scheduled' && now.getTime() < event.startsAt.getTime();
}

export const priceView = (priceMinor: number, currency: string) => ({
  price: minorToMajor(priceMinor),
  priceMinor,
  currency: currency as Currency,
});

function eventSummary(event: EventRecord) {
  return {
    id: event.id,
    clubId: event.clubId,
    title: event.title,
    venue: event.venue,
    startsAt: event.startsAt.toISOString(),
    endsAt: event.endsAt.toISOString(),
    status: eventStatus(event.status),
  };
}

export function eventView(event: EventRecord & { categories: CategoryRecord[] }, now: Date): EventView {
  return {
    ...eventSummary(event),
    onSale: isOnSale(event, now),
    categories: event.categories.map((category) => ({
      code: category.code,
      name: category.name,
      ...priceView(category.priceMinor, category.currency),
      capacity: category.capacity,
      seatsLeft: category.seatsLeft,
      soldOut: category.seatsLeft === 0,
    })),
  };
}

/** A ticket's status as fans and scanners see it: redemption shows on a valid ticket. */
export function ticketStatus(ticket: Pick<TicketRecord, 'status' | 'redeemedAt'>): TicketView['status'] {
  if (ticket.status === 'revoked' || ticket.status === 'cancelled') return ticket.status;
  return ticket.redeemedAt ? 'redeemed' : 'valid';
}

export function ticketView(ticket: TicketRecord): TicketView {
  return {
    id: ticket.id,
    eventId: ticket.eventId,
    event: eventSummary(ticket.event),
    category: ticket.category.code,
    categoryName: ticket.category.name,
    ...priceView(ticket.priceMinor, ticket.currency),
    status: ticketStatus(ticket),
    purchasedAt: ticket.createdAt.toISOString(),
    validFrom: ticket.validFrom.toISOString(),
    validUntil: ticket.validUntil.toISOString(),
    redeemedAt: ticket.redeemedAt?.toISOString() ?? null,
    transactionId: ticket.transferId,
    refunded: ticket.refundId !== null,
  };
}
