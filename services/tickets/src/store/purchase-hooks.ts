import { FulfilmentFailed, type PurchaseHooks, type PurchaseRecord, type Reservation, type Tx } from '@platform/checkout';
import { DEFAULT_CURRENCY, DomainError, formatMinor, minorToMajor, tickets } from '@platform/contracts';
import { outboxInsert } from '@platform/service-kit';
import { isOnSale } from '../domain/views.js';
import { categoryNotFound, eventNotFound } from './catalog.js';

/** What a fan asks for: one seat in one category; `priceMinor` is what their screen showed, if they sent it. */
export interface TicketRequest {
  eventId: string;
  category: string;
  priceMinor?: number;
}

/** Wallet category of every ticket charge, for spending insights. */
export const TICKET_SPENDING_CATEGORY = 'match-ticket';

interface SaleRow {
  status: string;
  starts_at: Date;
  category_id: string | null;
  seats_left: number | null;
}

interface OrderRow {
  user_id: string;
  event_id: string;
  club_id: string;
  category_id: string;
  code: string;
  price_minor: number;
  currency: string;
  event_status: string;
  ends_at: Date;
  title: string;
  starts_at: Date;
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
 *  - confirm: issues the ticket and writes evt.tickets.ticket.purchased;
 *  - release: puts the seat back on sale.
 */
export function ticketPurchaseHooks(now: () => Date = () => new Date()): PurchaseHooks<TicketRequest> {
  return {
    async reserve(tx, purchase, request): Promise<Reservation> {
      const { rows } = await tx.query<SaleRow>(
        `SELECT e.status, e.starts_at, c.id AS category_id, c.seats_left
           FROM events e LEFT JOIN ticket_categories c ON c.event_id = e.id AND c.code = $2
          WHERE e.id = $1`,
        [request.eventId, request.category],
      );
      const sale = rows[0];
      if (!sale) throw eventNotFound(request.eventId);
      if (!sale.category_id) throw categoryNotFound(request.eventId, request.category);
      if (!isOnSale({ status: sale.status, startsAt: sale.starts_at }, now())) throw notOnSale(request.eventId, sale.status);
      // Sold out already (read without a lock): refused without queueing behind the buyers of the last seats.
      if (sale.seats_left === 0) throw soldOut(request);

      // The oversell guard: one statement decrements only while a seat is left. Concurrent buyers
      // queue on the row lock and each re-checks `seats_left > 0` after the one before commits.
      // The same statement records the order at the price read under the lock, and it is the
      // last write of the reserve transaction: the saga sends the commit right after it, so the
      // category's row lock, which every buyer of the category waits for, is held for as little
      // as two round trips (docs/performance.md#match-day).
      const seat = await tx.query<{ price_minor: number; currency: string }>(
        `WITH seat AS (
           UPDATE ticket_categories SET seats_left = seats_left - 1, updated_at = now()
            WHERE id = $1 AND seats_left > 0 RETURNING id, price_minor, currency)
         INSERT INTO ticket_orders (purchase_id, user_id, event_id, category_id, price_minor, currency)
         SELECT $2, $3, $4, seat.id, seat.price_minor, seat.currency FROM seat
         RETURNING price_minor, currency`,
        [sale.category_id, purchase.id, purchase.userId, request.eventId],
      );
      const taken = seat.rows[0];
      if (!taken) throw soldOut(request);
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
      // FOR KEY SHARE on the event: an event cancellation (SELECT ... FOR UPDATE) waits for this
      // ticket to commit and then cancels it too; or it committed first, and this purchase is
      // refunded instead. KEY SHARE, the lock the tickets row's foreign key takes anyway, rather
      // than SHARE: concurrent confirms then share one kind of lock on the match's row.
      const { rows } = await tx.query<OrderRow>(
        `SELECT o.user_id, o.event_id, e.club_id, o.category_id, c.code, o.price_minor, o.currency, e.status AS event_status, e.ends_at,
                e.title, e.starts_at
           FROM ticket_orders o JOIN events e ON e.id = o.event_id JOIN ticket_categories c ON c.id = o.category_id
          WHERE o.purchase_id = $1
          FOR KEY SHARE OF e`,
        [purchase.id],
      );
      const order = rows[0];
      if (!order) throw new Error(`purchase ${purchase.id} has no ticket order`);
      if (order.event_status === 'cancelled') {
        throw new FulfilmentFailed(`Event ${order.event_id} was cancelled`, { code: 'CONFLICT', details: { reason: 'event_cancelled' } });
      }
      await tx.query(
        `INSERT INTO tickets (id, user_id, event_id, category_id, price_minor, currency, transfer_id, valid_from, valid_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now(), $8)`,
        [purchase.id, order.user_id, order.event_id, order.category_id, order.price_minor, order.currency, purchase.transferId, order.ends_at],
      );
      await insertPurchasedEvent(tx, purchase, order);
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

async function insertPurchasedEvent(tx: Tx, purchase: PurchaseRecord, order: OrderRow): Promise<void> {
  const { sql, values } = outboxInsert(tickets.ticketPurchased, {
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
  });
  await tx.query(sql, values);
}
