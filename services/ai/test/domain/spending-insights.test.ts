import { describe, expect, it } from 'vitest';
import { buildInsights, insightsWindow, percentChange, round1, type SpendingEntry } from '../../src/domain/spending-insights.js';

const at = (iso: string) => new Date(iso);
const pay = (amountMinor: number, when: string, category: string | null, merchant = 'shop'): SpendingEntry => ({
  kind: 'payment',
  amountMinor,
  merchant,
  category,
  occurredAt: at(when),
});
const refund = (amountMinor: number, when: string, category: string | null, merchant = 'shop'): SpendingEntry => ({
  ...pay(amountMinor, when, category, merchant),
  kind: 'refund',
});

const entries: SpendingEntry[] = [
  pay(10_000, '2026-02-10T10:00:00Z', 'jersey'),
  pay(2_000, '2026-02-20T10:00:00Z', 'match-ticket', 'tickets'),
  pay(8_990, '2026-03-01T00:00:00Z', 'jersey'),
  pay(1_990, '2026-03-15T10:00:00Z', 'scarf'),
  pay(4_500, '2026-03-20T10:00:00Z', 'match-ticket', 'tickets'),
  pay(1_500, '2026-03-21T10:00:00Z', null, 'esim'),
  // A refund of February's jersey, in March: it comes off March's jersey spending.
  refund(10_000, '2026-03-25T10:00:00Z', 'jersey'),
  { kind: 'send', amountMinor: 700, merchant: null, category: null, occurredAt: at('2026-03-05T10:00:00Z') },
  { kind: 'receive', amountMinor: 300, merchant: null, category: null, occurredAt: at('2026-03-06T10:00:00Z') },
  { kind: 'deposit', amountMinor: 50_000, merchant: null, category: null, occurredAt: at('2026-03-01T08:00:00Z') },
  // The last millisecond of March and the first of April.
  pay(100, '2026-03-31T23:59:59.999Z', 'scarf'),
  pay(99_999, '2026-04-01T00:00:00Z', 'jersey'),
];

const insights = (list: SpendingEntry[] = entries, months = 3) =>
  buildInsights({ userId: 'u-1', month: '2026-03', months, topMerchants: 2, entries: list, now: at('2026-04-02T00:00:00Z') });

describe('buildInsights: spending = payments minus refunds, per UTC month', () => {
  it('totals the month exactly, refunds counted when they happen', () => {
    const result = insights();
    const paid = 8_990 + 1_990 + 4_500 + 1_500 + 100;
    expect(result.spending).toEqual({
      total: (paid - 10_000) / 100,
      totalMinor: paid - 10_000,
      payments: paid / 100,
      paymentsMinor: paid,
      refunds: 100,
      refundsMinor: 10_000,
      paymentCount: 5,
      refundCount: 1,
    });
    expect(result.period).toEqual({ from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' });
    expect(result.previousMonth).toEqual({ month: '2026-02', total: 120, totalMinor: 12_000 });
    expect(result.change).toEqual({ amount: (7_080 - 12_000) / 100, amountMinor: 7_080 - 12_000, percent: -41 });
  });

  it('splits by category with the change per category, biggest first; a missing category falls back to the merchant', () => {
    expect(insights().byCategory.map((c) => [c.category, c.totalMinor, c.previousTotalMinor, c.change.percent, c.share])).toEqual([
      ['match-ticket', 4_500, 2_000, 125, 63.6],
      ['scarf', 2_090, 0, null, 29.5],
      ['esim', 1_500, 0, null, 21.2],
      ['jersey', -1_010, 10_000, -110.1, -14.3],
    ]);
  });

  it('lists top merchants by net spending, limited, and money that is not spending apart', () => {
    const result = insights();
    expect(result.topMerchants).toEqual([
      { merchant: 'tickets', total: 45, totalMinor: 4_500, payments: 1 },
      { merchant: 'esim', total: 15, totalMinor: 1_500, payments: 1 },
    ]);
    // The shop's 3 payments minus the refunded jersey: third, past the limit of 2.
    const all = buildInsights({ userId: 'u-1', month: '2026-03', months: 1, topMerchants: 5, entries, now: at('2026-04-02T00:00:00Z') });
    expect(all.topMerchants[2]).toEqual({ merchant: 'shop', total: 10.8, totalMinor: 1_080, payments: 3 });
    expect(result.transfers).toEqual({ sent: 7, sentMinor: 700, received: 3, receivedMinor: 300, deposited: 500, depositedMinor: 50_000 });
  });

  it('gives the monthly series oldest first, empty months included', () => {
    expect(insights().monthly.map((m) => [m.month, m.totalMinor, m.byCategory.length])).toEqual([
      ['2026-01', 0, 0],
      ['2026-02', 12_000, 2],
      ['2026-03', 7_080, 4],
    ]);
  });

  it('does not depend on the order of its input', () => {
    const shuffled = [...entries].reverse();
    expect(insights(shuffled)).toEqual(insights());
  });

  it('answers a fan with no history with zeros and empty lists', () => {
    const result = insights([], 6);
    expect(result.spending.totalMinor).toBe(0);
    expect(result.change).toEqual({ amount: 0, amountMinor: 0, percent: null });
    expect(result.byCategory).toEqual([]);
    expect(result.topMerchants).toEqual([]);
    expect(result.monthly).toHaveLength(6);
  });

  it('reads the series and the month before it', () => {
    expect(insightsWindow('2026-03', 1)).toEqual({ from: at('2026-02-01T00:00:00Z'), to: at('2026-04-01T00:00:00Z') });
    expect(insightsWindow('2026-03', 6)).toEqual({ from: at('2025-10-01T00:00:00Z'), to: at('2026-04-01T00:00:00Z') });
  });

  it('rounds percentages half away from zero and has none against nothing', () => {
    expect(percentChange(150, 100)).toBe(50);
    expect(percentChange(1, 3)).toBe(-66.7);
    expect(percentChange(100, 0)).toBeNull();
    expect(percentChange(100, -5)).toBeNull();
    expect(round1(-0.04)).toBe(0);
    expect(round1(0.05)).toBe(0.1);
  });
});
