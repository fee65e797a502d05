import type { EventContract } from '../../events.js';
import { createProduct, setStock, updateProduct, upsertClub } from './admin.js';
import { addToCart, getCart, removeFromCart, setCartQuantity } from './cart.js';
import { getProduct, listClubs, listProducts } from './catalog.js';
import { orderPlaced } from './events.js';
import { checkout, getOrder, listOrders } from './orders.js';

/**
 * The shop (seed 003, PaieCashFan): club merchandise paid from the wallet.
 * Seed routes kept as they are: GET products (club, category), POST cart/add
 * {productId, quantity}, GET cart, POST checkout {total}. Prices and totals
 * are the server's; a checkout whose total no longer matches is a 409
 * PRICE_CHANGED with the current total. Purchases follow docs/checkout.md.
 */

export { clubId, productCategory, club, product } from './shared.js';
export * from './orders.js';
export * from './admin.js';
export * from './cart.js';
export * from './catalog.js';
export * from './events.js';

export const shopOperations = [
  listClubs,
  listProducts,
  getProduct,
  getCart,
  addToCart,
  setCartQuantity,
  removeFromCart,
  checkout,
  listOrders,
  getOrder,
  createProduct,
  updateProduct,
  setStock,
  upsertClub,
] as const;

export const shopEvents: readonly EventContract[] = [orderPlaced];
