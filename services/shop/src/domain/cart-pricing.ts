import { DomainError, formatMinor, minorToMajor } from '@platform/contracts';
import { priceView, totalView } from './money-view.js';

/** A product as the shop sells it now. */
export interface ProductOnSale {
  id: string;
  clubId: string;
  category: string;
  name: string;
  description: string | null;
  priceMinor: number;
  stock: number;
  images: string[];
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface CartEntry {
  productId: string;
  quantity: number;
}

export interface PricedLine {
  productId: string;
  name: string;
  category: string;
  clubId: string;
  image: string | null;
  quantity: number;
  unitPriceMinor: number;
  lineTotalMinor: number;
  stock: number;
  /** False once the product is withdrawn from sale. */
  active: boolean;
  /** Withdrawn products and lines asking for more than the stock cannot be checked out. */
  available: boolean;
}

export interface PricedCart {
  lines: PricedLine[];
  itemCount: number;
  totalMinor: number;
}

/** Prices a cart at the server's current prices; lines come out in product id order (the order checkout locks rows in). */
export function priceCart(entries: readonly CartEntry[], products: ReadonlyMap<string, ProductOnSale>): PricedCart {
  const lines = [...entries]
    .sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0))
    .flatMap((entry): PricedLine[] => {
      const product = products.get(entry.productId);
      if (!product) return [];
      return [
        {
          productId: product.id,
          name: product.name,
          category: product.category,
          clubId: product.clubId,
          image: product.images[0] ?? null,
          quantity: entry.quantity,
          unitPriceMinor: product.priceMinor,
          lineTotalMinor: product.priceMinor * entry.quantity,
          stock: product.stock,
          active: product.active,
          available: product.active && product.stock >= entry.quantity,
        },
      ];
    });
  return {
    lines,
    itemCount: lines.reduce((n, line) => n + line.quantity, 0),
    totalMinor: lines.reduce((sum, line) => sum + line.lineTotalMinor, 0),
  };
}

export function cartView(cart: PricedCart) {
  return {
    items: cart.lines.map((line) => ({
      ...orderLineView(line),
      stock: line.stock,
      available: line.available,
    })),
    itemCount: cart.itemCount,
    ...totalView(cart.totalMinor),
  };
}

export function orderLineView(line: Omit<PricedLine, 'stock' | 'active' | 'available' | 'lineTotalMinor'>) {
  const lineTotalMinor = line.unitPriceMinor * line.quantity;
  return {
    productId: line.productId,
    name: line.name,
    category: line.category,
    clubId: line.clubId,
    image: line.image,
    quantity: line.quantity,
    unitPrice: minorToMajor(line.unitPriceMinor),
    unitPriceMinor: line.unitPriceMinor,
    lineTotal: minorToMajor(lineTotalMinor),
    lineTotalMinor,
  };
}

export function productView(product: ProductOnSale) {
  return {
    id: product.id,
    clubId: product.clubId,
    category: product.category,
    name: product.name,
    description: product.description,
    ...priceView(product.priceMinor),
    stock: product.stock,
    inStock: product.active && product.stock > 0,
    images: product.images,
    active: product.active,
    createdAt: product.createdAt.toISOString(),
    updatedAt: product.updatedAt.toISOString(),
  };
}

/**
 * Why this cart cannot be bought for `clientTotalMinor`, checked in this
 * order: empty (400), a withdrawn product (409), a total that is not the
 * server's (409 PRICE_CHANGED with the current total and cart), stock (409
 * OUT_OF_STOCK). Undefined when it can.
 */
export function checkoutRefusal(cart: PricedCart, clientTotalMinor: number): DomainError | undefined {
  if (cart.lines.length === 0) return new DomainError('BAD_REQUEST', 'Your cart is empty: add products before checking out', { field: 'cart' });
  const withdrawn = cart.lines.find((line) => !line.active);
  if (withdrawn) {
    return new DomainError('CONFLICT', `${withdrawn.name} is no longer sold: remove it from your cart`, {
      details: { reason: 'PRODUCT_UNAVAILABLE', productId: withdrawn.productId },
    });
  }
  if (cart.totalMinor !== clientTotalMinor) {
    return new DomainError('PRICE_CHANGED', `total: the cart now costs ${formatMinor(cart.totalMinor)} EUR, not ${formatMinor(clientTotalMinor)}`, {
      field: 'total',
      details: { ...totalView(cart.totalMinor), cart: cartView(cart) },
    });
  }
  const short = cart.lines.find((line) => line.stock < line.quantity);
  if (short) {
    return new DomainError('CONFLICT', `${short.name}: only ${short.stock} left, your cart asks for ${short.quantity}`, {
      details: { reason: 'OUT_OF_STOCK', productId: short.productId, requested: short.quantity, available: short.stock },
    });
  }
  return undefined;
}

/** The wallet category of an order: its product category when there is one, else "merchandise". */
export function walletCategory(cart: PricedCart): string {
  const categories = new Set(cart.lines.map((line) => line.category));
  return categories.size === 1 ? [...categories][0] : 'merchandise';
}
