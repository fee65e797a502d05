import { FulfilmentFailed, type PurchaseHooks, type Tx } from '@platform/checkout';
import { DomainError, esim } from '@platform/contracts';
import { outboxInsert, withSchemaTransaction } from '@platform/service-kit';
import type pg from 'pg';
import { type EsimProvider, EsimProviderError, type IssuedProfile } from '../clients/esim-provider.js';

/** What an activation asks for. */
export interface ActivationRequest {
  planId: string;
}

interface EsimRow {
  user_id: string;
  plan_id: string;
  plan_name: string;
  data_mb: number;
  validity_days: number;
  countries: string[];
  iccid: string | null;
  activated_at: Date;
  expires_at: Date;
}

/**
 * The eSIM's part of the purchase saga (docs/checkout.md): reserve records
 * the plan's terms at the server's price; prepare asks the provider for the
 * profile once the user is charged, and stores it before anything else, so
 * a retry after a crash reuses it; confirm activates it and writes
 * evt.esim.activated. If the process dies after the provider answered and
 * before the profile is stored, the retry asks again with the same
 * reference (the order id): a real supplier returns the same profile.
 */
export function esimPurchaseHooks(deps: { provider: EsimProvider; pool: pg.Pool; schema: string }): PurchaseHooks<ActivationRequest> {
  const { provider } = deps;
  const inSchema = <T>(work: (tx: Tx) => Promise<T>) => withSchemaTransaction(deps.pool, deps.schema, work);
  return {
    async reserve(tx, purchase, request) {
      if (provider.name === 'disabled') throw new DomainError('SERVICE_UNAVAILABLE', 'eSIM activation is not available right now; nothing was charged');
      const { rows } = await tx.query<{ price_minor: string }>(
        `INSERT INTO esims (purchase_id, user_id, plan_id, plan_name, data_mb, validity_days, countries, price_minor)
         SELECT $1, $2, id, name, data_mb, validity_days, countries, price_minor FROM plans WHERE id = $3 AND active
         RETURNING price_minor`,
        [purchase.id, purchase.userId, request.planId],
      );
      if (rows.length === 0) throw new DomainError('NOT_FOUND', 'planId: no plan on sale has this id', { field: 'planId' });
      return { amountMinor: Number(rows[0].price_minor), category: 'data-plan' };
    },

    /**
     * Holds the eSIM row's lock while the provider works, so concurrent
     * retries of one activation (a client's and the recovery job's) ask for
     * one profile, not one each: the second finds it issued.
     */
    async prepare(purchase) {
      await inSchema(async (tx) => {
        const { rows } = await tx.query<EsimRow>('SELECT * FROM esims WHERE purchase_id = $1 FOR UPDATE', [purchase.id]);
        const row = rows[0];
        if (row.iccid) return; // issued by an earlier attempt
        let profile: IssuedProfile;
        try {
          profile = await provider.issueProfile({
            reference: purchase.id,
            userId: purchase.userId,
            plan: { id: row.plan_id, name: row.plan_name, dataMb: row.data_mb, validityDays: row.validity_days, countries: row.countries },
          });
        } catch (error) {
          if (!(error instanceof EsimProviderError)) throw error;
          if (error.permanent) {
            throw new FulfilmentFailed(`The eSIM provider cannot issue this plan (${error.message})`, {
              code: 'SERVICE_UNAVAILABLE',
              details: { reason: 'PROVIDER_REFUSED' },
            });
          }
          throw new DomainError('SERVICE_UNAVAILABLE', `The eSIM provider did not issue the profile yet (${error.message})`);
        }
        await tx.query(`UPDATE esims SET provider = $2, iccid = $3, smdp_address = $4, matching_id = $5, activation_code = $6 WHERE purchase_id = $1`, [
          purchase.id,
          provider.name,
          profile.iccid,
          profile.smdpAddress,
          profile.matchingId,
          profile.activationCode,
        ]);
      });
    },

    async confirm(tx, purchase) {
      const { rows } = await tx.query<EsimRow>(
        `UPDATE esims SET activated_at = now(), expires_at = now() + make_interval(days => validity_days)
         WHERE purchase_id = $1 AND iccid IS NOT NULL
         RETURNING user_id, plan_id, plan_name, data_mb, validity_days, countries, iccid, activated_at, expires_at`,
        [purchase.id],
      );
      if (rows.length === 0) throw new Error(`eSIM ${purchase.id} has no profile to activate`);
      const row = rows[0];
      const { sql, values } = outboxInsert(esim.activated, {
        esimId: purchase.id,
        orderId: purchase.id,
        userId: purchase.userId,
        clubId: null,
        planId: row.plan_id,
        planName: row.plan_name,
        countries: row.countries,
        dataMb: row.data_mb,
        validityDays: row.validity_days,
        totalMinor: purchase.amountMinor,
        currency: purchase.currency,
        transferId: purchase.transferId!,
        iccid: row.iccid!,
        activatedAt: row.activated_at.toISOString(),
        expiresAt: row.expires_at.toISOString(),
        occurredAt: new Date().toISOString(),
      });
      await tx.query(sql, values);
    },

    // Nothing was taken from a stock; the eSIM row stays as the record of the failed or refunded purchase.
    async release() {},
  };
}
