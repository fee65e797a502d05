import { DEFAULT_CURRENCY, minorToMajor, type wallet } from '@platform/contracts';
import type { z } from 'zod';

export type WalletTransaction = z.output<typeof wallet.walletTransaction>;
export type Counterparty = WalletTransaction['counterparty'];
export type TransactionType = WalletTransaction['type'];

const MERCHANT_NAMES: Record<string, string> = {
  shop: 'PaieCashFan Shop',
  tickets: 'PaieCashFan Tickets',
  esim: 'PaieCashFan eSIM',
};

/** What a wallet owner sees of the account on the other side. Users' names come from the directory. */
export function counterpartyOf(account: { kind: string; owner: string }, userNames: ReadonlyMap<string, string>): Counterparty {
  switch (account.kind) {
    case 'user':
      return { kind: 'user', id: account.owner, name: userNames.get(account.owner) ?? null };
    case 'merchant':
      return { kind: 'merchant', id: account.owner, name: MERCHANT_NAMES[account.owner] ?? account.owner };
    default:
      return { kind: 'funding', id: null, name: null };
  }
}

/** One side of a transfer, as the owner of that side sees it. */
export interface TransactionFacts {
  transferId: string;
  type: TransactionType;
  /** Signed: negative when money left the wallet. */
  amountMinor: number;
  counterparty: Counterparty;
  note: string | null;
  reference: string | null;
  refundOf: string | null;
  timestamp: string;
  runningBalanceMinor: number;
}

export function toWalletTransaction(facts: TransactionFacts): WalletTransaction {
  return {
    id: facts.transferId,
    type: facts.type,
    direction: facts.amountMinor < 0 ? 'out' : 'in',
    amount: minorToMajor(facts.amountMinor),
    amountMinor: facts.amountMinor,
    currency: DEFAULT_CURRENCY,
    counterparty: facts.counterparty,
    note: facts.note,
    reference: facts.reference,
    refundOf: facts.refundOf,
    timestamp: facts.timestamp,
    runningBalance: minorToMajor(facts.runningBalanceMinor),
    runningBalanceMinor: facts.runningBalanceMinor,
  };
}

/** Balance fields of every wallet response: display number plus exact minor units. */
export function balanceView(balanceMinor: number) {
  return { balance: minorToMajor(balanceMinor), balanceMinor, currency: DEFAULT_CURRENCY };
}
