import { z } from 'zod';
import { defineEvent, type EventContract } from '../events.js';
import { cursor, isoDateTime, nonEmptyString, pageLimit, uuid, withoutNul } from '../fields.js';
import { currency, majorAmount, minorAmount, moneyAmount } from '../money.js';
import { QUEUES } from '../queues.js';
import { defineOperation, type Operation } from '../operation.js';

/**
 * The shop (seed 003, PaieCashFan): club merchandise paid from the wallet.
 * Seed routes kept as they are: GET products (club, category), POST cart/add
 * {productId, quantity}, GET cart, POST checkout {total}. Prices and totals
 * are the server's; a checkout whose total no longer matches is a 409
 * PRICE_CHANGED with the current total. Purchases follow docs/checkout.md.
 */

/** BullMQ queue of the shop's purchase recovery job (docs/checkout.md). */
export const PURCHASE_RECOVERY_QUEUE = QUEUES.shopPurchaseRecovery;

const slug = z
  .string({ error: 'must be a string' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be 1-40 lowercase letters, digits or dashes');

/** A club's short id, as in a user's clubId: "psg", "om", "ol". */
export const clubId = slug;
/** "jersey", "scarf", "accessories"... */
export const productCategory = slug;

const imageUrl = withoutNul(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048, 'must be at most 2048 characters'));
const images = z.array(imageUrl, { error: 'must be an array of URLs' }).max(10, 'must have at most 10 images');
const quantity = z.number({ error: 'must be a number' }).int('must be an integer').min(1, 'must be at least 1').max(99, 'must be at most 99');
const stockLevel = z.number({ error: 'must be a number' }).int('must be an integer').min(0, 'must be at least 0').max(1_000_000, 'must be at most 1000000');

export const club = z.object({ id: z.string(), name: z.string() });

export const product = z.object({
  id: z.string(),
  clubId: z.string(),
  category: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  price: majorAmount,
  priceMinor: minorAmount,
  currency,
  /** Units left to sell; a checkout reserves them atomically. */
  stock: z.number().int(),
  inStock: z.boolean(),
  images: z.array(z.string()),
  /** Inactive products are not listed and cannot be bought; they stay readable for order history. */
  active: z.boolean(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});

const lineFields = {
  productId: z.string(),
  name: z.string(),
  category: z.string(),
  clubId: z.string(),
  image: z.string().nullable(),
  quantity: z.number().int(),
  unitPrice: majorAmount,
  unitPriceMinor: minorAmount,
  lineTotal: majorAmount,
  lineTotalMinor: minorAmount,
};

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

export const orderStatus = z.enum(['pending', 'confirmed', 'failed', 'refunding', 'refunded']);

export const order = z.object({
  id: z.string(),
  /** pending: payment not settled yet; confirmed: paid; failed: not charged; refunding/refunded: charged then refunded. */
  status: orderStatus,
  items: z.array(z.object(lineFields)),
  itemCount: z.number().int(),
  total: majorAmount,
  totalMinor: minorAmount,
  currency,
  /** The wallet transfer that paid for it. */
  transferId: z.string().nullable(),
  failure: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: isoDateTime,
  settledAt: isoDateTime.nullable(),
});

const cartChanged = z.object({ success: z.literal(true), ...cart.shape });

// ---------------------------------------------------------------- examples shown in /docs

const exampleProduct = {
  id: '00000000-0000-4000-8000-00000000a001',
  clubId: 'psg',
  category: 'jersey',
  name: 'Home jersey 2025',
  description: 'Official home jersey, season 2025/26',
  price: 89.9,
  priceMinor: 8990,
  currency: 'EUR',
  stock: 48,
  inStock: true,
  images: ['https://cdn.example.com/psg-home.jpg'],
  active: true,
  createdAt: '2026-01-10T10:00:00.000Z',
  updatedAt: '2026-02-20T08:15:00.000Z',
} satisfies z.output<typeof product>;

const exampleLine = {
  productId: exampleProduct.id,
  name: exampleProduct.name,
  category: 'jersey',
  clubId: 'psg',
  image: 'https://cdn.example.com/psg-home.jpg',
  quantity: 2,
  unitPrice: 89.9,
  unitPriceMinor: 8990,
  lineTotal: 179.8,
  lineTotalMinor: 17980,
};

const exampleCart = {
  items: [{ ...exampleLine, stock: 48, available: true }],
  itemCount: 2,
  total: 179.8,
  totalMinor: 17980,
  currency: 'EUR',
} satisfies z.output<typeof cart>;

const exampleOrder = {
  id: '9c2e4f6a-8b0d-4e1f-a3c5-7d9e1f3a5b7c',
  status: 'confirmed',
  items: [exampleLine],
  itemCount: 2,
  total: 179.8,
  totalMinor: 17980,
  currency: 'EUR',
  transferId: '4e6a8c0e-2b4d-4f6a-8c0e-2b4d6f8a0c2e',
  failure: null,
  createdAt: '2026-03-01T18:30:00.000Z',
  settledAt: '2026-03-01T18:30:01.000Z',
} satisfies z.output<typeof order>;

export const listClubs = defineOperation({
  name: 'shop.listClubs',
  service: 'shop',
  summary: 'Clubs that sell in the shop',
  auth: 'public',
  http: { method: 'GET', path: '/api/shop/clubs' },
  input: z.object({}),
  output: z.object({ clubs: z.array(club) }),
  tags: ['shop'],
  examples: {
    input: {},
    output: {
      clubs: [
        { id: 'psg', name: 'Paris Saint-Germain' },
        { id: 'om', name: 'Olympique de Marseille' },
      ],
    },
  },
});

export const listProducts = defineOperation({
  name: 'shop.listProducts',
  service: 'shop',
  summary: 'The catalogue, filtered by club and category, by name (cursor pagination)',
  auth: 'public',
  http: { method: 'GET', path: '/api/shop/products' },
  input: z.object({ club: clubId.optional(), category: productCategory.optional(), limit: pageLimit(100, 20), cursor }),
  output: z.object({ products: z.array(product), nextCursor: z.string().nullable() }),
  tags: ['shop'],
  examples: { input: { club: 'psg', category: 'jersey', limit: 20 }, output: { products: [exampleProduct], nextCursor: null } },
});

export const getProduct = defineOperation({
  name: 'shop.getProduct',
  service: 'shop',
  summary: 'One product',
  auth: 'public',
  http: { method: 'GET', path: '/api/shop/products/:id' },
  input: z.object({ id: uuid }),
  output: product,
  tags: ['shop'],
  examples: { input: { id: exampleProduct.id }, output: exampleProduct },
});

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

export const checkout = defineOperation({
  name: 'shop.checkout',
  service: 'shop',
  summary:
    'Pay for the cart from the wallet. `total` must equal the server total (409 PRICE_CHANGED with the current one); 400 empty cart; 409 OUT_OF_STOCK; 402 insufficient funds (cart kept)',
  auth: 'user',
  http: { method: 'POST', path: '/api/shop/checkout', successStatus: 201, rateLimit: { max: 30, timeWindowMs: 60_000 } },
  idempotent: true,
  // Reserve, wallet debit and confirm: give the saga room beyond one NATS hop.
  timeoutMs: 15_000,
  // 0 is the total of an empty cart: the shop answers that the cart is empty, not that 0 is not an amount.
  input: z.strictObject({ total: moneyAmount({ allowZero: true }) }),
  output: z.object({ success: z.literal(true), order }),
  tags: ['shop'],
  examples: { input: { total: '179.80' }, output: { success: true, order: exampleOrder } },
});

export const listOrders = defineOperation({
  name: 'shop.listOrders',
  service: 'shop',
  summary: "The signed-in user's orders, newest first (cursor pagination)",
  auth: 'user',
  http: { method: 'GET', path: '/api/shop/orders' },
  input: z.object({ limit: pageLimit(100, 20), cursor }),
  output: z.object({ orders: z.array(order), nextCursor: z.string().nullable() }),
  tags: ['shop'],
  examples: { input: { limit: 20 }, output: { orders: [exampleOrder], nextCursor: null } },
});

export const getOrder = defineOperation({
  name: 'shop.getOrder',
  service: 'shop',
  summary: 'One order of the signed-in user (404 for anyone else)',
  auth: 'user',
  http: { method: 'GET', path: '/api/shop/orders/:id' },
  input: z.object({ id: uuid }),
  output: order,
  tags: ['shop'],
  examples: { input: { id: exampleOrder.id }, output: exampleOrder },
});

const productFields = {
  clubId,
  category: productCategory,
  name: nonEmptyString(120),
  description: withoutNul(z.string({ error: 'must be a string' }).trim().max(2000, 'must be at most 2000 characters')).nullable(),
  price: moneyAmount(),
  images,
};

export const createProduct = defineOperation({
  name: 'shop.createProduct',
  service: 'shop',
  summary: 'Create a product (admin)',
  auth: 'admin',
  http: { method: 'POST', path: '/api/shop/admin/products', successStatus: 201 },
  input: z.strictObject({
    ...productFields,
    description: productFields.description.optional(),
    images: images.default([]),
    stock: stockLevel.default(0),
  }),
  output: product,
  tags: ['shop-admin'],
  examples: {
    input: { clubId: 'psg', category: 'jersey', name: 'Home jersey 2025', price: '89.90', stock: 50, images: ['https://cdn.example.com/psg-home.jpg'] },
    output: { ...exampleProduct, description: null, stock: 50 },
  },
});

export const updateProduct = defineOperation({
  name: 'shop.updateProduct',
  service: 'shop',
  summary: 'Change a product: name, price, images, category, club, or withdraw it with active=false (admin)',
  auth: 'admin',
  http: { method: 'PATCH', path: '/api/shop/admin/products/:id' },
  input: z
    .strictObject({ id: uuid, ...z.object(productFields).partial().shape, active: z.boolean({ error: 'must be true or false' }).optional() })
    .refine((v) => Object.keys(v).some((k) => k !== 'id' && v[k as keyof typeof v] !== undefined), { message: 'give at least one field to change' }),
  output: product,
  tags: ['shop-admin'],
  examples: { input: { id: exampleProduct.id, price: '79.90' }, output: { ...exampleProduct, price: 79.9, priceMinor: 7990 } },
});

export const setStock = defineOperation({
  name: 'shop.setStock',
  service: 'shop',
  summary: 'Restock or correct the stock: `delta` adds (or removes) units atomically, `stock` sets the count (admin)',
  auth: 'admin',
  http: { method: 'POST', path: '/api/shop/admin/products/:id/stock' },
  input: z
    .strictObject({
      id: uuid,
      delta: z
        .number({ error: 'must be a number' })
        .int('must be an integer')
        .min(-1_000_000, 'must be at least -1000000')
        .max(1_000_000, 'must be at most 1000000')
        .refine((n) => n !== 0, 'must not be 0')
        .optional(),
      stock: stockLevel.optional(),
    })
    .refine((v) => (v.delta === undefined) !== (v.stock === undefined), { message: 'give exactly one of delta or stock', path: ['delta'] }),
  output: product,
  tags: ['shop-admin'],
  examples: { input: { id: exampleProduct.id, delta: 20 }, output: { ...exampleProduct, stock: 68 } },
});

export const upsertClub = defineOperation({
  name: 'shop.upsertClub',
  service: 'shop',
  summary: 'Create or rename a club (admin)',
  auth: 'admin',
  http: { method: 'PUT', path: '/api/shop/admin/clubs/:id' },
  input: z.strictObject({ id: clubId, name: nonEmptyString(80) }),
  output: club,
  tags: ['shop-admin'],
  examples: { input: { id: 'psg', name: 'Paris Saint-Germain' }, output: { id: 'psg', name: 'Paris Saint-Germain' } },
});

export const orderLineEvent = z.object({
  productId: z.string(),
  name: z.string(),
  category: z.string(),
  clubId: z.string(),
  quantity: z.number().int().positive(),
  unitPriceMinor: z.number().int().positive(),
});

/** One per confirmed order, from the outbox. The AI service learns fans' tastes from it (club, categories, spend). */
export const orderPlaced = defineEvent({
  subject: 'evt.shop.order.placed',
  version: 1,
  summary: 'An order was paid and confirmed',
  publisher: 'shop',
  example: {
    orderId: 'e2d1c0b9-a8f7-4e6d-9c5b-4a3b2c1d0e9f',
    userId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    clubId: 'psg',
    items: [{ productId: 'psg-home-jersey', name: 'Home jersey 2026', category: 'jerseys', clubId: 'psg', quantity: 1, unitPriceMinor: 8999 }],
    totalMinor: 8999,
    currency: 'EUR',
    transferId: '0f8fad5b-d9cb-469f-a165-70867728950e',
    occurredAt: '2026-12-07T09:30:00.000Z',
  },
  payload: z.object({
    orderId: z.string(),
    userId: z.string(),
    /** The club when every item is from one club, else null. */
    clubId: z.string().nullable(),
    items: z.array(orderLineEvent),
    totalMinor: z.number().int().positive(),
    currency,
    transferId: z.string(),
    occurredAt: z.string(),
  }),
});

export const shopOperations: readonly Operation[] = [
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
];
export const shopEvents: readonly EventContract[] = [orderPlaced];
