import { z } from 'zod';
import { nonEmptyString, uuid, withoutNul } from '../../fields.js';
import { moneyAmount } from '../../money.js';
import { defineOperation } from '../../operation.js';
import { club, clubId, exampleProduct, product, productCategory } from './shared.js';

const imageUrl = withoutNul(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048, 'must be at most 2048 characters'));

const images = z.array(imageUrl, { error: 'must be an array of URLs' }).max(10, 'must have at most 10 images');

const stockLevel = z.number({ error: 'must be a number' }).int('must be an integer').min(0, 'must be at least 0').max(1_000_000, 'must be at most 1000000');

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
