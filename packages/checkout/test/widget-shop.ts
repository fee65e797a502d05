import { DomainError } from '@platform/contracts';
import { createLogger, idempotencyMigration, type Migration, migrate, outboxMigrations } from '@platform/service-kit';
import { type CommercePlatform, startCommercePlatform } from '@platform/testkit/commerce';
import { infra, schemaFor, uniqueNamespace } from '@platform/testkit';
import pg from 'pg';
import {
  checkoutMigrations,
  FulfilmentFailed,
  type PurchaseHooks,
  type PurchaseRecord,
  PurchaseSaga,
  type PurchaseSagaOptions,
  type Tx,
  WalletClient,
} from '../src/index.js';

/**
 * A minimal selling service for the saga's tests: widgets with a stock, one
 * widget order row per purchase. Its hooks are what shop, tickets and esim
 * write for real.
 */
const widgetsMigration: Migration = {
  name: '0001_widgets',
  sql: `
CREATE TABLE widgets (id text PRIMARY KEY, price_minor bigint NOT NULL, stock integer NOT NULL CHECK (stock >= 0));
CREATE TABLE widget_orders (
  purchase_id uuid PRIMARY KEY REFERENCES purchases (id) DEFERRABLE INITIALLY DEFERRED,
  widget_id   text NOT NULL REFERENCES widgets (id),
  quantity    integer NOT NULL,
  delivered   boolean NOT NULL DEFAULT false,
  released    boolean NOT NULL DEFAULT false
);`,
};

export interface WidgetRequest {
  widgetId: string;
  quantity: number;
}

export class WidgetHooks implements PurchaseHooks<WidgetRequest> {
  /** What the next prepare() does: succeed, fail for good (refund), or fail for now (stays pending). */
  prepareOutcome: 'ok' | 'permanent-failure' | 'temporary-failure' = 'ok';

  async reserve(tx: Tx, purchase: { id: string }, request: WidgetRequest) {
    const { rows } = await tx.query('UPDATE widgets SET stock = stock - $2 WHERE id = $1 AND stock >= $2 RETURNING price_minor', [
      request.widgetId,
      request.quantity,
    ]);
    if (rows.length === 0) throw new DomainError('CONFLICT', 'Out of stock', { details: { reason: 'OUT_OF_STOCK' } });
    await tx.query('INSERT INTO widget_orders (purchase_id, widget_id, quantity) VALUES ($1, $2, $3)', [purchase.id, request.widgetId, request.quantity]);
    return { amountMinor: Number(rows[0].price_minor) * request.quantity, category: 'widget' };
  }

  async prepare() {
    if (this.prepareOutcome === 'permanent-failure') throw new FulfilmentFailed('The widget factory closed', { details: { reason: 'FACTORY_CLOSED' } });
    if (this.prepareOutcome === 'temporary-failure') throw new Error('widget factory timed out');
  }

  async confirm(tx: Tx, purchase: PurchaseRecord) {
    await tx.query('UPDATE widget_orders SET delivered = true WHERE purchase_id = $1', [purchase.id]);
  }

  async release(tx: Tx, purchase: PurchaseRecord) {
    await tx.query(
      `UPDATE widgets w SET stock = w.stock + o.quantity FROM widget_orders o WHERE o.purchase_id = $1 AND w.id = o.widget_id AND NOT o.released`,
      [purchase.id],
    );
    await tx.query('UPDATE widget_orders SET released = true WHERE purchase_id = $1', [purchase.id]);
  }
}

export interface CheckoutHarness {
  platform: CommercePlatform;
  pool: pg.Pool;
  schema: string;
  hooks: WidgetHooks;
  /** A saga on the test schema, paying the real wallet as merchant 'shop'. */
  saga(options?: Partial<PurchaseSagaOptions<WidgetRequest>>): PurchaseSaga<WidgetRequest>;
  /** A wallet client that reaches nobody: the wallet is "down" for it. */
  unreachableWallet(): WalletClient;
  addWidget(id: string, priceMinor: number, stock: number): Promise<void>;
  stock(id: string): Promise<number>;
  widgetOrder(purchaseId: string): Promise<{ delivered: boolean; released: boolean }>;
  close(): Promise<void>;
}

export async function startCheckoutHarness(): Promise<CheckoutHarness> {
  const namespace = uniqueNamespace('co');
  const schema = schemaFor('checkout', namespace);
  const platform = await startCommercePlatform(namespace);
  const pool = new pg.Pool({ connectionString: infra.databaseUrl, max: 8 });
  await migrate(pool, schema, [...outboxMigrations, idempotencyMigration, ...checkoutMigrations, widgetsMigration]);
  const hooks = new WidgetHooks();
  const logger = createLogger({ service: 'checkout-test', instance: namespace, level: 'silent' });
  const q = `"${schema}"`;
  return {
    platform,
    pool,
    schema,
    hooks,
    saga: (options = {}) => new PurchaseSaga({ pool, schema, hooks, logger, wallet: new WalletClient(platform.nc, namespace, 'shop'), ...options }),
    unreachableWallet: () => new WalletClient(platform.nc, `${namespace}_nobody`, 'shop', { timeoutMs: 1_000 }),
    async addWidget(id, priceMinor, stock) {
      await pool.query(`INSERT INTO ${q}.widgets (id, price_minor, stock) VALUES ($1, $2, $3)`, [id, priceMinor, stock]);
    },
    async stock(id) {
      return (await pool.query(`SELECT stock FROM ${q}.widgets WHERE id = $1`, [id])).rows[0].stock;
    },
    async widgetOrder(purchaseId) {
      return (await pool.query(`SELECT delivered, released FROM ${q}.widget_orders WHERE purchase_id = $1`, [purchaseId])).rows[0];
    },
    async close() {
      await pool.end();
      await platform.stop();
    },
  };
}
