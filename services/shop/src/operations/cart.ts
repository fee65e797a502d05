import { shop } from '@platform/contracts';
import type { HandlersOf } from '@platform/service-kit';
import { cartView } from '../domain/cart-pricing.js';
import type { ShopDeps } from './deps.js';

export function cartHandlers(deps: ShopDeps) {
  const cartOf = async (userId: string) => cartView(await deps.carts.priced(userId));
  const changed = async (userId: string) => ({ success: true as const, ...(await cartOf(userId)) });

  return {
    [shop.getCart.name]: (_input, ctx) => cartOf(ctx.user!.id),

    [shop.addToCart.name]: async (input, ctx) => {
      await deps.carts.add(ctx.user!.id, input.productId, input.quantity);
      return changed(ctx.user!.id);
    },

    [shop.setCartQuantity.name]: async (input, ctx) => {
      await deps.carts.setQuantity(ctx.user!.id, input.productId, input.quantity);
      return changed(ctx.user!.id);
    },

    [shop.removeFromCart.name]: async (input, ctx) => {
      await deps.carts.remove(ctx.user!.id, input.productId);
      return changed(ctx.user!.id);
    },
  } satisfies HandlersOf<'shop'>;
}
