import { shop } from '@platform/contracts';
import type { Service } from '@platform/service-kit';
import { cartView } from '../domain/cart-pricing.js';
import type { ShopDeps } from './deps.js';

export function registerCartOperations(service: Service, deps: ShopDeps): void {
  const cartOf = async (userId: string) => cartView(await deps.carts.priced(userId));
  const changed = async (userId: string) => ({ success: true as const, ...(await cartOf(userId)) });

  service.handle(shop.getCart, (_input, ctx) => cartOf(ctx.user!.id));

  service.handle(shop.addToCart, async (input, ctx) => {
    await deps.carts.add(ctx.user!.id, input.productId, input.quantity);
    return changed(ctx.user!.id);
  });

  service.handle(shop.setCartQuantity, async (input, ctx) => {
    await deps.carts.setQuantity(ctx.user!.id, input.productId, input.quantity);
    return changed(ctx.user!.id);
  });

  service.handle(shop.removeFromCart, async (input, ctx) => {
    await deps.carts.remove(ctx.user!.id, input.productId);
    return changed(ctx.user!.id);
  });
}
