import { withSchemaTransaction } from '@platform/service-kit';
import type { WalletClient } from '@platform/checkout';
import type { Logger } from '@platform/service-kit';
import type { Pool } from 'pg';

interface RefundDue {
  id: string;
  transfer_id: string;
  status_reason: string | null;
}

/**
 * Gives cancelled tickets their money back. wallet.refund is once per charge
 * (a second call answers with the first refund), so a retry after a crash or
 * a timeout never refunds twice; the ticket records the refund id when it is done.
 */
export class TicketRefunds {
  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
    private readonly wallet: WalletClient,
    private readonly logger: Logger,
  ) {}

  /** Refunds one cancelled ticket now; false when the wallet could not be reached (the retry job will). */
  async refundTicket(id: string): Promise<boolean> {
    const due = await this.due({ id, limit: 1 });
    if (due.length === 0) return true;
    return this.refund(due[0]);
  }

  /** Refunds every cancelled ticket still waiting for its money, oldest first, in batches. */
  async refundAllDue(batch = 100): Promise<{ refunded: number; failed: number }> {
    const outcome = { refunded: 0, failed: 0 };
    for (;;) {
      const due = await this.due({ limit: batch });
      for (const ticket of due) (await this.refund(ticket)) ? outcome.refunded++ : outcome.failed++;
      // Failed ones stay due: stop instead of looping on them; the next run retries.
      if (due.length < batch || outcome.failed > 0) return outcome;
    }
  }

  private async due(filter: { id?: string; limit: number }): Promise<RefundDue[]> {
    return withSchemaTransaction(this.pool, this.schema, async (tx) => {
      const { rows } = await tx.query<RefundDue>(
        `SELECT id, transfer_id, status_reason FROM tickets
          WHERE status = 'cancelled' AND refund_id IS NULL AND ($1::uuid IS NULL OR id = $1)
          ORDER BY updated_at LIMIT $2`,
        [filter.id ?? null, filter.limit],
      );
      return rows;
    });
  }

  private async refund(ticket: RefundDue): Promise<boolean> {
    try {
      const reason = `ticket ${ticket.id} cancelled: ${ticket.status_reason ?? 'no reason given'}`.slice(0, 200);
      const refund = await this.wallet.refund({ transferId: ticket.transfer_id }, reason);
      await withSchemaTransaction(this.pool, this.schema, (tx) =>
        tx.query('UPDATE tickets SET refund_id = $2, refunded_at = now(), updated_at = now() WHERE id = $1 AND refund_id IS NULL', [
          ticket.id,
          refund.refundId,
        ]),
      );
      return true;
    } catch (err) {
      this.logger.warn({ err, ticketId: ticket.id }, 'ticket refund failed; it will be retried');
      return false;
    }
  }
}
