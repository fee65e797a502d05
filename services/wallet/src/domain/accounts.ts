import type { wallet } from '@platform/contracts';

export type Merchant = (typeof wallet.merchants)[number];
export type AccountKind = 'user' | 'funding' | 'merchant';
export type TransferKind = 'send' | 'deposit' | 'debit' | 'refund';

/** Names an account of the ledger without knowing its row id: accounts open on first use. */
export interface AccountRef {
  kind: AccountKind;
  owner: string;
}

export const userAccount = (userId: string): AccountRef => ({ kind: 'user', owner: userId });
export const merchantAccount = (merchant: Merchant): AccountRef => ({ kind: 'merchant', owner: merchant });
/** The one source of deposited money; its balance is minus everything ever deposited. */
export const FUNDING_ACCOUNT: AccountRef = { kind: 'funding', owner: 'funding' };

/** Idempotency scopes: a key belongs to one user (HTTP) or one merchant service (NATS). */
export const userScope = (userId: string) => `user:${userId}`;
export const merchantScope = (merchant: Merchant) => `merchant:${merchant}`;
