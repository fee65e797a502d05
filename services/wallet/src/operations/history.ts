import { DomainError, type Identity, notFound, wallet } from '@platform/contracts';
import { decodeCursor, pageOf, type HandlersOf } from '@platform/service-kit';
import { userAccount } from '../domain/accounts.js';
import { balanceView, counterpartyOf, type TransactionType, toWalletTransaction } from '../domain/transaction-view.js';
import type { EntryRecord } from '../store/ledger-reads.js';
import type { WalletDeps } from './deps.js';

function toTransaction(entry: EntryRecord, userNames: ReadonlyMap<string, string>) {
  return toWalletTransaction({
    transferId: entry.transferId,
    type: entry.type as TransactionType,
    amountMinor: Number(entry.amountMinor),
    counterparty: counterpartyOf(entry.counterparty, userNames),
    note: entry.transfer.note,
    reference: entry.transfer.reference,
    refundOf: entry.transfer.reversesTransferId,
    timestamp: entry.createdAt.toISOString(),
    runningBalanceMinor: Number(entry.balanceAfterMinor),
  });
}

/** Names of the users on the other side of these entries, for display. */
function counterpartyNames(deps: WalletDeps, entries: EntryRecord[]) {
  return deps.directory.names(entries.filter((e) => e.counterparty.kind === 'user').map((e) => e.counterparty.owner));
}

/** Entry ids are the cursor: keyset pages never skip or repeat a transaction when new ones arrive. */
function beforeIdOf(cursor: string | undefined): bigint | undefined {
  const key = decodeCursor(cursor, 1);
  if (!key) return undefined;
  const id = String(key[0]);
  if (!/^\d{1,19}$/.test(id)) throw new DomainError('VALIDATION_FAILED', 'cursor: is not a cursor returned by this endpoint', { field: 'cursor' });
  return BigInt(id);
}

/** Read side of a user's wallet. Every query is scoped to the caller's own account: no other id is reachable. */
export function historyHandlers(deps: WalletDeps) {
  return {
    [wallet.myBalance.name]: async (_input, ctx) => {
      const me = ctx.user as Identity;
      return balanceView(await deps.reads.balanceMinor(userAccount(me.id)));
    },

    [wallet.myTransactions.name]: async (input, ctx) => {
      const me = ctx.user as Identity;
      const rows = await deps.reads.entriesPage(userAccount(me.id), { limit: input.limit, beforeId: beforeIdOf(input.cursor), type: input.type });
      const page = pageOf(rows, input.limit, (entry) => [entry.id.toString()]);
      const names = await counterpartyNames(deps, page.items);
      return { transactions: page.items.map((entry) => toTransaction(entry, names)), nextCursor: page.nextCursor };
    },

    [wallet.myTransaction.name]: async (input, ctx) => {
      const me = ctx.user as Identity;
      const entry = await deps.reads.entryOf(userAccount(me.id), input.id);
      // Someone else's transfer is "not found", never "forbidden": its existence is not revealed.
      if (!entry) throw notFound('Transaction');
      return toTransaction(entry, await counterpartyNames(deps, [entry]));
    },

    [wallet.balance.name]: async (input) => ({ userId: input.userId, ...balanceView(await deps.reads.balanceMinor(userAccount(input.userId))) }),
  } satisfies HandlersOf<'wallet'>;
}
