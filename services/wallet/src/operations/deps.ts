import type { UserReadModel } from '@platform/service-kit';
import type { FundingProvider } from '../clients/funding-provider.js';
import type { Ledger } from '../store/ledger.js';
import type { LedgerReads } from '../store/ledger-reads.js';

/** What the operation handlers work with; built once in app.ts. */
export interface WalletDeps {
  ledger: Ledger;
  reads: LedgerReads;
  directory: UserReadModel;
  funding: FundingProvider;
  /** WALLET_MAX_AMOUNT in minor units. */
  maxAmountMinor: number;
}
