import type { PurchaseHooks, PurchaseRecord, Tx } from '@platform/checkout';
import { shop } from '@platform/contracts';
import { outboxInsert } from '@platform/service-kit';
import { checkoutRefusal, type ProductOnSale, priceCart, walletCategory } from '../domain/cart-pricing.js';
import { lockCart } from './carts.js';

/** What checkout asks for: the cart, at the total the client saw. */
export interface CheckoutRequest {
  totalMinor: number;
}

interface LineRow {
  product_id: string;
  name: string;
  category: string;
  club_id: string;
  unit_price_minor: string;
  quantity: number;
}

/**
 * The shop's part of the purchase saga (docs/checkout.md). Lock order,
 * everywhere: the user's cart, then product rows by id. Two checkouts that
 * share products therefore queue instead of deadlocking, and the stock is
 * read and decremented under the same lock.
 */
export const shopPurchaseHooks: PurchaseHooks<CheckoutRequest> = {
  async reserve(tx, purchase, request) {
    await lockCart(tx, purchase.userId);
    const { rows: entries } = await tx.query<{ product_id: string; quantity: number }>(
      'SELECT product_id, quantity FROM cart_items WHERE user_id = $1 ORDER BY product_id',
      [purchase.userId],
    );
    const ids = entries.map((e) => e.product_id);
    const { rows: products } = await tx.query<ProductOnSale & { priceMinor: string }>(
      `SELECT id, club_id AS "clubId", category, name, description, price_minor AS "priceMinor", stock, images, active,
              created_at AS "createdAt", updated_at AS "updatedAt"
       FROM products WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
    const cart = priceCart(
      entries.map((e) => ({ productId: e.product_id, quantity: e.quantity })),
      new Map(products.map((p) => [p.id, { ...p, priceMinor: Number(p.priceMinor) }])),
    );
    const refusal = checkoutRefusal(cart, request.totalMinor);
    if (refusal) throw refusal;

    for (const line of cart.lines) {
      // The rows are locked and the stock checked; the guard keeps "never below 0" true even if that changes.
      const taken = await tx.query('UPDATE products SET stock = stock - $2, updated_at = now() WHERE id = $1 AND stock >= $2', [line.productId, line.quantity]);
      if (taken.rowCount !== 1) throw new Error(`stock of ${line.productId} changed under its row lock`);
    }
    await tx.query(
      `INSERT INTO order_lines (purchase_id, product_id, name, category, club_id, image, unit_price_minor, quantity)
       SELECT $1::uuid, * FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::int[])`,
      [
        purchase.id,
        cart.lines.map((l) => l.productId),
        cart.lines.map((l) => l.name),
        cart.lines.map((l) => l.category),
        cart.lines.map((l) => l.clubId),
        cart.lines.map((l) => l.image),
        cart.lines.map((l) => l.unitPriceMinor),
        cart.lines.map((l) => l.quantity),
      ],
    );
    // The lines move from the cart into the order: a second checkout of the same cart finds it empty.
    await tx.query('DELETE FROM cart_items WHERE user_id = $1 AND product_id = ANY($2::uuid[])', [purchase.userId, ids]);
    return { amountMinor: cart.totalMinor, category: walletCategory(cart) };
  },

  async confirm(tx, purchase) {
    const lines = await orderLines(tx, purchase);
    const clubs = new Set(lines.map((l) => l.club_id));
    const { sql, values } = outboxInsert(shop.orderPlaced, {
      orderId: purchase.id,
      userId: purchase.userId,
      clubId: clubs.size === 1 ? [...clubs][0] : null,
      items: lines.map((l) => ({
        productId: l.product_id,
        name: l.name,
        category: l.category,
        clubId: l.club_id,
        quantity: l.quantity,
        unitPriceMinor: Number(l.unit_price_minor),
      })),
      totalMinor: purchase.amountMinor,
      currency: purchase.currency,
      transferId: purchase.transferId!,
      occurredAt: new Date().toISOString(),
    });
    await tx.query(sql, values);
  },

  /** Stock back, and the lines back into the cart: after a 402 the fan finds the cart as it was. */
  async release(tx, purchase) {
    await lockCart(tx, purchase.userId);
    const lines = await orderLines(tx, purchase);
    const ids = lines.map((l) => l.product_id);
    await tx.query('SELECT id FROM products WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [ids]);
    await tx.query(
      `UPDATE products p SET stock = p.stock + l.quantity, updated_at = now() FROM order_lines l WHERE l.purchase_id = $1 AND p.id = l.product_id`,
      [purchase.id],
    );
    await tx.query(
      `INSERT INTO cart_items (user_id, product_id, quantity)
       SELECT $2, product_id, quantity FROM order_lines WHERE purchase_id = $1
       ON CONFLICT (user_id, product_id) DO UPDATE SET quantity = LEAST(99, cart_items.quantity + EXCLUDED.quantity)`,
      [purchase.id, purchase.userId],
    );
  },
};

async function orderLines(tx: Tx, purchase: PurchaseRecord): Promise<LineRow[]> {
  const { rows } = await tx.query<LineRow>(
    'SELECT product_id, name, category, club_id, unit_price_minor, quantity FROM order_lines WHERE purchase_id = $1 ORDER BY product_id',
    [purchase.id],
  );
  return rows;
}
