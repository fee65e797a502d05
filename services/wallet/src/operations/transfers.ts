import { randomUUID } from 'node:crypto';
import { DEFAULT_CURRENCY, DomainError, type Identity, type RequestContext, wallet } from '@platform/contracts';
import { hashRequest, type IdempotencyClaimRequest, type HandlersOf } from '@platform/service-kit';
import { FUNDING_ACCOUNT, userAccount, userScope } from '../domain/accounts.js';
import { checkAmountLimit, insufficientFunds } from '../domain/refusals.js';
import { balanceView, toWalletTransaction } from '../domain/transaction-view.js';
import { balanceAfter, type TransferOutcome } from '../store/ledger.js';
import type { WalletDeps } from './deps.js';

/** HTTP keys belong to the user who sent them; the operation name is hashed in, so one key cannot serve two operations. */
function idempotencyOf(op: { name: string }, input: unknown, ctx: RequestContext): IdempotencyClaimRequest | undefined {
  if (!ctx.idempotencyKey || !ctx.user) return undefined;
  return { scope: userScope(ctx.user.id), key: ctx.idempotencyKey, requestHash: hashRequest({ operation: op.name, input }) };
}

/** Kept with the transfer's outcome, so a replay rebuilds the first response without asking anyone again. */
interface SendContext {
  recipient: { id: string; name: string };
  note: string | null;
}

interface DepositContext {
  providerReference: string;
}

function sendResponse(outcome: TransferOutcome<SendContext>) {
  if (outcome.status === 'insufficient_funds') throw insufficientFunds(outcome.balanceMinor);
  if (outcome.status !== 'completed') throw new Error(`unexpected transfer outcome ${outcome.status} for a send`);
  const { recipient, note } = outcome.context;
  return {
    success: true as const,
    transaction: toWalletTransaction({
      transferId: outcome.transferId,
      type: 'send',
      amountMinor: -outcome.amountMinor,
      counterparty: { kind: 'user', id: recipient.id, name: recipient.name },
      note,
      reference: null,
      refundOf: null,
      timestamp: outcome.createdAt,
      runningBalanceMinor: balanceAfter(outcome, 'from'),
    }),
    ...balanceView(balanceAfter(outcome, 'from')),
  };
}

function depositResponse(outcome: TransferOutcome<DepositContext>) {
  if (outcome.status !== 'completed') throw new Error(`unexpected transfer outcome ${outcome.status} for a deposit`);
  return {
    success: true as const,
    status: 'completed' as const,
    providerReference: outcome.context.providerReference,
    transaction: toWalletTransaction({
      transferId: outcome.transferId,
      type: 'deposit',
      amountMinor: outcome.amountMinor,
      counterparty: { kind: 'funding', id: null, name: null },
      note: null,
      reference: outcome.context.providerReference,
      refundOf: null,
      timestamp: outcome.createdAt,
      runningBalanceMinor: balanceAfter(outcome, 'to'),
    }),
    ...balanceView(balanceAfter(outcome, 'to')),
  };
}

/**
 * Credits a wallet with money the funding provider has settled. The
 * development provider settles at once, so deposit calls this directly; a
 * real provider's callback (webhook) calls it with its own reference as the
 * idempotency key, so a callback delivered twice credits once.
 */
export function settleDeposit(
  deps: Pick<WalletDeps, 'ledger'>,
  request: { userId: string; amountMinor: number; providerReference: string; idempotency?: IdempotencyClaimRequest; signal?: AbortSignal },
): Promise<TransferOutcome<DepositContext>> {
  return deps.ledger.post<DepositContext>({
    kind: 'deposit',
    from: FUNDING_ACCOUNT,
    to: userAccount(request.userId),
    amountMinor: request.amountMinor,
    reference: request.providerReference,
    idempotency: request.idempotency,
    context: { providerReference: request.providerReference },
    signal: request.signal,
  });
}

export function transferHandlers(deps: WalletDeps) {
  return {
    [wallet.send.name]: async (input, ctx) => {
      const me = ctx.user as Identity;
      checkAmountLimit(input.amount, deps.maxAmountMinor);
      const field = input.recipientId !== undefined ? 'recipientId' : 'recipientEmail';
      const recipient = await deps.directory.find(input.recipientId !== undefined ? { id: input.recipientId } : { email: input.recipientEmail! }, ctx);
      if (!recipient) throw new DomainError('NOT_FOUND', `${field}: no user has this ${field === 'recipientId' ? 'id' : 'email'}`, { field });
      if (recipient.id === me.id) throw new DomainError('BAD_REQUEST', `${field}: you cannot send money to yourself`, { field });
      const outcome = await deps.ledger.post<SendContext>({
        kind: 'send',
        from: userAccount(me.id),
        to: userAccount(recipient.id),
        amountMinor: input.amount,
        note: input.note || null,
        idempotency: idempotencyOf(wallet.send, input, ctx),
        context: { recipient, note: input.note || null },
        signal: ctx.signal,
      });
      return sendResponse(outcome);
    },

    [wallet.deposit.name]: async (input, ctx) => {
      const me = ctx.user as Identity;
      checkAmountLimit(input.amount, deps.maxAmountMinor);
      const idempotency = idempotencyOf(wallet.deposit, input, ctx);
      // A replay must not charge the provider again: answer from the ledger first.
      const earlier = idempotency && (await deps.ledger.replayOf<DepositContext>(idempotency));
      if (earlier) return depositResponse(earlier);

      const charge = await deps.funding.charge({
        userId: me.id,
        amountMinor: input.amount,
        currency: DEFAULT_CURRENCY,
        idempotencyKey: idempotency ? `${idempotency.scope}:${idempotency.key}` : randomUUID(),
      });
      if (charge.status === 'pending') {
        const balanceMinor = await deps.reads.balanceMinor(userAccount(me.id));
        return {
          success: true as const,
          status: 'pending' as const,
          providerReference: charge.providerReference,
          transaction: null,
          ...balanceView(balanceMinor),
        };
      }
      return depositResponse(
        await settleDeposit(deps, { userId: me.id, amountMinor: input.amount, providerReference: charge.providerReference, idempotency, signal: ctx.signal }),
      );
    },
  } satisfies HandlersOf<'wallet'>;
}
