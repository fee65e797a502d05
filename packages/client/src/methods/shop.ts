import { type RawInputOf, shop } from '@platform/contracts';
import type { ApiBaseClass, WriteOptions } from '../api-base.js';
import type { Amount } from './wallet.js';

type Page = Pick<RawInputOf<typeof shop.listProducts>, 'limit' | 'cursor'>;

/** The shop (seed 003: getProducts, addToCart, getCart, checkout). */
export function withShop<Base extends ApiBaseClass>(Base: Base) {
  return class ShopMethods extends Base {
    /** The catalogue, optionally of one club ("psg") and one category ("jersey"); an empty string (a form's "all") filters nothing. */
    getProducts(club?: string, category?: string, page: Page = {}) {
      return this.call(shop.listProducts, { club: club || undefined, category: category || undefined, ...page });
    }

    getProduct(id: string) {
      return this.call(shop.getProduct, { id });
    }

    getClubs() {
      return this.call(shop.listClubs, {});
    }

    addToCart(productId: string, quantity = 1) {
      return this.call(shop.addToCart, { productId, quantity });
    }

    /** Totals are the server's, at the current prices. */
    getCart() {
      return this.call(shop.getCart, {});
    }

    setCartQuantity(productId: string, quantity: number) {
      return this.call(shop.setCartQuantity, { productId, quantity });
    }

    removeFromCart(productId: string) {
      return this.call(shop.removeFromCart, { productId });
    }

    /**
     * Pays for the cart from the wallet. `total` is the total the user saw
     * (getCart().total): when prices moved meanwhile the server answers 409
     * PRICE_CHANGED with the current total in `details`, and nothing is charged.
     */
    checkout(total: Amount, options: WriteOptions = {}) {
      return this.call(shop.checkout, { total }, options);
    }

    getOrders(page: Page = {}) {
      return this.call(shop.listOrders, page);
    }

    getOrder(id: string) {
      return this.call(shop.getOrder, { id });
    }
  };
}
