import { shop } from '@platform/contracts';
import type { Service } from '@platform/service-kit';
import { productView } from '../domain/cart-pricing.js';
import type { ShopDeps } from './deps.js';

/** Catalogue management; the contracts restrict these to administrators. */
export function registerAdminOperations(service: Service, deps: ShopDeps): void {
  service.handle(shop.createProduct, async (input) =>
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
  );

  service.handle(shop.updateProduct, async ({ id, price, ...changes }) => productView(await deps.catalog.updateProduct(id, { ...changes, priceMinor: price })));

  service.handle(shop.setStock, async ({ id, delta, stock }) =>
    productView(await deps.catalog.setStock(id, delta !== undefined ? { delta } : { stock: stock! })),
  );

  service.handle(shop.upsertClub, (input) => deps.catalog.upsertClub(input.id, input.name));
}
