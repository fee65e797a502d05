import { DEMO_USERS } from '@platform/contracts';
import { settleDeposit } from '../operations/transfers.js';
import type { Ledger } from './ledger.js';

/**
 * Gives each demo user from the contracts a starting balance, as a deposit
 * from the funding account like any other. The idempotency key makes it happen
 * once per user, however often the seed runs.
 */
export async function seedDemoBalances(ledger: Ledger, amountMinor: number): Promise<{ credited: number }> {
  let credited = 0;
  for (const user of DEMO_USERS) {
    const outcome = await settleDeposit(
      { ledger },
      {
        userId: user.id,
        amountMinor,
        providerReference: `seed:demo:${user.id}`,
        idempotency: { scope: 'seed', key: `demo-balance:${user.id}`, requestHash: `demo-balance:${user.id}` },
      },
    );
    if (!outcome.replayed) credited++;
  }
  return { credited };
}
