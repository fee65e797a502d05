import { DomainError, formatMinor } from '@platform/contracts';
import { balanceView } from './transaction-view.js';

/**
 * The contract caps every amount at MAX_AMOUNT_MINOR; each deployment sets its
 * own lower ceiling (WALLET_MAX_AMOUNT). The gateway cannot know it, so the
 * wallet applies it, with the same 400 naming the field.
 */
export function checkAmountLimit(amountMinor: number, maxMinor: number): void {
  if (amountMinor > maxMinor) {
    throw new DomainError('VALIDATION_FAILED', `amount: must be at most ${formatMinor(maxMinor)}`, { field: 'amount' });
  }
}

/** 402 with the current balance in the details, so the app can show it. */
export function insufficientFunds(balanceMinor: number): DomainError {
  const view = balanceView(balanceMinor);
  return new DomainError('INSUFFICIENT_FUNDS', `Insufficient funds: the balance is ${formatMinor(balanceMinor)} ${view.currency}`, {
    field: 'amount',
    details: view,
  });
}
