import { type ai, DEFAULT_CURRENCY, minorToMajor, type OutputOf } from '@platform/contracts';
import { addMonths, monthBounds, monthOf, monthsEndingWith, type YearMonth } from './calendar.js';
import type { MovementKind } from './wallet-movements.js';

export type Insights = OutputOf<typeof ai.insights>;

/**
 * One of the fan's wallet movements. For a refund, `merchant` and `category`
 * are those of the payment it reverses when the read model knows it, so a
 * returned jersey comes off "jersey".
 */
export interface SpendingEntry {
  kind: MovementKind;
  amountMinor: number;
  merchant: string | null;
  category: string | null;
  occurredAt: Date;
}

export interface InsightsRequest {
  userId: string;
  month: YearMonth;
  months: number;
  topMerchants: number;
  entries: readonly SpendingEntry[];
  now: Date;
}

/** The months an insights answer reads: the series, plus the month before the focus month. */
export function insightsWindow(month: YearMonth, months: number): { from: Date; to: Date } {
  // The series starts months-1 months back; the previous month is 1 back: whichever is earlier.
  const earliest = addMonths(month, -Math.max(months - 1, 1));
  return { from: monthBounds(earliest).from, to: monthBounds(month).to };
}

/** Category of a payment or refund: the wallet's category, else the merchant, so nothing is dropped. */
export const categoryOf = (entry: Pick<SpendingEntry, 'category' | 'merchant'>): string => entry.category ?? entry.merchant ?? 'uncategorised';

/** Rounds to one decimal, half away from zero, without a negative zero. */
export function round1(value: number): number {
  const rounded = (Math.sign(value) * Math.round(Math.abs(value) * 10)) / 10;
  return rounded === 0 ? 0 : rounded;
}

/** Percent change; null when the previous amount is 0 or negative, where a percentage means nothing. */
export function percentChange(currentMinor: number, previousMinor: number): number | null {
  return previousMinor > 0 ? round1(((currentMinor - previousMinor) * 100) / previousMinor) : null;
}

const change = (currentMinor: number, previousMinor: number) => ({
  amount: minorToMajor(currentMinor - previousMinor),
  amountMinor: currentMinor - previousMinor,
  percent: percentChange(currentMinor, previousMinor),
});

class MonthTotals {
  paymentsMinor = 0;
  refundsMinor = 0;
  paymentCount = 0;
  refundCount = 0;
  sentMinor = 0;
  receivedMinor = 0;
  depositedMinor = 0;
  readonly byCategory = new Map<string, number>();
  readonly byMerchant = new Map<string, { netMinor: number; payments: number }>();

  get netMinor(): number {
    return this.paymentsMinor - this.refundsMinor;
  }

  add(entry: SpendingEntry): void {
    switch (entry.kind) {
      case 'send':
        this.sentMinor += entry.amountMinor;
        return;
      case 'receive':
        this.receivedMinor += entry.amountMinor;
        return;
      case 'deposit':
        this.depositedMinor += entry.amountMinor;
        return;
    }
    const signed = entry.kind === 'payment' ? entry.amountMinor : -entry.amountMinor;
    if (entry.kind === 'payment') {
      this.paymentsMinor += entry.amountMinor;
      this.paymentCount++;
    } else {
      this.refundsMinor += entry.amountMinor;
      this.refundCount++;
    }
    const category = categoryOf(entry);
    this.byCategory.set(category, (this.byCategory.get(category) ?? 0) + signed);
    const merchant = entry.merchant ?? 'unknown';
    const seller = this.byMerchant.get(merchant) ?? { netMinor: 0, payments: 0 };
    seller.netMinor += signed;
    if (entry.kind === 'payment') seller.payments++;
    this.byMerchant.set(merchant, seller);
  }
}

/** Biggest first; equal amounts by name, so the order never depends on input order. */
const byAmountThenName =
  <T>(amount: (item: T) => number, name: (item: T) => string) =>
  (a: T, b: T) =>
    amount(b) - amount(a) || name(a).localeCompare(name(b));

