import { withSchemaTransaction } from '@platform/service-kit';
import type { Pool } from 'pg';
import { DEMO_EVENTS, demoSchedule } from './demo-catalog.js';

/**
 * Seeds the demo matches; safe to run again. Existing events and categories
 * are left as they are (sold seats, admin edits), except that a demo match
 * already over with no ticket ever ordered moves to its next date, so the
 * demo always has something on sale.
 */
export async function seedDemoCatalog(pool: Pool, schema: string, now = new Date()): Promise<{ created: number; rescheduled: number }> {
  return withSchemaTransaction(pool, schema, async (tx) => {
    let created = 0;
    let rescheduled = 0;
    for (const event of DEMO_EVENTS) {
      const { startsAt, endsAt } = demoSchedule(event, now);
      const inserted = await tx.query(
        'INSERT INTO events (id, club_id, title, venue, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING',
        [event.id, event.clubId, event.title, event.venue, startsAt, endsAt],
      );
      created += inserted.rowCount ?? 0;
      const moved = await tx.query(
        `UPDATE events SET starts_at = $2, ends_at = $3, updated_at = now()
          WHERE id = $1 AND status = 'scheduled' AND ends_at < now() AND NOT EXISTS (SELECT 1 FROM ticket_orders WHERE event_id = $1)`,
        [event.id, startsAt, endsAt],
      );
      rescheduled += moved.rowCount ?? 0;
      for (const [position, category] of event.categories.entries()) {
        await tx.query(
          `INSERT INTO ticket_categories (event_id, code, name, price_minor, capacity, seats_left, position)
           VALUES ($1, $2, $3, $4, $5, $5, $6) ON CONFLICT (event_id, code) DO NOTHING`,
          [event.id, category.code, category.name, category.priceMinor, category.capacity, position],
        );
      }
    }
    return { created, rescheduled };
  });
}
