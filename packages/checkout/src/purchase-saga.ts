import { randomUUID } from 'node:crypto';
import { DomainError, formatMinor, MAX_AMOUNT_MINOR } from '@platform/contracts';
import { hashRequest, IDEMPOTENCY_MIN_RETENTION_MS, IdempotencyStore, type Logger, AlreadyCommitted, withSchemaTransaction } from '@platform/service-kit';
import pg from 'pg';

const { escapeLiteral } = pg;
import { FulfilmentFailed, purchaseRefusal, purchaseStillPending } from './purchase-errors.js';
import { type PurchaseFailure, type PurchaseRecord, type PurchaseRow, type PurchaseStatus, PurchaseTable, type Tx } from './purchase-table.js';
import type { ParentContext, WalletCharge, WalletClient } from './wallet-client.js';

/** What a reserve hook decided: the price, set by the server. */
export interface Reservation {
  amountMinor: number;
  /** Wallet category for spending insights ("jersey", "data-plan"). */
  category?: string;
}

/**
 * The service-specific steps. Each transactional hook runs inside the saga's
 * transaction (search_path = the service's schema) together with the state
 * change of the purchase row, so goods and purchase state never disagree.
 */
/**
 * What a confirm hook may hand back: a receipt for the caller (what it just
 * wrote, so the answer needs no read after the commit), and its last writes,
 * values as literals (`tx.escapeLiteral`), sent with the COMMIT in one round trip.
 */
export interface Confirmation<Receipt> {
  receipt?: Receipt;
  beforeCommit?: string[];
}

/** A settled purchase; `receipt` is the confirm hook's, present when this call confirmed it. */
export type PurchaseOutcome<Receipt> = PurchaseRecord & { receipt?: Receipt };

export interface PurchaseHooks<Request, Receipt = never> {
  /**
   * Takes the goods (decrement stock, hold seats) and records what is bought
   * under `purchase.id`. The purchases row is inserted after this returns, so
   * a foreign key to purchases(id) must be DEFERRABLE INITIALLY DEFERRED.
   * Throw a DomainError to refuse (out of stock 409, stale total 409, empty
   * cart 400): the whole transaction, idempotency claim included, rolls back.
   */
  reserve(tx: Tx, purchase: { id: string; userId: string }, request: Request): Promise<Reservation>;
  /**
   * Optional, outside any transaction, after the charge and before confirm:
   * work with an outside supplier (issue the eSIM profile). Must be safe to
   * run again for the same purchase. Throw FulfilmentFailed if it can never succeed.
   */
  prepare?(purchase: PurchaseRecord): Promise<void>;
  /** Grants the goods and writes the outbox event, in the transaction that makes the purchase `confirmed`. */
  confirm(tx: Tx, purchase: PurchaseRecord): Promise<void | Confirmation<Receipt>>;
  /** Gives the goods back (stock, seats, cart lines), in the transaction that makes the purchase `failed` or `refunding`. */
  release(tx: Tx, purchase: PurchaseRecord): Promise<void>;
}

/**
 * Test-only fault injection (constructor option; there is no environment
 * flag for faults). A hook that throws stops the purchase right there, as a
 * crash of the process would: the purchase stays pending for recovery.
 */
export interface SagaFaults {
  afterReserve?(purchase: PurchaseRecord): void | Promise<void>;
  afterDebit?(purchase: PurchaseRecord, charge: WalletCharge): void | Promise<void>;
}

/** A client's Idempotency-Key with what identifies its request (operation name + validated input). */
export interface RequestIdempotency {
  key: string;
  fingerprint: unknown;
}

/** The Idempotency-Key of an operation's request, if the client sent one. */
export function requestIdempotency(ctx: { idempotencyKey?: string }, operation: { name: string }, input: unknown): RequestIdempotency | undefined {
  return ctx.idempotencyKey ? { key: ctx.idempotencyKey, fingerprint: { operation: operation.name, input } } : undefined;
}

export interface PurchaseSagaOptions<Request, Receipt = never> {
  pool: pg.Pool;
  /** The service's schema, holding purchases, idempotency_keys, outbox and the service's tables. */
  schema: string;
  wallet: WalletClient;
  hooks: PurchaseHooks<Request, Receipt>;
  logger: Logger;
  /**
   * A purchase still unsettled after this long is not charged any more: any
   * charge it has is refunded. Must stay well under the wallet's idempotency
   * key retention (24 h), beyond which a re-sent debit could charge again.
   */
  maxChargeAgeMs?: number;
  /** First recovery retry delay; it doubles per attempt, up to an hour. */
  recoveryRetryBaseMs?: number;
  faults?: SagaFaults;
}

