import { FulfilmentFailed, type PurchaseHooks, type PurchaseRecord, type Reservation, type Tx } from '@platform/checkout';
import { DEFAULT_CURRENCY, DomainError, formatMinor, minorToMajor, tickets } from '@platform/contracts';
import { outboxInsertStatement } from '@platform/service-kit';
import { isOnSale, type TicketRecord } from '../domain/views.js';
import { categoryNotFound, eventNotFound } from './catalog.js';

/** What a fan asks for: one seat in one category; `priceMinor` is what their screen showed, if they sent it. */
export interface TicketRequest {
  eventId: string;
  category: string;
  priceMinor?: number;
}

/** Wallet category of every ticket charge, for spending insights. */
export const TICKET_SPENDING_CATEGORY = 'match-ticket';

/** The sale as the reserve statement read it, and the seat it took (null: none taken). */
interface ReserveRow {
  status: string;
  starts_at: Date;
  category_id: string | null;
  price_minor: number | null;
  currency: string | null;
}

/** The order and its match as the confirm statement reads them, with the issued ticket's columns (null when none was issued). */
interface IssuedRow {
  user_id: string;
  event_id: string;
  club_id: string;
  category_id: string;
  code: string;
  category_name: string;
  price_minor: number;
  currency: string;
  event_status: string;
  title: string;
  venue: string;
  starts_at: Date;
  ends_at: Date;
  status: string;
  valid_from: Date;
  valid_until: Date;
  created_at: Date | null;
}

function notOnSale(eventId: string, status: string): DomainError {
  const cancelled = status === 'cancelled';
  return new DomainError('CONFLICT', cancelled ? `Event ${eventId} was cancelled` : `Sales for event ${eventId} are closed: it has started`, {
    field: 'eventId',
    details: { reason: cancelled ? 'event_cancelled' : 'sales_closed' },
  });
}

function soldOut(request: TicketRequest): DomainError {
  return new DomainError('CONFLICT', `category: ${request.category} is sold out for event ${request.eventId}`, {
    field: 'category',
    details: { reason: 'sold_out', seatsLeft: 0 },
  });
}

/**
 * The tickets part of the purchase saga (packages/checkout runs the states,
 * the wallet calls, idempotency and recovery):
 *  - reserve: takes one seat with a conditional decrement and prices it;
 *  - confirm: issues the ticket (the receipt: the answer needs no read after
 *    the commit) and writes evt.tickets.ticket.purchased with the COMMIT;
 *  - release: puts the seat back on sale.
 */
