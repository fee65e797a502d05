import { shop } from '@platform/contracts';
import type { HandlersOf } from '@platform/service-kit';
import { productView } from '../domain/cart-pricing.js';
import type { ShopDeps } from './deps.js';

export function catalogHandlers(deps: ShopDeps) {
  return {
    [shop.listClubs.name]: async () => ({ clubs: await deps.catalog.listClubs() }),

    [shop.listProducts.name]: async (input) => {
      const page = await deps.catalog.listProducts(input);
      return { products: page.products.map(productView), nextCursor: page.nextCursor };
    },

    [shop.getProduct.name]: async (input) => productView(await deps.catalog.getProduct(input.id)),
  } satisfies HandlersOf<'shop'>;
}
