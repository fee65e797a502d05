import { DEFAULT_CURRENCY, DomainError, minorToMajor, wallet } from '@platform/contracts';
import { hashRequest, type HandlersOf } from '@platform/service-kit';
import { merchantAccount, merchantScope, userAccount } from '../domain/accounts.js';
import { checkAmountLimit, insufficientFunds } from '../domain/refusals.js';
import { balanceView } from '../domain/transaction-view.js';
import { balanceAfter } from '../store/ledger.js';
import type { WalletDeps } from './deps.js';

/**
 * How shop, tickets and esim take payment (NATS only). A purchase saga calls
 * wallet.debit with its own idempotency key; retrying the step with the same
 * key returns the first charge instead of charging again.
 */
export function merchantHandlers(deps: WalletDeps) {
  return {
    [wallet.debit.name]: async (input, ctx) => {
      checkAmountLimit(input.amount, deps.maxAmountMinor);
      const outcome = await deps.ledger.post({
        kind: 'debit',
        from: userAccount(input.userId),
        to: merchantAccount(input.merchant),
        amountMinor: input.amount,
        merchant: input.merchant,
        reference: input.reference,
        category: input.category ?? null,
        idempotency: { scope: merchantScope(input.merchant), key: input.idempotencyKey, requestHash: hashRequest({ operation: wallet.debit.name, input }) },
        context: {},
        signal: ctx.signal,
      });
      if (outcome.status === 'insufficient_funds') throw insufficientFunds(outcome.balanceMinor);
      if (outcome.status !== 'completed') throw new Error(`unexpected transfer outcome ${outcome.status} for a debit`);
      return {
        transferId: outcome.transferId,
        status: 'completed' as const,
        userId: input.userId,
        merchant: input.merchant,
        reference: input.reference,
        amount: minorToMajor(outcome.amountMinor),
        amountMinor: outcome.amountMinor,
        ...balanceView(balanceAfter(outcome, 'from')),
        createdAt: outcome.createdAt,
      };
    },

    [wallet.refund.name]: async (input, ctx) => {
      const field = input.transferId !== undefined ? 'transferId' : 'idempotencyKey';
      const by = input.transferId !== undefined ? { transferId: input.transferId } : { idempotencyKey: input.idempotencyKey! };
      // Only the merchant's own transfers are found: a service cannot refund another's charges.
      const target = await deps.reads.findMerchantTransfer(input.merchant, by);
      if (!target) throw new DomainError('NOT_FOUND', `${field}: no ${input.merchant} charge has this ${field}`, { field });
      if (target.kind !== 'debit') {
        throw new DomainError('CONFLICT', `${field}: this transfer is a refund; a refund cannot be refunded`, {
          field,
          details: { reason: 'REFUND_OF_REFUND' },
        });
      }
      const amountMinor = Number(target.amountMinor);
      const common = { transferId: target.id, status: 'refunded' as const, userId: target.userId, merchant: input.merchant };
      const money = { amount: minorToMajor(amountMinor), amountMinor, currency: DEFAULT_CURRENCY };

      const outcome = await deps.ledger.post({
        kind: 'refund',
        from: merchantAccount(input.merchant),
        to: userAccount(target.userId),
        amountMinor,
        merchant: input.merchant,
        reference: target.reference,
        reversesTransferId: target.id,
        reason: input.reason,
        context: {},
        signal: ctx.signal,
      });
      if (outcome.status === 'completed') {
        return {
          refundId: outcome.transferId,
          ...common,
          ...money,
          ...balanceView(balanceAfter(outcome, 'to')),
          reason: input.reason,
          createdAt: outcome.createdAt,
        };
      }
      if (outcome.status === 'already_reversed') {
        // A retried refund: answer with the refund that was made, not a second one.
        const existing = await deps.reads.refundOf(target.id);
        if (!existing) throw new Error(`refund ${outcome.transferId} of ${target.id} vanished`);
        return {
          refundId: existing.id,
          ...common,
          ...money,
          ...balanceView(Number(existing.userBalanceAfterMinor)),
          reason: existing.reason,
          createdAt: existing.createdAt.toISOString(),
        };
      }
      // The merchant account received the debit, so this means its money left by some other way.
      throw new DomainError('CONFLICT', `The ${input.merchant} account cannot cover this refund`, { details: { reason: 'MERCHANT_FUNDS' } });
    },
  } satisfies HandlersOf<'wallet'>;
}