/**
 * Spending insights, computed from the fan's wallet movements alone.
 * Spending is payments to merchants minus refunds, each counted in the UTC
 * month it happened (cash basis): a month's total is exactly what the wallet's
 * ledger shows for that month, and it can be negative when a refund of an
 * earlier purchase outweighs the month's payments. Sends, receipts and
 * deposits are reported apart: they move money but are not spending.
 */
export function buildInsights(request: InsightsRequest): Insights {
  const series = monthsEndingWith(request.month, request.months);
  const previous = addMonths(request.month, -1);
  const totals = new Map<YearMonth, MonthTotals>([...series, previous].map((m) => [m, new MonthTotals()]));
  for (const entry of request.entries) totals.get(monthOf(entry.occurredAt))?.add(entry);

  const current = totals.get(request.month)!;
  const before = totals.get(previous)!;
  const categories = [...new Set([...current.byCategory.keys(), ...before.byCategory.keys()])];
  const byCategory = categories
    .map((category) => {
      const totalMinor = current.byCategory.get(category) ?? 0;
      const previousMinor = before.byCategory.get(category) ?? 0;
      return {
        category,
        total: minorToMajor(totalMinor),
        totalMinor,
        share: current.netMinor > 0 ? round1((totalMinor * 100) / current.netMinor) : null,
        previousTotal: minorToMajor(previousMinor),
        previousTotalMinor: previousMinor,
        change: change(totalMinor, previousMinor),
      };
    })
    .sort(
      byAmountThenName(
        (c) => c.totalMinor,
        (c) => c.category,
      ),
    );

  const topMerchants = [...current.byMerchant]
    .filter(([, seller]) => seller.netMinor > 0)
    .map(([merchant, seller]) => ({ merchant, total: minorToMajor(seller.netMinor), totalMinor: seller.netMinor, payments: seller.payments }))
    .sort(
      byAmountThenName(
        (m) => m.totalMinor,
        (m) => m.merchant,
      ),
    )
    .slice(0, request.topMerchants);

  const monthly = series.map((month) => {
    const t = totals.get(month)!;
    return {
      month,
      total: minorToMajor(t.netMinor),
      totalMinor: t.netMinor,
      payments: minorToMajor(t.paymentsMinor),
      paymentsMinor: t.paymentsMinor,
      refunds: minorToMajor(t.refundsMinor),
      refundsMinor: t.refundsMinor,
      byCategory: [...t.byCategory]
        .map(([category, totalMinor]) => ({ category, total: minorToMajor(totalMinor), totalMinor }))
        .sort(
          byAmountThenName(
            (c) => c.totalMinor,
            (c) => c.category,
          ),
        ),
    };
  });

  const bounds = monthBounds(request.month);
  return {
    userId: request.userId,
    currency: DEFAULT_CURRENCY,
    month: request.month,
    period: { from: bounds.from.toISOString(), to: bounds.to.toISOString() },
    spending: {
      total: minorToMajor(current.netMinor),
      totalMinor: current.netMinor,
      payments: minorToMajor(current.paymentsMinor),
      paymentsMinor: current.paymentsMinor,
      refunds: minorToMajor(current.refundsMinor),
      refundsMinor: current.refundsMinor,
      paymentCount: current.paymentCount,
      refundCount: current.refundCount,
    },
    previousMonth: { month: previous, total: minorToMajor(before.netMinor), totalMinor: before.netMinor },
    change: change(current.netMinor, before.netMinor),
    byCategory,
    topMerchants,
    monthly,
    transfers: {
      sent: minorToMajor(current.sentMinor),
      sentMinor: current.sentMinor,
      received: minorToMajor(current.receivedMinor),
      receivedMinor: current.receivedMinor,
      deposited: minorToMajor(current.depositedMinor),
      depositedMinor: current.depositedMinor,
    },
    generatedAt: request.now.toISOString(),
  };
}
