import { z } from 'zod';
import { cursor, pageLimit, uuid } from '../../fields.js';
import { defineOperation } from '../../operation.js';
import { club, clubId, exampleProduct, product, productCategory } from './shared.js';

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
