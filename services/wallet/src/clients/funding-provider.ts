import { randomUUID } from 'node:crypto';
import { type Currency, DomainError } from '@platform/contracts';

export interface FundingCharge {
  userId: string;
  amountMinor: number;
  currency: Currency;
  /** Passed on to the provider, so a retried deposit is one charge at the provider too. */
  idempotencyKey: string;
}

/**
 * settled: the money is ours now, credit the wallet at once.
 * pending: the provider confirms later by calling us back (a webhook); the
 * wallet is credited then, by settleDeposit() with the provider's reference
 * as the idempotency key (see docs/services/wallet.md, "Deposits").
 */
export type FundingResult = { status: 'settled'; providerReference: string } | { status: 'pending'; providerReference: string };

/** Where deposited money comes from: a card acquirer, open banking, a PSP. */
export interface FundingProvider {
  readonly name: string;
  charge(request: FundingCharge): Promise<FundingResult>;
}

/** For development and tests: every charge succeeds at once. Never configured in production. */
export class DevelopmentFundingProvider implements FundingProvider {
  readonly name = 'development';

  async charge(): Promise<FundingResult> {
    return { status: 'settled', providerReference: `dev_${randomUUID()}` };
  }
}

/** No provider configured: deposits are unavailable rather than free money. */
export class DisabledFundingProvider implements FundingProvider {
  readonly name = 'disabled';

  async charge(): Promise<FundingResult> {
    throw new DomainError('SERVICE_UNAVAILABLE', 'Deposits are not available: no funding provider is configured');
  }
}

export function createFundingProvider(name: 'development' | 'disabled'): FundingProvider {
  return name === 'development' ? new DevelopmentFundingProvider() : new DisabledFundingProvider();
}
