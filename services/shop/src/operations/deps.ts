import type { PurchaseSaga } from '@platform/checkout';
import type { CartStore } from '../store/carts.js';
import type { Catalog } from '../store/catalog.js';
import type { CheckoutRequest } from '../store/purchase-hooks.js';
import type { OrderViews } from '../store/order-views.js';

/** What the operation handlers work with; built once in app.ts. */
export interface ShopDeps {
  catalog: Catalog;
  carts: CartStore;
  orders: OrderViews;
  purchases: PurchaseSaga<CheckoutRequest>;
}
