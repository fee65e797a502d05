import { DomainError, type ErrorCode } from '@platform/contracts';
import type { PurchaseFailure, PurchaseRecord } from './purchase-table.js';

/**
 * Thrown by a `prepare` or `confirm` hook when the purchase can never be
 * fulfilled (the eSIM supplier refused the order, the event was cancelled).
 * The saga then releases the goods and refunds the charge. Any other error
 * is taken as temporary: the purchase stays pending and is retried.
 */
export class FulfilmentFailed extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(message: string, options: { code?: ErrorCode; details?: Record<string, unknown> } = {}) {
    super(message);
    this.name = 'FulfilmentFailed';
    this.code = options.code ?? 'CONFLICT';
    this.details = options.details;
  }
}

/** For tests: thrown from a fault hook, it stops a purchase where a crash would (see SagaFaults). */
export class SimulatedCrash extends Error {
  constructor(where = 'after the debit') {
    super(`simulated crash ${where}`);
    this.name = 'SimulatedCrash';
  }
}

/** The refusal a client gets for a purchase that ended unpaid; a retried request gets the same one. */
export function purchaseRefusal(purchase: PurchaseRecord): DomainError {
  const failure: PurchaseFailure = purchase.failure ?? { code: 'CONFLICT', message: `Order ${purchase.id} was not completed` };
  return new DomainError(failure.code, failure.message, { details: { ...failure.details, orderId: purchase.id, status: purchase.status } });
}

/** The answer while the outcome of a charge is unknown: the order is pending and will be settled by a retry or the recovery job. */
export function purchaseStillPending(purchase: PurchaseRecord, cause: DomainError): DomainError {
  const code = cause.code === 'DEADLINE_EXCEEDED' ? 'DEADLINE_EXCEEDED' : 'SERVICE_UNAVAILABLE';
  return new DomainError(
    code,
    `Order ${purchase.id} is not confirmed yet (${cause.message}). It will be completed or cancelled automatically; retry with the same Idempotency-Key to get its outcome`,
    { details: { orderId: purchase.id, status: purchase.status } },
  );
}
