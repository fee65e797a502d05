import { randomUUID } from 'node:crypto';
import { DEFAULT_CURRENCY, DomainError, formatMinor, wallet } from '@platform/contracts';
import { type IdempotencyClaimRequest, IdempotencyStore, idempotencyKeyReused, outboxInsert, quoteIdent } from '@platform/service-kit';
import type { Pool } from 'pg';
import type { AccountRef, Merchant, TransferKind } from '../domain/accounts.js';
import { type TransferBatchOptions, TransferBatches } from './transfer-batches.js';
import type { TransferRecord } from './transfer-record.js';

export interface TransferRequest<C> {
  kind: TransferKind;
  from: AccountRef;
  to: AccountRef;
  amountMinor: number;
  note?: string | null;
  merchant?: Merchant | null;
  reference?: string | null;
  category?: string | null;
  reversesTransferId?: string | null;
  reason?: string | null;
  idempotency?: IdempotencyClaimRequest;
  /** The caller's data, stored with the outcome so a replay can rebuild the first response from it alone. */
  context: C;
  /** The caller's deadline: a transfer still waiting for a connection when it passes is not made. */
  signal?: AbortSignal;
}

/** What post_transfer() returns and stores with the idempotency key. */
type Stored<C> =
  | {
      status: 'completed';
      transferId: string;
      createdAt: string;
      amountMinor: number;
      /** Balances right after the transfer; null for a system account that post_transfer() updates last. */
      fromBalanceMinor: number | null;
      toBalanceMinor: number | null;
      context: C;
    }
  | { status: 'insufficient_funds'; balanceMinor: number; context: C }
  | { status: 'already_reversed'; transferId: string };

export type TransferOutcome<C> = { replayed: boolean } & Stored<C>;

/** Every transfer in its own call at once (scripts, tests); the service passes its configured batching. */
const UNBATCHED: TransferBatchOptions = { concurrency: Number.POSITIVE_INFINITY, maxBatch: 1 };

/**
 * The only way money moves: the post_transfer() SQL function, which does the
 * whole transfer in one transaction and one round trip
 * (docs/decisions/0101-one-round-trip-transfers.md), given one named record
 * (transfer-record.ts, docs/decisions/0960). Under load, transfers waiting
 * at the same time share one call and one commit (transfer-batches.ts,
 * docs/decisions/0965).
 */
export class Ledger {
  private readonly keys: IdempotencyStore;
  private readonly batches: TransferBatches;

  constructor(
    private readonly pool: Pool,
    schema: string,
    batching: TransferBatchOptions = UNBATCHED,
  ) {
    this.keys = new IdempotencyStore({ schema });
    this.batches = new TransferBatches(pool, quoteIdent(schema), schema, batching);
  }

  /**
   * The stored outcome of an earlier request with this key, without doing
   * anything: lets a caller skip side effects outside the ledger (a payment
   * provider) on a replay. Throws IDEMPOTENCY_KEY_REUSED for a different request.
   */
  async replayOf<C>(idempotency: IdempotencyClaimRequest): Promise<TransferOutcome<C> | undefined> {
    const stored = await this.keys.peek<Stored<C>>(this.pool, idempotency);
    return stored ? { ...stored, replayed: true } : undefined;
  }

  async post<C>(request: TransferRequest<C>): Promise<TransferOutcome<C>> {
    const transferId = randomUUID();
    const userOf = (account: AccountRef) => (account.kind === 'user' ? account.owner : null);
    const event = outboxInsert(wallet.transferCompleted, {
      transferId,
      kind: request.kind,
      amountMinor: request.amountMinor,
      amount: formatMinor(request.amountMinor),
      currency: DEFAULT_CURRENCY,
      fromUserId: userOf(request.from),
      toUserId: userOf(request.to),
      merchant: request.merchant ?? null,
      reference: request.reference ?? null,
      category: request.category ?? null,
      reversesTransferId: request.reversesTransferId ?? null,
      // Replaced by the database's commit-order clock inside post_transfer().
      occurredAt: new Date().toISOString(),
    });
    const record: TransferRecord = {
      transfer_id: transferId,
      kind: request.kind,
      from_kind: request.from.kind,
      from_owner: request.from.owner,
      to_kind: request.to.kind,
      to_owner: request.to.owner,
      amount_minor: request.amountMinor,
      currency: DEFAULT_CURRENCY,
      note: request.note ?? null,
      merchant: request.merchant ?? null,
      reference: request.reference ?? null,
      category: request.category ?? null,
      reverses: request.reversesTransferId ?? null,
      reason: request.reason ?? null,
      idem_scope: request.idempotency?.scope ?? null,
      idem_key: request.idempotency?.key ?? null,
      request_hash: request.idempotency?.requestHash ?? null,
      context: request.context,
      event_id: event.envelope.id,
      event_subject: event.envelope.subject,
      event_envelope: event.envelope,
    };
    // A refund locks the refunded transfer before any account, so it never shares a batch (migration 0006).
    const result = await this.batches.post(record, { signal: request.signal, alone: request.reversesTransferId != null });
    if (result.status === 'mismatch') throw idempotencyKeyReused();
    if (result.status === 'replay') return { ...(result.response as Stored<C>), replayed: true };
    return { ...(result as unknown as Stored<C>), replayed: false };
  }
}

/** A user's balance right after a completed transfer (users' balances are always returned). */
export function balanceAfter(outcome: { fromBalanceMinor: number | null; toBalanceMinor: number | null }, side: 'from' | 'to'): number {
  const balance = side === 'from' ? outcome.fromBalanceMinor : outcome.toBalanceMinor;
  if (balance === null) throw new Error(`no ${side} balance: that side is a system account`);
  return balance;
}
