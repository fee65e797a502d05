import { shop } from '@platform/contracts';
import type { HandlersOf } from '@platform/service-kit';
import { productView } from '../domain/cart-pricing.js';
import type { ShopDeps } from './deps.js';

/** Catalogue management; the contracts restrict these to administrators. */
export function adminHandlers(deps: ShopDeps) {
  return {
    [shop.createProduct.name]: async (input) =>
      productView(
        await deps.catalog.createProduct({
          clubId: input.clubId,
          category: input.category,
          name: input.name,
          description: input.description ?? null,
          priceMinor: input.price,
          images: input.images,
          stock: input.stock,
        }),
      ),

    [shop.updateProduct.name]: async ({ id, price, ...changes }) => productView(await deps.catalog.updateProduct(id, { ...changes, priceMinor: price })),

    [shop.setStock.name]: async ({ id, delta, stock }) => productView(await deps.catalog.setStock(id, delta !== undefined ? { delta } : { stock: stock! })),

    [shop.upsertClub.name]: (input) => deps.catalog.upsertClub(input.id, input.name),
  } satisfies HandlersOf<'shop'>;
}
