import { startPurchaseRecovery, PurchaseSaga, type SagaFaults, WalletClient } from '@platform/checkout';
import { shop } from '@platform/contracts';
import { createPool, migrate, Service, startOutboxRelay } from '@platform/service-kit';
import type { ShopConfig } from './config.js';
import { adminHandlers } from './operations/admin.js';
import { cartHandlers } from './operations/cart.js';
import { catalogHandlers } from './operations/catalog.js';
import type { ShopDeps } from './operations/deps.js';
import { orderHandlers } from './operations/orders.js';
import { shopMigrations, shopSchema } from './schema.js';
import { CartStore } from './store/carts.js';
import { Catalog } from './store/catalog.js';
import { type CheckoutRequest, shopPurchaseHooks } from './store/purchase-hooks.js';
import { OrderViews } from './store/order-views.js';
import { createPrisma } from './store/prisma.js';

export interface ShopService extends Service {
  /** The purchase saga, for tests: recoverStale() is what the recovery job runs. */
  purchases: PurchaseSaga<CheckoutRequest>;
}

export interface ShopBuildOptions {
  /** Test-only fault injection into the purchase saga (docs/checkout.md); never from the environment. */
  faults?: SagaFaults;
}

/**
 * The shop: clubs' merchandise on its own PostgreSQL schema, paid from the
 * wallet through the purchase saga of @platform/checkout.
 */
export async function buildShopService(config: ShopConfig, options: ShopBuildOptions = {}): Promise<ShopService> {
  const service = new Service({ name: 'shop', config, jwtSecret: config.JWT_SECRET });
  const schema = shopSchema(config);
  // One pool for Prisma, the saga and the outbox relay: the service holds DATABASE_POOL_SIZE connections and no more.
  const pool = createPool(service, { connectionString: config.DATABASE_URL, max: config.DATABASE_POOL_SIZE });
  if (config.MIGRATE_ON_START) await migrate(pool, schema, shopMigrations());
  const db = createPrisma({ pool, schema });
  service.onShutdown('prisma', () => db.$disconnect());

  await service.connect();
  const purchases = new PurchaseSaga<CheckoutRequest>({
    pool,
    schema,
    wallet: new WalletClient(service.nc, config.NATS_NAMESPACE, 'shop'),
    hooks: shopPurchaseHooks,
    logger: service.logger,
    maxChargeAgeMs: config.PURCHASE_MAX_CHARGE_AGE_MS,
    faults: options.faults,
  });
  const deps: ShopDeps = {
    catalog: new Catalog(db, pool, schema),
    carts: new CartStore(db, pool, schema),
    orders: new OrderViews(db),
    purchases,
  };
  service.serve({
    ...catalogHandlers(deps),
    ...cartHandlers(deps),
    ...orderHandlers(deps),
    ...adminHandlers(deps),
  });
  if (config.JWT_SECRET) await service.mountStandaloneRoutes(shop.shopOperations);

  const relay = await startOutboxRelay(service, { pool, schema });

  await startPurchaseRecovery(service, purchases, config);

  service.setStatsProvider(async () => {
    const orders = await purchases.stats();
    const { rows } = await pool.query(
      `SELECT count(*) FILTER (WHERE active)::int AS products, COALESCE(sum(stock) FILTER (WHERE active), 0)::int AS units FROM "${schema}".products`,
    );
    return {
      orders: orders.confirmed,
      revenueMinor: orders.revenueMinor,
      pendingOrders: orders.pending + orders.refunding,
      failedOrders: orders.failed,
      refundedOrders: orders.refunded,
      products: rows[0].products,
      unitsInStock: rows[0].units,
      pendingEvents: await relay.pendingCount(),
    };
  });
  service.logger.info({ schema, recovery: config.PURCHASE_RECOVERY_ENABLED }, 'shop ready');
  return Object.assign(service, { purchases });
}
