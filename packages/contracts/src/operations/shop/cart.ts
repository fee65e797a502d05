import { z } from 'zod';
import { uuid } from '../../fields.js';
import { currency, majorAmount, minorAmount } from '../../money.js';
import { defineOperation } from '../../operation.js';
import { exampleLine, exampleProduct, lineFields } from './shared.js';

const quantity = z.number({ error: 'must be a number' }).int('must be an integer').min(1, 'must be at least 1').max(99, 'must be at most 99');

export const cartLine = z.object({
  ...lineFields,
  stock: z.number().int(),
  /** False when the product was withdrawn or has fewer units left than the line asks: checkout would refuse it. */
  available: z.boolean(),
});

/** The cart with totals computed by the server at the current prices. */
export const cart = z.object({
  items: z.array(cartLine),
  itemCount: z.number().int(),
  total: majorAmount,
  totalMinor: minorAmount,
  currency,
});

const cartChanged = z.object({ success: z.literal(true), ...cart.shape });

const exampleCart = {
  items: [{ ...exampleLine, stock: 48, available: true }],
  itemCount: 2,
  total: 179.8,
  totalMinor: 17980,
  currency: 'EUR',
} satisfies z.output<typeof cart>;

export const getCart = defineOperation({
  name: 'shop.getCart',
  service: 'shop',
  summary: "The signed-in user's cart, totals computed by the server",
  auth: 'user',
  http: { method: 'GET', path: '/api/shop/cart' },
  input: z.object({}),
  output: cart,
  tags: ['shop'],
  examples: { input: {}, output: exampleCart },
});

export const addToCart = defineOperation({
  name: 'shop.addToCart',
  service: 'shop',
  summary: 'Add units of a product to the cart (409 when the stock cannot cover the line)',
  auth: 'user',
  http: { method: 'POST', path: '/api/shop/cart/add' },
  input: z.strictObject({ productId: uuid, quantity: quantity.default(1) }),
  output: cartChanged,
  tags: ['shop'],
  examples: { input: { productId: exampleProduct.id, quantity: 2 }, output: { success: true, ...exampleCart } },
});

export const setCartQuantity = defineOperation({
  name: 'shop.setCartQuantity',
  service: 'shop',
  summary: 'Set the quantity of a cart line',
  auth: 'user',
  http: { method: 'PUT', path: '/api/shop/cart/items/:productId' },
  input: z.strictObject({ productId: uuid, quantity }),
  output: cartChanged,
  tags: ['shop'],
  examples: {
    input: { productId: exampleProduct.id, quantity: 1 },
    output: {
      success: true,
      ...exampleCart,
      items: [{ ...exampleCart.items[0], quantity: 1, lineTotal: 89.9, lineTotalMinor: 8990 }],
      itemCount: 1,
      total: 89.9,
      totalMinor: 8990,
    },
  },
});

export const removeFromCart = defineOperation({
  name: 'shop.removeFromCart',
  service: 'shop',
  summary: 'Remove a line from the cart',
  auth: 'user',
  http: { method: 'DELETE', path: '/api/shop/cart/items/:productId' },
  input: z.object({ productId: uuid }),
  output: cartChanged,
  tags: ['shop'],
  examples: { input: { productId: exampleProduct.id }, output: { success: true, items: [], itemCount: 0, total: 0, totalMinor: 0, currency: 'EUR' } },
});
