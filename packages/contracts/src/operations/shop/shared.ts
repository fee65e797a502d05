import { z } from 'zod';
import { isoDateTime } from '../../fields.js';
import { currency, majorAmount, minorAmount } from '../../money.js';

/** Used by several of the shop's use-case files; the public ones are re-exported by index.ts, the others stay inside the area. */

const slug = z
  .string({ error: 'must be a string' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be 1-40 lowercase letters, digits or dashes');

/** A club's short id, as in a user's clubId: "psg", "om", "ol". */
export const clubId = slug;

/** "jersey", "scarf", "accessories"... */
export const productCategory = slug;

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

export const lineFields = {
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

export const exampleProduct = {
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

export const exampleLine = {
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
