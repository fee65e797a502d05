/**
 * @platform/checkout: what shop, tickets and esim share to take payment.
 * The full story, with the state diagram, is docs/checkout.md.
 *
 * Wiring in a service's app.ts:
 *
 *   migrations: purchaseServiceMigrations(migrationsDir)   // outbox, idempotency_keys, purchases, then yours
 *   const wallet = new WalletClient(service.nc, config.NATS_NAMESPACE, 'shop');
 *   const saga = new PurchaseSaga({ pool, schema, wallet, hooks, logger: service.logger, maxChargeAgeMs: config.PURCHASE_MAX_CHARGE_AGE_MS });
 *   if (config.PURCHASE_RECOVERY_ENABLED) {
 *     const recovery = await startPurchaseRecovery(service, saga, config); // when PURCHASE_RECOVERY_ENABLED
 *   }
 *
 * In a handler:
 *
 *   const order = await saga.purchase({ userId: ctx.user!.id, request: input,
 *     idempotency: requestIdempotency(ctx, op, input), parent: ctx });
 *
 * `hooks` (PurchaseHooks) are the service's part: reserve (take the goods,
 * price them), optional prepare (outside supplier), confirm (grant + outbox
 * event) and release (give the goods back). Everything else (states, wallet
 * calls, refusals, idempotency, recovery) lives here, once.
 *
 * This API is used by other services: add to it, do not break it.
 */
export { purchaseEnvSchema, type PurchaseConfig } from './purchase-config.js';
export { FulfilmentFailed, purchaseRefusal, SimulatedCrash } from './purchase-errors.js';
export { checkoutMigrations, purchaseServiceMigrations } from './purchase-migrations.js';
export {
  PurchaseSaga,
  requestIdempotency,
  type Confirmation,
  type PurchaseHooks,
  type PurchaseOutcome,
  type PurchaseSagaOptions,
  type RecoveryReport,
  type RequestIdempotency,
  type Reservation,
  type SagaFaults,
} from './purchase-saga.js';
export {
  chargeKeyFor,
  FINAL_STATUSES,
  PurchaseTable,
  type PurchaseFailure,
  type PurchaseRecord,
  type PurchaseStatus,
  type Tx,
} from './purchase-table.js';
export { PurchaseRecoveryJob, purchaseRecoveryQueue, RECOVER_JOB, startPurchaseRecovery, type PurchaseRecoveryJobOptions } from './recovery-job.js';
export {
  WalletClient,
  type ChargeRequest,
  type Merchant,
  type ParentContext,
  type WalletBalance,
  type WalletCharge,
  type WalletRefund,
} from './wallet-client.js';
