import { withSchemaTransaction } from '@platform/service-kit';
import type pg from 'pg';
import { DEMO_PLANS } from './demo-plans.js';

/** Inserts the demo plans that are missing; never overwrites what an admin changed since. */
export async function seedDemoPlans(pool: pg.Pool, schema: string): Promise<number> {
  return withSchemaTransaction(pool, schema, async (tx) => {
    let added = 0;
    for (const p of DEMO_PLANS) {
      const inserted = await tx.query(
        `INSERT INTO plans (id, name, description, data_mb, validity_days, countries, price_minor)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
        [p.id, p.name, p.description, p.dataMb, p.validityDays, [...p.countries].sort(), p.priceMinor],
      );
      added += inserted.rowCount ?? 0;
    }
    return added;
  });
}
