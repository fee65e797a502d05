import type { NatsConnection } from '@nats-io/transport-node';
import { formatMinor, type OutputOf, type RequestContext, wallet } from '@platform/contracts';
import { callOperation } from '@platform/service-kit';

export type Merchant = (typeof wallet.merchants)[number];
export type WalletCharge = OutputOf<typeof wallet.debit>;
export type WalletRefund = OutputOf<typeof wallet.refund>;
export type WalletBalance = OutputOf<typeof wallet.balance>;

/** The caller's request id and deadline: a charge made for an HTTP request shares that request's time budget. */
export type ParentContext = Pick<RequestContext, 'requestId' | 'deadline'>;

export interface ChargeRequest {
  userId: string;
  amountMinor: number;
  /** The merchant's id for the purchase (the order id): shown in the user's history. */
  reference: string;
  /** Retrying with the same key returns the first charge (or the first refusal); it never charges twice. */
  idempotencyKey: string;
  /** What was bought, for spending insights ("jersey", "data-plan"). */
  category?: string;
}

/**
 * The wallet's internal NATS API as one merchant sees it. Every method
 * throws the wallet's own DomainError on a refusal (402 INSUFFICIENT_FUNDS
 * with the balance in details, 404, 409...) and SERVICE_UNAVAILABLE (503) or
 * DEADLINE_EXCEEDED (504) when the wallet cannot be reached: for a charge,
 * those two mean "unknown outcome", and only a retry with the same key tells.
 */
export class WalletClient {
  constructor(
    private readonly nc: NatsConnection,
    private readonly namespace: string,
    readonly merchant: Merchant,
    private readonly options: { timeoutMs?: number } = {},
  ) {}

  /** wallet.debit: the amount travels as exact decimal text, never a float. */
  charge(request: ChargeRequest, parent?: ParentContext): Promise<WalletCharge> {
    const input = {
      userId: request.userId,
      amount: formatMinor(request.amountMinor),
      merchant: this.merchant,
      reference: request.reference,
      idempotencyKey: request.idempotencyKey,
      ...(request.category ? { category: request.category } : {}),
    };
    return callOperation(this.nc, this.namespace, wallet.debit, input, { parent, timeoutMs: this.options.timeoutMs });
  }

  /** wallet.refund, in full and once: name the charge by its transfer id or by the key it was charged with. */
  refund(target: { transferId: string } | { idempotencyKey: string }, reason: string, parent?: ParentContext): Promise<WalletRefund> {
    return callOperation(this.nc, this.namespace, wallet.refund, { ...target, merchant: this.merchant, reason }, { parent, timeoutMs: this.options.timeoutMs });
  }

  balance(userId: string, parent?: ParentContext): Promise<WalletBalance> {
    return callOperation(this.nc, this.namespace, wallet.balance, { userId }, { parent, timeoutMs: this.options.timeoutMs });
  }
}