export interface RecoveryReport {
  examined: number;
  confirmed: number;
  failed: number;
  refunded: number;
  /** Still pending or refunding: retried by a later run. */
  unsettled: number;
}

const DEFAULT_MAX_CHARGE_AGE_MS = 3_600_000;
const DEFAULT_RECOVERY_RETRY_BASE_MS = 30_000;

/**
 * The purchase saga: reserve -> debit -> confirm, every step idempotent, with
 * the state in the service's `purchases` table (docs/checkout.md).
 *
 *  - reserve: one local transaction takes the goods and inserts the purchase
 *    as `pending` (and claims the client's Idempotency-Key).
 *  - debit: wallet.debit with the purchase's own key `<merchant>:order:<id>`;
 *    sending it again returns the first charge or the first refusal.
 *  - confirm: one local transaction marks it `confirmed` with the transfer id,
 *    grants the goods and writes the outbox event.
 *
 * A refusal by the wallet (402...) releases the goods: `failed`. An unknown
 * outcome (wallet unreachable, crash) leaves it `pending` for a retry of the
 * request or for recoverStale(). A charge whose goods cannot be delivered is
 * refunded: `refunding` -> `refunded`.
 */
export class PurchaseSaga<Request, Receipt = never> {
  readonly table: PurchaseTable;
  private readonly keys: IdempotencyStore;
  private readonly maxChargeAgeMs: number;
  private readonly faults: SagaFaults;

  constructor(private readonly options: PurchaseSagaOptions<Request, Receipt>) {
    this.table = new PurchaseTable(options.pool, options.schema);
    this.keys = new IdempotencyStore({ schema: options.schema });
    this.maxChargeAgeMs = options.maxChargeAgeMs ?? DEFAULT_MAX_CHARGE_AGE_MS;
    this.faults = options.faults ?? {};
  }

  get merchant() {
    return this.options.wallet.merchant;
  }

  /**
   * Runs a purchase to its end and returns it confirmed. Throws the refusal
   * (the reserve hook's, the wallet's 402, a failed fulfilment) or, while the
   * charge's outcome is unknown, 503/504 with `details.orderId`. With an
   * Idempotency-Key, a retry returns the same purchase, finishing it first if
   * it is still pending.
   */
  async purchase(input: { userId: string; request: Request; idempotency?: RequestIdempotency; parent?: ParentContext }): Promise<PurchaseOutcome<Receipt>> {
    const started = await this.start(input);
    const record = await this.advance(started, input.parent);
    if (record.status !== 'confirmed') throw purchaseRefusal(record);
    return record;
  }

  /** Settles stale unsettled purchases (the recovery job calls this); one batch per call. */
  async recoverStale(options: { olderThanMs?: number; limit?: number; ignoreBackoff?: boolean } = {}): Promise<RecoveryReport> {
    const leased = await this.table.leaseStale({
      olderThanMs: options.olderThanMs ?? 0,
      limit: options.limit ?? 100,
      ignoreBackoff: options.ignoreBackoff ?? false,
      retryBaseMs: this.options.recoveryRetryBaseMs ?? DEFAULT_RECOVERY_RETRY_BASE_MS,
    });
    const report: RecoveryReport = { examined: leased.length, confirmed: 0, failed: 0, refunded: 0, unsettled: 0 };
    for (const purchase of leased) {
      let status: PurchaseStatus;
      try {
        status = (await this.advance(purchase)).status;
      } catch (err) {
        this.options.logger.warn({ err, orderId: purchase.id, attempts: purchase.recoveryAttempts }, 'purchase recovery attempt did not settle it; will retry');
        status = (await this.table.find(purchase.id))?.status ?? 'pending';
      }
      if (status === 'confirmed' || status === 'failed' || status === 'refunded') report[status]++;
      else report.unsettled++;
    }
    if (leased.length > 0) this.options.logger.info({ ...report }, 'purchase recovery run');
    return report;
  }

  find(id: string): Promise<PurchaseRecord | undefined> {
    return this.table.find(id);
  }

  /** The purchase if it is this user's; anyone else's is reported as not found (no IDOR). */
  async findForUser(id: string, userId: string): Promise<PurchaseRecord | undefined> {
    const purchase = await this.table.find(id);
    return purchase?.userId === userId ? purchase : undefined;
  }

  listForUser(userId: string, page: { limit: number; cursor?: string; statuses?: PurchaseStatus[] }) {
    return this.table.listForUser(userId, page);
  }

