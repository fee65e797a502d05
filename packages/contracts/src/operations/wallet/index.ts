import type { EventContract } from '../../events.js';
import { transferCompleted } from './events.js';
import { balance, myBalance, myTransaction, myTransactions } from './history.js';
import { debit, refund } from './merchant-charges.js';
import { deposit, send } from './transfers.js';

/**
 * The wallet: a double-entry ledger in euros. HTTP routes follow the seed
 * (003, PaieCashFan): GET balance, GET transactions, POST send, POST deposit.
 * Shop, tickets and esim charge and refund over NATS with the internal
 * operations below; each call is idempotent on its key.
 */

export { merchants, merchant, transactionType, counterparty, walletTransaction } from './shared.js';
export * from './transfers.js';
export * from './history.js';
export * from './merchant-charges.js';
export * from './events.js';

export const walletOperations = [myBalance, myTransactions, myTransaction, send, deposit, debit, refund, balance] as const;

export const walletEvents: readonly EventContract[] = [transferCompleted];
