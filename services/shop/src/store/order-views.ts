import type { PurchaseRecord } from '@platform/checkout';
import { orderLineView } from '../domain/cart-pricing.js';
import { totalView } from '../domain/money-view.js';
import type { Db } from './prisma.js';

/** Orders as the API shows them: the purchase (status, payment) with the lines it bought. */
export class OrderViews {
  constructor(private readonly db: Db) {}

  async of(purchases: PurchaseRecord[]) {
    const lines = await this.db.orderLine.findMany({
      where: { purchaseId: { in: purchases.map((p) => p.id) } },
      orderBy: [{ purchaseId: 'asc' }, { productId: 'asc' }],
    });
    return purchases.map((purchase) => {
      const mine = lines.filter((line) => line.purchaseId === purchase.id);
      return {
        id: purchase.id,
        status: purchase.status,
        items: mine.map((line) => orderLineView({ ...line, unitPriceMinor: Number(line.unitPriceMinor) })),
        itemCount: mine.reduce((n, line) => n + line.quantity, 0),
        ...totalView(purchase.amountMinor),
        transferId: purchase.transferId,
        failure: purchase.failure && { code: purchase.failure.code, message: purchase.failure.message },
        createdAt: purchase.createdAt.toISOString(),
        settledAt: purchase.settledAt?.toISOString() ?? null,
      };
    });
  }

  async one(purchase: PurchaseRecord) {
    const [view] = await this.of([purchase]);
    return view;
  }
}
