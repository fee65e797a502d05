import { shop } from '@platform/contracts';
import type { Service } from '@platform/service-kit';
import { productView } from '../domain/cart-pricing.js';
import type { ShopDeps } from './deps.js';

export function registerCatalogOperations(service: Service, deps: ShopDeps): void {
  service.handle(shop.listClubs, async () => ({ clubs: await deps.catalog.listClubs() }));

  service.handle(shop.listProducts, async (input) => {
    const page = await deps.catalog.listProducts(input);
    return { products: page.products.map(productView), nextCursor: page.nextCursor };
  });

  service.handle(shop.getProduct, async (input) => productView(await deps.catalog.getProduct(input.id)));
}