  stats() {
    return this.table.stats();
  }

  /** Deletes clients' Idempotency-Keys older than the retention (at least 24 h); the recovery job calls it each run. */
  purgeRequestKeys(retentionMs = IDEMPOTENCY_MIN_RETENTION_MS): Promise<number> {
    return this.keys.purgeOlderThan(this.options.pool, retentionMs);
  }

  /** Reserve step (or the replay of an earlier request with the same Idempotency-Key). */
  private async start(input: { userId: string; request: Request; idempotency?: RequestIdempotency }): Promise<PurchaseRecord> {
    const key = input.idempotency && {
      scope: `user:${input.userId}`,
      key: input.idempotency.key,
      requestHash: hashRequest(input.idempotency.fingerprint),
    };
    // The key is claimed in the BEGIN's round trip.
    const opening = key ? this.keys.claimStatement(key, escapeLiteral) : undefined;
    const record = await withSchemaTransaction(
      this.options.pool,
      this.options.schema,
      async (tx, opened) => {
        if (key) {
          const claim = this.keys.claimFrom<{ purchaseId: string }>(opened?.rows[0]);
          if (claim.status === 'replay') {
            const earlier = await this.table.find(claim.response.purchaseId, tx);
            if (!earlier) throw new Error(`idempotency key ${key.key} names purchase ${claim.response.purchaseId}, which does not exist`);
            return { record: earlier, replay: true };
          }
        }
        const id = randomUUID();
        const reservation = await this.options.hooks.reserve(tx, { id, userId: input.userId }, input.request);
        if (!Number.isSafeInteger(reservation.amountMinor) || reservation.amountMinor <= 0 || reservation.amountMinor > MAX_AMOUNT_MINOR) {
          throw new Error(`reserve hook priced purchase ${id} at ${reservation.amountMinor} minor units`);
        }
        // The purchase row, the key's response and the COMMIT in one round trip (the hook's row locks go with it).
        const completeKey = key ? [this.keys.completeStatement(key, { purchaseId: id }, (value) => tx.escapeLiteral(value))] : [];
        const inserted = await this.table.insertAndCommit(
          tx,
          { id, userId: input.userId, merchant: this.merchant, amountMinor: reservation.amountMinor, category: reservation.category ?? null },
          completeKey,
        );
        return new AlreadyCommitted({ record: inserted, replay: false });
      },
      { opening },
    );
    if (!record.replay) await this.faults.afterReserve?.(record.record);
    return record.record;
  }

  /** Takes an unsettled purchase as far as it can go; returns it settled, or throws while its outcome is unknown. */
  private async advance(purchase: PurchaseRecord, parent?: ParentContext): Promise<PurchaseOutcome<Receipt>> {
    if (purchase.status === 'refunding') return this.finishRefund(purchase);
    if (purchase.status !== 'pending') return purchase;
    if (Date.now() - purchase.createdAt.getTime() > this.maxChargeAgeMs) {
      // Too old to charge safely (the wallet forgets keys after a day): whatever was charged is given back.
      return this.startRefund(purchase, undefined, {
        code: 'SERVICE_UNAVAILABLE',
        message: `Order ${purchase.id} could not be paid in time and was cancelled; any charge is refunded`,
      });
    }
    let charge: WalletCharge;
    try {
      charge = await this.options.wallet.charge(
        {
          userId: purchase.userId,
          amountMinor: purchase.amountMinor,
          reference: purchase.id,
          idempotencyKey: purchase.chargeKey,
          category: purchase.category ?? undefined,
        },
        parent,
      );
    } catch (error) {
      if (error instanceof DomainError && error.status < 500) return this.fail(purchase, this.walletRefusal(purchase, error));
      throw this.stillPending(purchase, error);
    }
    await this.faults.afterDebit?.(purchase, charge);
    return this.fulfil(purchase, charge);
  }

