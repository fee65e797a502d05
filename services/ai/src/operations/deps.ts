import type { PlatformLookups } from '../clients/platform-lookups.js';
import type { RecommendationReads } from '../store/recommendation-reads.js';
import type { SpendingReads } from '../store/spending-reads.js';

export interface AiDeps {
  spending: SpendingReads;
  recommendations: RecommendationReads;
  lookups: PlatformLookups;
  topMerchants: number;
  /** The clock, so tests and the handlers agree on "now". */
  now: () => Date;
}
