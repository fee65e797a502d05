import { infra, schemaFor } from '@platform/testkit';
import { auditLedger, type LedgerAudit } from '@platform/testkit/ledger-audit';
import pg from 'pg';

/** Read-only SQL on a namespace's wallet and ai schemas: what the API cannot show (the ledger audit, the outbox). */
export class LedgerProbe {
  private readonly pool = new pg.Pool({ connectionString: infra.databaseUrl, max: 2 });
  private readonly wallet: string;
  private readonly ai: string;

  constructor(private readonly namespace: string) {
    this.wallet = `"${schemaFor('wallet', namespace)}"`;
    this.ai = `"${schemaFor('ai', namespace)}"`;
  }

  /** The wallet's own invariant checks (migration 0003): money conserved, no overdraft, every transfer balanced. */
  audit(): Promise<LedgerAudit> {
    return auditLedger(this.pool, this.namespace);
  }

  async transferIds(): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(`SELECT id FROM ${this.wallet}.transfers ORDER BY created_at`);
    return rows.map((row) => row.id);
  }

  /** Transfer ids carried by the wallet's outbox rows, and how many of those rows are still unpublished. */
  async outbox(): Promise<{ transferIds: string[]; unpublished: number }> {
    const { rows } = await this.pool.query<{ transfer_id: string; published: boolean }>(
      `SELECT envelope->'data'->>'transferId' AS transfer_id, published_at IS NOT NULL AS published FROM ${this.wallet}.outbox WHERE subject = 'evt.wallet.transfer.completed'`,
    );
    return { transferIds: rows.map((row) => row.transfer_id), unpublished: rows.filter((row) => !row.published).length };
  }

  /** Wallet transfer events the ai service consumed (its processed_events de-duplicates by event id). */
  async aiConsumedTransferEvents(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${this.ai}.processed_events WHERE subject LIKE '%evt.wallet.transfer.completed'`,
    );
    return rows[0].n;
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
