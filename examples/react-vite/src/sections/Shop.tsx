import { useCallback, useEffect, useState } from 'react';
import type { OutputAt } from '@platform/client';
import { api } from '../api';
import { messageFr } from '../messages-fr';
import { euros } from '../money';

type Product = OutputAt<'shop.listProducts'>['products'][number];
type Cart = OutputAt<'shop.getCart'>;

export function Shop({ onPurchase }: { onPurchase: () => void }) {
  const [products, setProducts] = useState<Product[]>([]);
  const [cart, setCart] = useState<Cart>();
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<string>();

  const loadCart = useCallback(() => api.getCart().then(setCart, (failure) => setError(messageFr(failure))), []);

  useEffect(() => {
    api.getProducts().then(
      ({ products: listed }) => setProducts(listed),
      (failure) => setError(messageFr(failure)),
    );
    void loadCart();
  }, [loadCart]);

  const attempt = async (action: () => Promise<unknown>, done?: string) => {
    try {
      await action();
      setError(undefined);
      setNotice(done);
    } catch (failure) {
      setError(messageFr(failure));
      setNotice(undefined);
    }
    await loadCart();
  };

  return (
    <section>
      <h2>Boutique</h2>
      <ul>
        {products.map((product) => (
          <li key={product.id}>
            {product.name} — {euros(product.price)}{' '}
            <button type="button" data-testid={`add-${product.id}`} onClick={() => attempt(() => api.addToCart(product.id, 1))}>
              Ajouter au panier
            </button>
          </li>
        ))}
      </ul>
      <p data-testid="cart-summary">
        Panier : {cart?.itemCount ?? 0} article(s), {euros(cart?.total ?? 0)}
      </p>
      <button
        type="button"
        data-testid="checkout"
        onClick={() =>
          attempt(async () => {
            await api.checkout(cart?.total ?? 0);
            onPurchase();
          }, 'Commande payée, merci !')
        }
      >
        Payer le panier
      </button>
      {notice && <p data-testid="shop-notice">{notice}</p>}
      {error && (
        <p className="error" data-testid="shop-error">
          {error}
        </p>
      )}
    </section>
  );
}
