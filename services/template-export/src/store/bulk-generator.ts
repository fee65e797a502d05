import { quoteIdent, withSchemaTransaction } from '@platform/service-kit';
import type { Pool } from 'pg';

export interface GenerateOptions {
  paintings?: number;
  orders?: number;
  users?: number;
}

/*
 * Large data sets for benchmarks, generated inside PostgreSQL with
 * generate_series: 100k paintings take about a second, with no rows crossing
 * the wire. Timestamps are spread over the past year and end an hour ago, as
 * in a gallery that has been running for a while, so an incremental sync
 * right after generating has nothing new to read.
 */
const spread = (count: string) => `now() - interval '366 days' + (g::float8 / ${count}) * interval '365 days'`;

export async function generateData(pool: Pool, schema: string, options: GenerateOptions): Promise<Record<string, number>> {
  const s = quoteIdent(schema);
  const created: Record<string, number> = {};
  if (options.paintings) {
    const { rowCount } = await pool.query(
      `INSERT INTO ${s}.paintings (name, description, artist, category, technique, width_cm, height_cm, year, price_cents, currency, image_url, status, created_at, updated_at)
       SELECT 'Œuvre générée n°' || g,
              'Peinture générée pour les mesures de performance, numéro ' || g || '. Huile sur toile, signée, encadrement sur demande.',
              (ARRAY['Claire Dumont', 'Marc Lefèvre', 'Sofia Rossi', 'Hugo Martin'])[1 + g % 4],
              (ARRAY['Paysage', 'Portrait', 'Abstrait', 'Marine', 'Nature morte'])[1 + g % 5],
              (ARRAY['Huile sur toile', 'Acrylique', 'Aquarelle'])[1 + g % 3],
              30 + g % 90, 30 + (g * 7) % 90, 1990 + g % 35, 10000 + (g * 7919) % 500000, 'EUR',
              'https://cdn.artworksdigital.fr/generated/' || g || '.jpg',
              (ARRAY['available', 'available', 'available', 'reserved', 'sold'])[1 + g % 5],
              ts, ts
       FROM generate_series(1, $1::int) AS g, LATERAL (SELECT (${spread('$1::int')})::timestamptz(3) AS ts) AS t`,
      [options.paintings],
    );
    created.paintings = rowCount ?? 0;
  }
  if (options.users) {
    const { rowCount } = await pool.query(
      `INSERT INTO ${s}.users (email, name, role, phone, password_hash, created_at, updated_at)
       SELECT 'client' || g || '-' || substr(md5(random()::text), 1, 8) || '@example.fr', 'Client ' || g, 'customer', NULL,
              'scrypt$generated$' || md5(random()::text), ts, ts
       FROM generate_series(1, $1::int) AS g, LATERAL (SELECT (${spread('$1::int')})::timestamptz(3) AS ts) AS t`,
      [options.users],
    );
    created.users = rowCount ?? 0;
  }
  if (options.orders) {
    created.orders = await withSchemaTransaction(pool, schema, async (client) => {
      const { rows } = await client.query<{ id: number }>(
        `INSERT INTO ${s}.orders (customer_name, customer_email, shipping_address, status, total_cents, created_at, updated_at)
         SELECT 'Client ' || g, 'client' || g || '@example.fr', g || ' rue de la Paix, 75002 Paris', 'paid', 10000 + (g * 7919) % 500000, ts, ts
         FROM generate_series(1, $1::int) AS g, LATERAL (SELECT (${spread('$1::int')})::timestamptz(3) AS ts) AS t
         RETURNING id`,
        [options.orders],
      );
      await client.query(
        `INSERT INTO ${s}.order_items (order_id, painting_id, painting_name, quantity, unit_price_cents, created_at, updated_at)
         SELECT o.id, NULL, 'Œuvre ' || o.id, 1, o.total_cents, o.created_at, o.updated_at FROM ${s}.orders AS o WHERE o.id = ANY($1::int[])`,
        [rows.map((r) => r.id)],
      );
      return rows.length;
    });
  }
  // As autovacuum would soon: statistics for the planner, and a visibility map so counts can use the index alone.
  await pool.query(`VACUUM ANALYZE ${s}.paintings, ${s}.orders, ${s}.order_items, ${s}.users`);
  return created;
}
