import { parseConfig } from '@platform/service-kit';
import { infra, serviceEnv, uniqueNamespace } from '@platform/testkit';
import { type AdminSession, adminSession } from '@platform/testkit/admin';
import { type CommercePlatform, retryWhileBusy, type Shopper, startCommercePlatform } from '@platform/testkit/commerce';
import pg from 'pg';
import { buildShopService, type ShopBuildOptions, type ShopService } from '../src/app.js';
import { shopEnvSchema } from '../src/config.js';
import { shopSchema } from '../src/schema.js';
import { seedDemoCatalog } from '../src/store/demo-catalog-seed.js';

export interface ShopHarness {
  platform: CommercePlatform;
  api: CommercePlatform['api'];
  shop: ShopService;
  admin: AdminSession;
  schema: string;
  /** Direct SQL on the test's shop schema, for checks the API cannot make. */
  sql: pg.Pool;
  /** A product made through the admin API; returns its id. */
  newProduct(fields?: Partial<{ price: string; stock: number; clubId: string; category: string; name: string }>): Promise<string>;
  stock(productId: string): Promise<number>;
  /** Adds to the cart through the gateway and fails the test if it does not work. */
  addToCart(user: Shopper, productId: string, quantity?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real gateway and wallet (child processes) and the shop in-process, in a
 * fresh namespace, with the demo catalogue seeded. The recovery job is off
 * unless `env` turns it on: tests drive recovery themselves.
 */
export async function startShopHarness(env: Record<string, string> = {}, options: ShopBuildOptions = {}): Promise<ShopHarness> {
  const namespace = uniqueNamespace('sh');
  const platform = await startCommercePlatform(namespace);
  const config = parseConfig(shopEnvSchema, serviceEnv('shop', namespace, { HTTP_PORT: '0', PURCHASE_RECOVERY_ENABLED: 'false', ...env }));
  const shop = await buildShopService(config, options);
  const schema = shopSchema(config);
  const sql = new pg.Pool({ connectionString: infra.databaseUrl, max: 2 });
  await seedDemoCatalog(sql, schema);
  const api = platform.api;
  const admin = await retryWhileBusy(() => adminSession(api, namespace));
  let products = 0;
  return {
    platform,
    api,
    shop,
    admin,
    schema,
    sql,
    async newProduct(fields = {}) {
      products++;
      const res = await api.post(
        '/api/shop/admin/products',
        { clubId: 'psg', category: 'jersey', name: `Test product ${products}`, price: '10.00', stock: 10, ...fields },
        admin.token,
      );
      if (res.status !== 201) throw new Error(`create product failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id;
    },
    async stock(productId) {
      return (await sql.query(`SELECT stock FROM "${schema}".products WHERE id = $1`, [productId])).rows[0].stock;
    },
    async addToCart(user, productId, quantity = 1) {
      const res = await api.post('/api/shop/cart/add', { productId, quantity }, user.token);
      if (res.status !== 200) throw new Error(`add to cart failed: ${res.status} ${JSON.stringify(res.body)}`);
    },
    async close() {
      await shop.stop();
      await sql.end();
      await platform.stop();
    },
  };
}
