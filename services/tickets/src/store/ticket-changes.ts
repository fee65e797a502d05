import type { Tx } from '@platform/checkout';
import { DEFAULT_CURRENCY, DomainError, formatMinor, tickets } from '@platform/contracts';
import { outboxInsert, withSchemaTransaction } from '@platform/service-kit';
import type { Pool } from 'pg';
import { eventNotFound } from './catalog.js';

interface ChangedTicket {
  id: string;
  user_id: string;
  event_id: string;
  club_id: string;
  code: string;
  price_minor: number;
}

const ticketNotFound = (id: string) => new DomainError('NOT_FOUND', `id: no ticket ${id}`, { field: 'id' });

function cannot(change: string, id: string, reason: string): DomainError {
  return new DomainError('CONFLICT', `Ticket ${id} cannot be ${change}: it is ${reason.replace('_', ' ')}`, { details: { reason } });
}

/**
 * Admin changes to issued tickets and events. A cancellation commits the
 * ticket's new status (and its outbox event) first and refunds afterwards
 * (TicketRefunds): the ticket can no longer get anyone in from the moment
 * its money may start moving back, and a refund that fails is retried.
 */
export class TicketChanges {
  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {}

  /** valid -> revoked, no refund. Revoking a revoked ticket again changes nothing. */
  async revoke(id: string, reason: string): Promise<void> {
    await withSchemaTransaction(this.pool, this.schema, async (tx) => {
      const current = await this.lockTicket(tx, id);
      if (current.status === 'revoked') return;
      if (current.status !== 'valid') throw cannot('revoked', id, current.status);
      await tx.query("UPDATE tickets SET status = 'revoked', status_reason = $2, updated_at = now() WHERE id = $1", [id, reason]);
    });
  }

  /** valid (not yet used) -> cancelled; the seat goes back on sale. Cancelling again changes nothing. */
  async cancel(id: string, reason: string): Promise<void> {
    await withSchemaTransaction(this.pool, this.schema, async (tx) => {
      const current = await this.lockTicket(tx, id);
      if (current.status === 'cancelled') return;
      if (current.status !== 'valid') throw cannot('cancelled', id, current.status);
      if (current.redeemed) throw cannot('cancelled', id, 'already_redeemed');
      const { rows } = await tx.query<ChangedTicket & { category_id: string }>(
        `UPDATE tickets t SET status = 'cancelled', status_reason = $2, updated_at = now()
           FROM events e, ticket_categories c
          WHERE t.id = $1 AND e.id = t.event_id AND c.id = t.category_id
          RETURNING t.id, t.user_id, t.event_id, e.club_id, c.code, t.price_minor, t.category_id`,
        [id, reason],
      );
      await tx.query('UPDATE ticket_categories SET seats_left = seats_left + 1, updated_at = now() WHERE id = $1 AND seats_left < capacity', [
        rows[0].category_id,
      ]);
      await insertCancelledEvent(tx, rows[0], reason);
    });
  }

  /**
   * Stops sales and cancels every valid ticket of the event (used or not: the
   * event did not take place). Returns how many tickets this call cancelled;
   * cancelling a cancelled event again cancels nothing more.
   */
  async cancelEvent(eventId: string, reason: string): Promise<number> {
    return withSchemaTransaction(this.pool, this.schema, async (tx) => {
      // The event row lock orders this against purchases confirming right now (they hold FOR SHARE on it).
      const { rows: events } = await tx.query<{ status: string }>('SELECT status FROM events WHERE id = $1 FOR UPDATE', [eventId]);
      if (!events[0]) throw eventNotFound(eventId);
      if (events[0].status === 'cancelled') return 0;
      await tx.query("UPDATE events SET status = 'cancelled', status_reason = $2, updated_at = now() WHERE id = $1", [eventId, reason]);
      const { rows } = await tx.query<ChangedTicket>(
        `UPDATE tickets t SET status = 'cancelled', status_reason = $2, updated_at = now()
           FROM events e, ticket_categories c
          WHERE t.event_id = $1 AND t.status = 'valid' AND e.id = t.event_id AND c.id = t.category_id
          RETURNING t.id, t.user_id, t.event_id, e.club_id, c.code, t.price_minor`,
        [eventId, `event cancelled: ${reason}`],
      );
      for (const ticket of rows) await insertCancelledEvent(tx, ticket, reason);
      return rows.length;
    });
  }

  private async lockTicket(tx: Tx, id: string): Promise<{ status: string; redeemed: boolean }> {
    const { rows } = await tx.query<{ status: string; redeemed: boolean }>(
      'SELECT status, redeemed_at IS NOT NULL AS redeemed FROM tickets WHERE id = $1 FOR UPDATE',
      [id],
    );
    if (!rows[0]) throw ticketNotFound(id);
    return rows[0];
  }
}

async function insertCancelledEvent(tx: Tx, ticket: ChangedTicket, reason: string): Promise<void> {
  const { sql, values } = outboxInsert(tickets.ticketCancelled, {
    ticketId: ticket.id,
    userId: ticket.user_id,
    eventId: ticket.event_id,
    clubId: ticket.club_id,
    category: ticket.code,
    priceMinor: ticket.price_minor,
    price: formatMinor(ticket.price_minor),
    currency: DEFAULT_CURRENCY,
    reason,
    occurredAt: new Date().toISOString(),
  });
  await tx.query(sql, values);
}