export function ticketPurchaseHooks(schema: string, now: () => Date = () => new Date()): PurchaseHooks<TicketRequest, TicketRecord> {
  // Named statements are parsed and planned once per connection, not on every purchase. The plan binds
  // the tables of the schema in use when it is first run, hence the schema in the name.
  const reserveStatement = `tickets_reserve_${schema}`.slice(0, 63);
  const confirmStatement = `tickets_confirm_${schema}`.slice(0, 63);
  return {
    async reserve(tx, purchase, request): Promise<Reservation> {
      // One statement reads the sale and, when it is on sale with a seat left (isOnSale's rule), takes
      // the seat and records the order at the price read under the lock. The oversell guard is the
      // conditional decrement: concurrent buyers queue on the category's row lock and each re-checks
      // `seats_left > 0` after the one before commits. A category already sold out in the snapshot is
      // not updated at all: its buyers are refused without queueing behind the buyers of the last
      // seats. It is the reserve's last write: the saga sends the commit right after it, so the row
      // lock is held for two round trips (docs/performance.md#match-day, decision 0962).
      const at = now();
      const { rows } = await tx.query<ReserveRow>({
        name: reserveStatement,
        text: `WITH sale AS (
           SELECT e.status, e.starts_at, c.id AS category_id, c.seats_left
             FROM events e LEFT JOIN ticket_categories c ON c.event_id = e.id AND c.code = $2
            WHERE e.id = $1),
         seat AS (
           UPDATE ticket_categories SET seats_left = seats_left - 1, updated_at = now()
            WHERE id = (SELECT category_id FROM sale WHERE status = 'scheduled' AND starts_at > $5::timestamptz AND seats_left > 0)
              AND seats_left > 0
            RETURNING id, price_minor, currency),
         taken AS (
           INSERT INTO ticket_orders (purchase_id, user_id, event_id, category_id, price_minor, currency)
           SELECT $3::uuid, $4::uuid, $1::text, seat.id, seat.price_minor, seat.currency FROM seat
           RETURNING price_minor, currency)
         SELECT sale.status, sale.starts_at, sale.category_id, taken.price_minor, taken.currency FROM sale LEFT JOIN taken ON true`,
        values: [request.eventId, request.category, purchase.id, purchase.userId, at],
      });
      const sale = rows[0];
      if (!sale) throw eventNotFound(request.eventId);
      if (!sale.category_id) throw categoryNotFound(request.eventId, request.category);
      if (!isOnSale({ status: sale.status, startsAt: sale.starts_at }, at)) throw notOnSale(request.eventId, sale.status);
      if (sale.price_minor === null || sale.currency === null) throw soldOut(request);
      const taken = { price_minor: sale.price_minor, currency: sale.currency };
      // The price read under the row lock is the one charged; a client that showed another is told, not
      // charged (throwing rolls the seat and the order back).
      if (request.priceMinor !== undefined && request.priceMinor !== taken.price_minor) {
        throw new DomainError(
          'PRICE_CHANGED',
          `price: the ${request.category} price is now ${formatMinor(taken.price_minor)} ${taken.currency}, not ${formatMinor(request.priceMinor)}`,
          { field: 'price', details: { price: minorToMajor(taken.price_minor), priceMinor: taken.price_minor, currency: taken.currency } },
        );
      }
      return { amountMinor: taken.price_minor, category: TICKET_SPENDING_CATEGORY };
    },

    async confirm(tx, purchase) {
      // One statement reads the order and issues the ticket. FOR KEY SHARE on the event: an event
      // cancellation (SELECT ... FOR UPDATE) waits for this ticket to commit and then cancels it
      // too; or it committed first, and this purchase is refunded instead (no ticket is issued for
      // a cancelled event). KEY SHARE, the lock the tickets row's foreign key takes anyway, rather
      // than SHARE: concurrent confirms then share one kind of lock on the match's row.
      const { rows } = await tx.query<IssuedRow>({
        name: confirmStatement,
        text: `WITH o AS (
           SELECT o.user_id, o.event_id, o.category_id, o.price_minor, o.currency, e.club_id, e.title, e.venue, e.starts_at, e.ends_at,
                  e.status AS event_status, c.code, c.name AS category_name
             FROM ticket_orders o JOIN events e ON e.id = o.event_id JOIN ticket_categories c ON c.id = o.category_id
            WHERE o.purchase_id = $1::uuid
            FOR KEY SHARE OF e),
         issued AS (
           INSERT INTO tickets (id, user_id, event_id, category_id, price_minor, currency, transfer_id, valid_from, valid_until)
           SELECT $1::uuid, o.user_id, o.event_id, o.category_id, o.price_minor, o.currency, $2::uuid, now(), o.ends_at FROM o
            WHERE o.event_status <> 'cancelled'
           RETURNING status, valid_from, valid_until, created_at)
         SELECT o.*, i.status, i.valid_from, i.valid_until, i.created_at FROM o LEFT JOIN issued i ON true`,
        values: [purchase.id, purchase.transferId],
      });
      const order = rows[0];
      if (!order) throw new Error(`purchase ${purchase.id} has no ticket order`);
      const { created_at: issuedAt } = order;
      if (order.event_status === 'cancelled' || !issuedAt) {
        throw new FulfilmentFailed(`Event ${order.event_id} was cancelled`, { code: 'CONFLICT', details: { reason: 'event_cancelled' } });
      }
      return { receipt: issuedTicket(purchase, { ...order, created_at: issuedAt }), beforeCommit: [purchasedEventStatement(tx, purchase, order)] };
    },

    async release(tx, purchase) {
      await tx.query(
        `UPDATE ticket_categories SET seats_left = seats_left + 1, updated_at = now()
          WHERE id = (SELECT category_id FROM ticket_orders WHERE purchase_id = $1)`,
        [purchase.id],
      );
    },
  };
}

/** The ticket as the purchase answer shows it, from what the confirm statement wrote and read. */
function issuedTicket(purchase: PurchaseRecord, order: IssuedRow & { created_at: Date }): TicketRecord {
  return {
    id: purchase.id,
    userId: order.user_id,
    eventId: order.event_id,
    priceMinor: order.price_minor,
    currency: order.currency,
    status: order.status,
    transferId: purchase.transferId,
    validFrom: order.valid_from,
    validUntil: order.valid_until,
    redeemedAt: null,
    refundId: null,
    createdAt: order.created_at,
    event: {
      id: order.event_id,
      clubId: order.club_id,
      title: order.title,
      venue: order.venue,
      startsAt: order.starts_at,
      endsAt: order.ends_at,
      status: order.event_status,
    },
    category: { code: order.code, name: order.category_name },
  };
}

/** evt.tickets.ticket.purchased, as a statement sent with the confirm's COMMIT. */
function purchasedEventStatement(tx: Tx, purchase: PurchaseRecord, order: IssuedRow): string {
  return outboxInsertStatement(
    tickets.ticketPurchased,
    {
      ticketId: purchase.id,
      userId: order.user_id,
      eventId: order.event_id,
      clubId: order.club_id,
      category: order.code,
      priceMinor: order.price_minor,
      price: formatMinor(order.price_minor),
      currency: DEFAULT_CURRENCY,
      transferId: purchase.transferId!,
      // Consumers name the match without asking tickets back (the AI's recommendations show "OM - OL").
      eventTitle: order.title,
      eventStartsAt: order.starts_at.toISOString(),
      occurredAt: new Date().toISOString(),
    },
    (value) => tx.escapeLiteral(value),
  );
}
