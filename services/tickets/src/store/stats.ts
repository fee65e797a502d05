import { quoteIdent } from '@platform/service-kit';
import type { Pool } from 'pg';

/** Counters for GET /api/stats (svc.tickets._stats), in one round trip. */
export async function ticketStats(pool: Pool, schema: string): Promise<Record<string, number>> {
  const s = quoteIdent(schema);
  const { rows } = await pool.query(
    `SELECT (SELECT count(*) FROM ${s}.tickets)::int AS "ticketsSold",
            (SELECT count(*) FROM ${s}.tickets WHERE status = 'cancelled')::int AS "ticketsCancelled",
            (SELECT count(*) FROM ${s}.check_ins WHERE accepted)::int AS "checkIns",
            (SELECT count(*) FROM ${s}.purchases WHERE status IN ('pending', 'refunding'))::int AS "purchasesUnsettled",
            (SELECT count(*) FROM ${s}.tickets WHERE status = 'cancelled' AND refund_id IS NULL)::int AS "refundsDue",
            (SELECT count(*) FROM ${s}.events WHERE status = 'scheduled' AND starts_at > now())::int AS "eventsOnSale"`,
  );
  return rows[0];
}
