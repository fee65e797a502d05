import { type RawInputOf, wallet } from '@platform/contracts';
import type { ApiBaseClass, WriteOptions } from '../api-base.js';

/** An amount in euros: a number (12.5) or decimal text ("12.50"), at most 2 decimals. */
export type Amount = RawInputOf<typeof wallet.deposit>['amount'];

/** The wallet (seed 003: getWalletBalance, getTransactions, sendMoney, depositMoney). */
export function withWallet<Base extends ApiBaseClass>(Base: Base) {
  return class WalletMethods extends Base {
    getWalletBalance() {
      return this.call(wallet.myBalance, {});
    }

    /** Newest first; pass `nextCursor` back as `cursor` for the next page. */
    getTransactions(options: RawInputOf<typeof wallet.myTransactions> = {}) {
      return this.call(wallet.myTransactions, options);
    }

    getTransaction(id: string) {
      return this.call(wallet.myTransaction, { id });
    }

    /** `recipientId` is a user id, or an email address. 402 INSUFFICIENT_FUNDS carries the balance in `details`. */
    sendMoney(recipientId: string, amount: Amount, options: WriteOptions & { note?: string } = {}) {
      const { note, ...callOptions } = options;
      const recipient = recipientId.includes('@') ? { recipientEmail: recipientId } : { recipientId };
      return this.call(wallet.send, { ...recipient, amount, note }, callOptions);
    }

    depositMoney(amount: Amount, options: WriteOptions = {}) {
      return this.call(wallet.deposit, { amount }, options);
    }
  };
}
