import { requestIdempotency } from '@platform/checkout';
import { DomainError, shop } from '@platform/contracts';
import type { HandlersOf } from '@platform/service-kit';
import type { ShopDeps } from './deps.js';

const orderNotFound = () => new DomainError('NOT_FOUND', 'id: no order of yours has this id', { field: 'id' });

export function orderHandlers(deps: ShopDeps) {
  return {
    /** The purchase saga (docs/checkout.md): reserve the cart's stock, debit the wallet, confirm. */
    [shop.checkout.name]: async (input, ctx) => {
      const purchase = await deps.purchases.purchase({
        userId: ctx.user!.id,
        request: { totalMinor: input.total },
        idempotency: requestIdempotency(ctx, shop.checkout, input),
        parent: ctx,
      });
      return { success: true as const, order: await deps.orders.one(purchase) };
    },

    [shop.listOrders.name]: async (input, ctx) => {
      const page = await deps.purchases.listForUser(ctx.user!.id, input);
      return { orders: await deps.orders.of(page.items), nextCursor: page.nextCursor };
    },

    [shop.getOrder.name]: async (input, ctx) => {
      const purchase = await deps.purchases.findForUser(input.id, ctx.user!.id);
      if (!purchase) throw orderNotFound();
      return deps.orders.one(purchase);
    },
  } satisfies HandlersOf<'shop'>;
}
