import { DEFAULT_CURRENCY } from '@platform/contracts';
import { quoteIdent } from '@platform/service-kit';
import type { Pool } from 'pg';
import type { AccountRef, Merchant } from '../domain/accounts.js';
import type { Db } from './prisma.js';

/** One side of a transfer, as its account's owner sees it. */
export interface EntryRecord {
  id: bigint;
  transferId: string;
  type: string;
  amountMinor: bigint;
  balanceAfterMinor: bigint;
  createdAt: Date;
  transfer: { kind: string; note: string | null; merchant: string | null; reference: string | null; reversesTransferId: string | null };
  counterparty: { kind: string; owner: string };
}

export interface DebitRecord {
  id: string;
  kind: string;
  amountMinor: bigint;
  merchant: string | null;
  reference: string | null;
  userId: string;
}

const entryShape = {
  id: true,
  transferId: true,
  type: true,
  amountMinor: true,
  balanceAfterMinor: true,
  createdAt: true,
  transfer: { select: { kind: true, note: true, merchant: true, reference: true, reversesTransferId: true } },
  counterparty: { select: { kind: true, owner: true } },
} as const;

/** Reads of the ledger, through Prisma except the balance. Writes go through Ledger.post only. */
export class LedgerReads {
  private readonly balanceStatement: { name: string; text: string };

  constructor(
    private readonly db: Db,
    private readonly pool: Pool,
    schema: string,
  ) {
    // The read every app screen makes. A named statement (parsed and planned once per
    // connection) against Prisma's findUnique, same row, 20 callers: 2-3x the reads per
    // second, 0.06-0.09 ms of the service's CPU per read against 0.16-0.22, and
    // PostgreSQL 0.02 ms more (0.10-0.14 ms in all against 0.19-0.25).
    this.balanceStatement = {
      name: `wallet_balance_${schema}`.slice(0, 63),
      text: `SELECT balance_minor FROM ${quoteIdent(schema)}.accounts WHERE kind = $1 AND owner = $2 AND currency = $3`,
    };
  }

  private async accountId(account: AccountRef): Promise<bigint | undefined> {
    const row = await this.db.account.findUnique({
      where: { kind_owner_currency: { kind: account.kind, owner: account.owner, currency: DEFAULT_CURRENCY } },
      select: { id: true },
    });
    return row?.id;
  }

  /** A wallet that never received money has no row yet: its balance is 0. */
  async balanceMinor(account: AccountRef): Promise<number> {
    const { rows } = await this.pool.query<{ balance_minor: string }>({ ...this.balanceStatement, values: [account.kind, account.owner, DEFAULT_CURRENCY] });
    return Number(rows[0]?.balance_minor ?? 0);
  }

  /** Newest first, limit + 1 rows (so the caller knows whether there is a next page), strictly before `beforeId`. */
  async entriesPage(account: AccountRef, options: { limit: number; beforeId?: bigint; type?: string }): Promise<EntryRecord[]> {
    const accountId = await this.accountId(account);
    if (accountId === undefined) return [];
    return this.db.entry.findMany({
      where: {
        accountId,
        ...(options.beforeId !== undefined ? { id: { lt: options.beforeId } } : {}),
        ...(options.type ? { type: options.type } : {}),
      },
      orderBy: { id: 'desc' },
      take: options.limit + 1,
      select: entryShape,
    });
  }

  /** The account's side of one transfer, or null when the account took no part in it. */
  async entryOf(account: AccountRef, transferId: string): Promise<EntryRecord | null> {
    const accountId = await this.accountId(account);
    if (accountId === undefined) return null;
    return this.db.entry.findUnique({ where: { transferId_accountId: { transferId, accountId } }, select: entryShape });
  }

  /** A merchant's transfer by id or by the idempotency key it was made with (the latest, if a key was reused after expiry). */
  async findMerchantTransfer(merchant: Merchant, by: { transferId: string } | { idempotencyKey: string }): Promise<DebitRecord | null> {
    const transfer = await this.db.transfer.findFirst({
      where: 'transferId' in by ? { id: by.transferId, merchant } : { kind: 'debit', merchant, idempotencyKey: by.idempotencyKey },
      orderBy: { createdAt: 'desc' },
      select: {
        id: true,
        kind: true,
        amountMinor: true,
        merchant: true,
        reference: true,
        fromAccount: { select: { kind: true, owner: true } },
        toAccount: { select: { kind: true, owner: true } },
      },
    });
    if (!transfer) return null;
    // The user is the payer of a debit and the payee of a refund.
    const user = transfer.fromAccount.kind === 'user' ? transfer.fromAccount : transfer.toAccount;
    return {
      id: transfer.id,
      kind: transfer.kind,
      amountMinor: transfer.amountMinor,
      merchant: transfer.merchant,
      reference: transfer.reference,
      userId: user.owner,
    };
  }

  /** The refund of a debit with the user's side of it (for the balance right after), if there is one. */
  async refundOf(debitId: string): Promise<{ id: string; reason: string | null; createdAt: Date; userBalanceAfterMinor: bigint } | null> {
    const refund = await this.db.transfer.findFirst({
      where: { reversesTransferId: debitId },
      select: { id: true, reason: true, createdAt: true, entries: { where: { amountMinor: { gt: 0 } }, select: { balanceAfterMinor: true } } },
    });
    if (!refund) return null;
    return { id: refund.id, reason: refund.reason, createdAt: refund.createdAt, userBalanceAfterMinor: refund.entries[0].balanceAfterMinor };
  }
}
