import { withSchemaTransaction } from '@platform/service-kit';
import type { Tx } from '@platform/checkout';
import { DomainError } from '@platform/contracts';
import type pg from 'pg';
import { type PricedCart, priceCart } from '../domain/cart-pricing.js';
import { toProductOnSale } from './catalog.js';
import type { Db } from './prisma.js';

const MAX_LINE_QUANTITY = 99;

/**
 * Serializes every change to one user's cart (adds, checkout moving the lines
 * into an order, a failed order giving them back) for the rest of the
 * transaction. Taken before any product row lock, everywhere, so the two
 * kinds of lock cannot deadlock.
 */
export async function lockCart(tx: Tx, userId: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`shop-cart:${userId}`]);
}

const notInCart = () => new DomainError('NOT_FOUND', 'productId: this product is not in your cart', { field: 'productId' });

export class CartStore {
  constructor(
    private readonly db: Db,
    private readonly pool: pg.Pool,
    private readonly schema: string,
  ) {}

  /** The cart priced at the current prices. */
  async priced(userId: string): Promise<PricedCart> {
    const items = await this.db.cartItem.findMany({ where: { userId }, include: { product: true } });
    return priceCart(
      items.map((item) => ({ productId: item.productId, quantity: item.quantity })),
      new Map(items.map((item) => [item.productId, toProductOnSale(item.product)])),
    );
  }

  /** Adds units to a line; refused when the product is not on sale (404) or its stock cannot cover the line (409). */
  async add(userId: string, productId: string, quantity: number): Promise<void> {
    await withSchemaTransaction(this.pool, this.schema, async (tx) => {
      await lockCart(tx, userId);
      const { rows } = await tx.query<{ stock: number; active: boolean; in_cart: number | null }>(
        `SELECT p.stock, p.active, c.quantity AS in_cart FROM products p
         LEFT JOIN cart_items c ON c.product_id = p.id AND c.user_id = $2 WHERE p.id = $1`,
        [productId, userId],
      );
      const product = rows[0];
      if (!product?.active) throw new DomainError('NOT_FOUND', 'productId: no product on sale has this id', { field: 'productId' });
      const wanted = (product.in_cart ?? 0) + quantity;
      checkLine(wanted, product.stock, productId);
      await tx.query(
        `INSERT INTO cart_items (user_id, product_id, quantity) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, product_id) DO UPDATE SET quantity = EXCLUDED.quantity`,
        [userId, productId, wanted],
      );
    });
  }

  async setQuantity(userId: string, productId: string, quantity: number): Promise<void> {
    await withSchemaTransaction(this.pool, this.schema, async (tx) => {
      await lockCart(tx, userId);
      const { rows } = await tx.query<{ stock: number }>(
        `SELECT p.stock FROM cart_items c JOIN products p ON p.id = c.product_id WHERE c.user_id = $1 AND c.product_id = $2`,
        [userId, productId],
      );
      if (rows.length === 0) throw notInCart();
      checkLine(quantity, rows[0].stock, productId);
      await tx.query('UPDATE cart_items SET quantity = $3 WHERE user_id = $1 AND product_id = $2', [userId, productId, quantity]);
    });
  }

  async remove(userId: string, productId: string): Promise<void> {
    const { count } = await this.db.cartItem.deleteMany({ where: { userId, productId } });
    if (count === 0) throw notInCart();
  }
}

function checkLine(quantity: number, stock: number, productId: string): void {
  if (quantity > MAX_LINE_QUANTITY) {
    throw new DomainError('VALIDATION_FAILED', `quantity: a cart line holds at most ${MAX_LINE_QUANTITY} units`, { field: 'quantity' });
  }
  if (quantity > stock) {
    throw new DomainError('CONFLICT', `quantity: only ${stock} left in stock`, {
      field: 'quantity',
      details: { reason: 'OUT_OF_STOCK', productId, requested: quantity, available: stock },
    });
  }
}
