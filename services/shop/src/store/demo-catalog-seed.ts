import { withSchemaTransaction } from '@platform/service-kit';
import type pg from 'pg';
import { DEMO_CLUBS, DEMO_PRODUCTS } from './demo-catalog.js';

/** Inserts the demo clubs and products that are missing; never overwrites what an admin changed since. */
export async function seedDemoCatalog(pool: pg.Pool, schema: string): Promise<{ clubs: number; products: number }> {
  return withSchemaTransaction(pool, schema, async (tx) => {
    const clubs = await tx.query('INSERT INTO clubs (id, name) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (id) DO NOTHING', [
      DEMO_CLUBS.map((c) => c.id),
      DEMO_CLUBS.map((c) => c.name),
    ]);
    let products = 0;
    for (const p of DEMO_PRODUCTS) {
      const inserted = await tx.query(
        `INSERT INTO products (id, club_id, category, name, description, price_minor, stock, images)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
        [p.id, p.clubId, p.category, p.name, p.description, p.priceMinor, p.stock, p.images],
      );
      products += inserted.rowCount ?? 0;
    }
    return { clubs: clubs.rowCount ?? 0, products };
  });
}
