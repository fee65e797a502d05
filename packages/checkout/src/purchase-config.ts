import { envFlag } from '@platform/service-kit';
import { z } from 'zod';

/** Environment a selling service adds to its own schema: `baseEnvSchema.extend(purchaseEnvSchema.shape)`. */
export const purchaseEnvSchema = z.object({
  /** Run the recovery job's worker and scheduler in this instance. */
  PURCHASE_RECOVERY_ENABLED: envFlag('true'),
  PURCHASE_RECOVERY_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
  /** Unsettled purchases younger than this belong to their request; recovery leaves them alone. */
  PURCHASE_RECOVERY_GRACE_MS: z.coerce.number().int().min(0).default(60_000),
  /** After this long an unsettled purchase is cancelled and any charge refunded; under the wallet's 24 h key retention. */
  PURCHASE_MAX_CHARGE_AGE_MS: z.coerce
    .number()
    .int()
    .min(60_000)
    .max(12 * 3_600_000, 'must be at most 43200000 (12 h): the wallet keeps charge keys 24 h')
    .default(3_600_000),
});

export type PurchaseConfig = z.output<typeof purchaseEnvSchema>;
