import type { Tx } from '@platform/checkout';
import { DomainError } from '@platform/contracts';
import { hashRequest, withSchemaTransaction } from '@platform/service-kit';
import type { Pool } from 'pg';
import { type CheckInAnswer, gateView, judgeToken, refusalFor, type TicketAtGate } from '../domain/check-in.js';
import type { KeyRing } from '../domain/signing-keys.js';
import { toUnixSeconds, verifyTicketToken } from '../domain/ticket-token.js';

export interface Scan {
  token: string;
  nonce: string;
  eventId?: string;
  scannedBy: string;
}

const AT_GATE = `SELECT t.id, t.user_id AS "userId", t.event_id AS "eventId", c.code AS category, t.status,
                       t.redeemed_at AS "redeemedAt", e.status AS "eventStatus"
                  FROM tickets t JOIN events e ON e.id = t.event_id JOIN ticket_categories c ON c.id = t.category_id`;

/**
 * Gate scans, one transaction each:
 *  1. the nonce is claimed (`INSERT ... ON CONFLICT DO NOTHING` on its primary
 *     key): a retried scan, even concurrent, finds the first answer and gets it back;
 *  2. the token is verified (signature, validity window, gate's event);
 *  3. the ticket is redeemed by a conditional UPDATE (`redeemed_at IS NULL`),
 *     so of two scans of one ticket racing at two gates exactly one wins;
 *  4. the answer is stored with the nonce.
 */
export class CheckIns {
  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    private readonly keys: KeyRing,
  ) {}

  scan(scan: Scan, now = new Date()): Promise<CheckInAnswer> {
    return withSchemaTransaction(this.pool, this.schema, async (tx) => {
      const requestHash = hashRequest({ token: scan.token, eventId: scan.eventId ?? null });
      const claimed = await tx.query('INSERT INTO check_ins (nonce, request_hash, scanned_by) VALUES ($1, $2, $3) ON CONFLICT (nonce) DO NOTHING', [
        scan.nonce,
        requestHash,
        scan.scannedBy,
      ]);
      if (claimed.rowCount === 0) return this.replay(tx, scan.nonce, requestHash);

      const answer = await this.judge(tx, scan, now);
      await tx.query('UPDATE check_ins SET ticket_id = $2, accepted = $3, reason = $4, response = $5::jsonb WHERE nonce = $1', [
        scan.nonce,
        answer.ticket?.id ?? null,
        answer.accepted,
        answer.reason,
        JSON.stringify(answer),
      ]);
      return answer;
    });
  }

  private async judge(tx: Tx, scan: Scan, now: Date): Promise<CheckInAnswer> {
    const answer = (fields: Pick<CheckInAnswer, 'accepted' | 'reason' | 'ticket'>): CheckInAnswer => ({
      ...fields,
      nonce: scan.nonce,
      scannedAt: now.toISOString(),
    });
    const verdict = judgeToken(verifyTicketToken(scan.token, this.keys, toUnixSeconds(now)), scan.eventId);
    if ('refusal' in verdict) return answer({ accepted: false, reason: verdict.refusal, ticket: null });

    const redeemed = await tx.query<TicketAtGate>(
      `WITH redeemed AS (
         UPDATE tickets t SET redeemed_at = $3, redeemed_nonce = $2, updated_at = now()
           FROM events e
          WHERE t.id = $1 AND e.id = t.event_id AND t.status = 'valid' AND t.redeemed_at IS NULL AND e.status = 'scheduled'
          RETURNING t.id)
       ${AT_GATE} JOIN redeemed r ON r.id = t.id`,
      [verdict.ticketId, scan.nonce, now],
    );
    if (redeemed.rows[0]) {
      // The CTE's update is not visible to the outer SELECT of the same statement: report it as done.
      return answer({ accepted: true, reason: null, ticket: gateView({ ...redeemed.rows[0], redeemedAt: now }) });
    }
    const { rows } = await tx.query<TicketAtGate>(`${AT_GATE} WHERE t.id = $1`, [verdict.ticketId]);
    if (!rows[0]) return answer({ accepted: false, reason: 'unknown_ticket', ticket: null });
    return answer({ accepted: false, reason: refusalFor(rows[0]), ticket: gateView(rows[0]) });
  }

  private async replay(tx: Tx, nonce: string, requestHash: string): Promise<CheckInAnswer> {
    const { rows } = await tx.query<{ request_hash: string; response: CheckInAnswer | null }>('SELECT request_hash, response FROM check_ins WHERE nonce = $1', [
      nonce,
    ]);
    const first = rows[0];
    if (!first || first.request_hash !== requestHash || !first.response) {
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'nonce: was already used for another scan; send a new nonce for each scan', { field: 'nonce' });
    }
    return first.response;
  }
}