  private async fulfil(purchase: PurchaseRecord, charge: WalletCharge): Promise<PurchaseOutcome<Receipt>> {
    try {
      await this.options.hooks.prepare?.(purchase);
      // pending -> confirmed goes with the BEGIN: one round trip less.
      const opening = this.table.transitionStatement(purchase.id, 'pending', 'confirmed', { transferId: charge.transferId }, escapeLiteral);
      const confirmed = await withSchemaTransaction(
        this.options.pool,
        this.options.schema,
        async (tx, opened) => {
          const row = this.table.transitioned(opened?.rows[0] as PurchaseRow | undefined);
          if (!row) return undefined;
          const confirmation = (await this.options.hooks.confirm(tx, row)) || undefined;
          const outcome: PurchaseOutcome<Receipt> = confirmation?.receipt === undefined ? row : { ...row, receipt: confirmation.receipt };
          if (!confirmation?.beforeCommit?.length) return outcome;
          // The hook's last writes and the COMMIT in one round trip.
          await tx.query([...confirmation.beforeCommit, 'COMMIT'].join(';\n'));
          return new AlreadyCommitted(outcome);
        },
        { opening },
      );
      return confirmed ?? (await this.current(purchase.id));
    } catch (error) {
      if (!(error instanceof FulfilmentFailed)) throw this.stillPending(purchase, error);
      return this.startRefund(purchase, charge, {
        code: error.code,
        message: `${error.message}; the payment of ${formatMinor(purchase.amountMinor)} ${purchase.currency} is refunded`,
        details: error.details,
      });
    }
  }

  /** pending -> failed: nothing was charged; the goods go back. */
  private async fail(purchase: PurchaseRecord, failure: PurchaseFailure): Promise<PurchaseRecord> {
    const failed = await withSchemaTransaction(this.options.pool, this.options.schema, async (tx) => {
      const row = await this.table.transition(tx, purchase.id, 'pending', 'failed', { failure });
      if (row) await this.options.hooks.release(tx, row);
      return row;
    });
    return failed ?? this.settledElsewhere(purchase.id);
  }

  /**
   * pending -> refunding: the decision to refund is written (and the goods
   * released) before the money moves, so a crash in between cannot end with
   * goods delivered and money returned; recovery finishes the refund.
   */
  private async startRefund(purchase: PurchaseRecord, charge: WalletCharge | undefined, failure: PurchaseFailure): Promise<PurchaseRecord> {
    const refunding = await withSchemaTransaction(this.options.pool, this.options.schema, async (tx) => {
      const row = await this.table.transition(tx, purchase.id, 'pending', 'refunding', { failure, transferId: charge?.transferId });
      if (row) await this.options.hooks.release(tx, row);
      return row;
    });
    return this.finishRefund(refunding ?? (await this.current(purchase.id)));
  }

  /** refunding -> refunded (or failed, when it turns out nothing was ever charged). */
  private async finishRefund(purchase: PurchaseRecord): Promise<PurchaseRecord> {
    if (purchase.status !== 'refunding') return purchase;
    const target = purchase.transferId ? { transferId: purchase.transferId } : { idempotencyKey: purchase.chargeKey };
    let next: { status: 'refunded' | 'failed'; transferId?: string; refundId?: string };
    try {
      const refund = await this.options.wallet.refund(target, `${this.merchant} order ${purchase.id} not fulfilled`);
      next = { status: 'refunded', transferId: refund.transferId, refundId: refund.refundId };
    } catch (error) {
      // Refunding by key finds no charge: the debit never happened, so there is nothing to give back.
      if (error instanceof DomainError && error.code === 'NOT_FOUND' && !purchase.transferId) next = { status: 'failed' };
      else throw this.stillPending(purchase, error);
    }
    const settled = await withSchemaTransaction(this.options.pool, this.options.schema, (tx) =>
      this.table.transition(tx, purchase.id, 'refunding', next.status, { transferId: next.transferId, refundId: next.refundId }),
    );
    return settled ?? this.current(purchase.id);
  }

  private walletRefusal(purchase: PurchaseRecord, error: DomainError): PurchaseFailure {
    const cost = `${formatMinor(purchase.amountMinor)} ${purchase.currency}`;
    if (error.code === 'INSUFFICIENT_FUNDS') {
      return {
        code: error.code,
        message: `${error.message}; this order costs ${cost}`,
        details: { ...error.details, totalMinor: purchase.amountMinor },
      };
    }
    return { code: error.code, message: `The wallet refused the payment of ${cost}: ${error.message}`, details: error.details };
  }

  private stillPending(purchase: PurchaseRecord, error: unknown): unknown {
    this.options.logger.warn({ err: error, orderId: purchase.id }, 'purchase left unsettled; a retry or the recovery job will settle it');
    return error instanceof DomainError ? purchaseStillPending(purchase, error) : error;
  }

  private async settledElsewhere(id: string): Promise<PurchaseRecord> {
    return this.advance(await this.current(id));
  }

  private async current(id: string): Promise<PurchaseRecord> {
    const record = await this.table.find(id);
    if (!record) throw new Error(`purchase ${id} vanished`);
    return record;
  }
}
