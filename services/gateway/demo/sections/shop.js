import { byId, el, onClick, onSubmit } from '../dom.js';
import { formatMoney } from '../format.js';

/** Catalogue, cart and checkout. The checkout sends the cart's server-computed total: a stale total is a 409. */
export function mountShop({ client, run }) {
  const products = byId('products');
  const summary = byId('cart-summary');
  const showCart = (cart) => {
    if (cart?.total === undefined) return cart;
    summary.textContent = `${cart.itemCount} article(s), ${formatMoney(cart.total, cart.currency)}`;
    return cart;
  };

  onSubmit(byId('products-form'), async ({ club, category }) => {
    const result = await run('getProducts(club, category)', () => client.getProducts(club, category));
    if (!result) return;
    products.replaceChildren(
      ...result.products.map((product) =>
        el(
          'li',
          { dataset: { productId: product.id } },
          el('span', { class: 'title' }, `${product.name} (${product.category}, stock ${product.stock})`),
          el('strong', {}, formatMoney(product.price, product.currency)),
          el(
            'button',
            {
              type: 'button',
              disabled: !product.inStock,
              dataset: { testid: 'add-to-cart' },
              onclick: async () => showCart(await run('addToCart(productId, quantity)', () => client.addToCart(product.id, 1))),
            },
            'Ajouter au panier',
          ),
        ),
      ),
    );
    if (result.products.length === 0) products.replaceChildren(el('li', {}, 'Aucun produit.'));
  });
  onClick(byId('cart-button'), async () => showCart(await run('getCart()', () => client.getCart())));
  onClick(byId('checkout-button'), async () => {
    const cart = showCart(await run('getCart()', () => client.getCart()));
    if (!cart) return;
    await run('checkout(total)', () => client.checkout(cart.total));
    showCart(await run('getCart()', () => client.getCart()));
  });
}
