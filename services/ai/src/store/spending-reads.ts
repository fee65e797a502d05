import type { SpendingEntry } from '../domain/spending-insights.js';
import type { MovementKind } from '../domain/wallet-movements.js';
import type { Db } from './prisma.js';

/** A fan's wallet movements, read from the read model. Every query is scoped to one user id. */
export class SpendingReads {
  constructor(private readonly db: Db) {}

  /**
   * The fan's movements in [from, to). A refund takes the category and
   * merchant of the payment it reverses, when the read model has it (the
   * refund itself may carry none).
   */
  async entriesBetween(userId: string, from: Date, to: Date): Promise<SpendingEntry[]> {
    const rows = await this.db.walletMovement.findMany({
      where: { userId, occurredAt: { gte: from, lt: to } },
      select: { kind: true, amountMinor: true, merchant: true, category: true, reversesTransferId: true, occurredAt: true },
      orderBy: [{ occurredAt: 'asc' }, { transferId: 'asc' }],
    });
    const reversed = [...new Set(rows.flatMap((r) => (r.kind === 'refund' && r.reversesTransferId ? [r.reversesTransferId] : [])))];
    const originals = reversed.length
      ? await this.db.walletMovement.findMany({
          where: { userId, kind: 'payment', transferId: { in: reversed } },
          select: { transferId: true, merchant: true, category: true },
        })
      : [];
    const originalOf = new Map(originals.map((o) => [o.transferId, o]));
    return rows.map((row) => {
      const original = row.reversesTransferId ? originalOf.get(row.reversesTransferId) : undefined;
      return {
        kind: row.kind as MovementKind,
        amountMinor: Number(row.amountMinor),
        merchant: original?.merchant ?? row.merchant,
        category: original?.category ?? row.category,
        occurredAt: row.occurredAt,
      };
    });
  }

  /** When the fan's history starts: their first wallet movement of any kind, or null. */
  async firstActivity(userId: string): Promise<Date | null> {
    const first = await this.db.walletMovement.findFirst({ where: { userId }, orderBy: { occurredAt: 'asc' }, select: { occurredAt: true } });
    return first?.occurredAt ?? null;
  }
}
