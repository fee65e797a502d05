import { wallet } from '@platform/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths, DAY_MS, dayNumber, monthOf } from '../src/domain/calendar.js';
import { walletTransfers } from './events.js';
import { SETUP_TIMEOUT_MS, TEST_TIMEOUT_MS } from './platform-processes.js';
import { type AiHarness, type Fan, startAiHarness } from './harness.js';

// The service's clock is frozen for this file, so "today" and "this month" cannot move under the assertions.
const now = new Date();
const at = (iso: string) => new Date(iso);
const daysAgo = (days: number) => new Date((dayNumber(now) - days) * DAY_MS + 12 * 3_600_000);

describe('GET /api/ai/insights and /api/ai/predictions through the gateway', { timeout: TEST_TIMEOUT_MS }, () => {
  let h: AiHarness;
  let fan: Fan;
  let other: Fan;
  let saver: Fan;
  const published: ReturnType<typeof walletTransfers.deposit>[] = [];

  beforeAll(async () => {
    h = await startAiHarness({ now: () => now });
    [fan, other, saver] = await h.newFans('psg', 'psg', 'psg');
    const jersey = walletTransfers.debit(fan.user.id, 8_990, 'shop', 'jersey', at('2025-11-20T10:00:00Z'));
    published.push(
      walletTransfers.deposit(fan.user.id, 50_000, at('2025-11-01T08:00:00Z')),
      jersey,
      walletTransfers.debit(fan.user.id, 4_500, 'tickets', 'match-ticket', at('2025-11-30T23:59:59.999Z')),
      walletTransfers.debit(fan.user.id, 1_990, 'shop', 'scarf', at('2025-12-01T00:00:00Z')),
      walletTransfers.debit(fan.user.id, 2_000, 'tickets', 'match-ticket', at('2025-12-14T19:00:00Z')),
      walletTransfers.debit(fan.user.id, 1_500, 'esim', null, at('2025-12-20T09:00:00Z')),
      // November's jersey comes back in December: it lowers December's jersey spending.
      walletTransfers.refund(jersey, at('2025-12-22T09:00:00Z')),
      walletTransfers.send(fan.user.id, other.user.id, 700, at('2025-12-24T09:00:00Z')),
      // The other fan's spending never shows in the fan's insights.
      walletTransfers.debit(other.user.id, 77_700, 'shop', 'jersey', at('2025-12-05T10:00:00Z')),
    );
    // The saver: a 12.50 habit every 7 days for 99 days, and a 30.00 purchase refunded two days later.
    for (let day = 0; day < 100; day += 7) published.push(walletTransfers.debit(saver.user.id, 1_250, 'shop', 'snacks', daysAgo(day)));
    const bought = walletTransfers.debit(saver.user.id, 3_000, 'shop', 'jersey', daysAgo(40));
    published.push(walletTransfers.deposit(saver.user.id, 100_000, daysAgo(99)), bought, walletTransfers.refund(bought, daysAgo(38)));
    for (const transfer of published) await h.publish(wallet.transferCompleted, transfer);
    await h.caughtUp();
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => h?.close(), SETUP_TIMEOUT_MS);

  /** What the wallet's ledger says the fan spent in a month: their debits minus their refunds, by transfer time. */
  const ledgerSpending = (userId: string, month: string) => {
    const of = (kind: string, side: 'fromUserId' | 'toUserId') =>
      published.filter((t) => t.kind === kind && t[side] === userId && monthOf(new Date(t.occurredAt)) === month).reduce((sum, t) => sum + t.amountMinor, 0);
    return { payments: of('debit', 'fromUserId'), refunds: of('refund', 'toUserId') };
  };

  it('totals a month exactly as the ledger: payments minus refunds, with categories, merchants and the change', async () => {
    const body = await h.get('/api/ai/insights?month=2025-12&months=3', fan);
    const ledger = ledgerSpending(fan.user.id, '2025-12');
    expect(ledger).toEqual({ payments: 1_990 + 2_000 + 1_500, refunds: 8_990 });
    expect(body.spending).toMatchObject({
      paymentsMinor: ledger.payments,
      refundsMinor: ledger.refunds,
      totalMinor: ledger.payments - ledger.refunds,
      total: (ledger.payments - ledger.refunds) / 100,
      paymentCount: 3,
      refundCount: 1,
    });
    const november = ledgerSpending(fan.user.id, '2025-11');
    expect(body.previousMonth).toEqual({ month: '2025-11', total: 134.9, totalMinor: november.payments - november.refunds });
    // -35.00 against 134.90.
    expect(body.change).toEqual({ amount: -169.9, amountMinor: -16_990, percent: -125.9 });
    expect(body.byCategory.map((c: any) => [c.category, c.totalMinor, c.previousTotalMinor])).toEqual([
      ['match-ticket', 2_000, 4_500],
      ['scarf', 1_990, 0],
      ['esim', 1_500, 0],
      ['jersey', -8_990, 8_990],
    ]);
    expect(body.topMerchants).toEqual([
      { merchant: 'tickets', total: 20, totalMinor: 2_000, payments: 1 },
      { merchant: 'esim', total: 15, totalMinor: 1_500, payments: 1 },
    ]);
    expect(body.monthly.map((m: any) => [m.month, m.totalMinor])).toEqual([
      ['2025-10', 0],
      ['2025-11', 13_490],
      ['2025-12', -3_500],
    ]);
    expect(body.transfers).toMatchObject({ sentMinor: 700, receivedMinor: 0, depositedMinor: 0 });
    expect(body.period).toEqual({ from: '2025-12-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' });
  });

  it('shows each fan only their own spending, whatever the query says', async () => {
    const mine = await h.get(`/api/ai/insights?month=2025-12&userId=${fan.user.id}`, other);
    expect(mine.userId).toBe(other.user.id);
    expect(mine.spending.paymentsMinor).toBe(ledgerSpending(other.user.id, '2025-12').payments);
    expect(mine.transfers.receivedMinor).toBe(700);
    const theirs = await h.get('/api/ai/insights?month=2025-12', fan);
    expect(theirs.byCategory.find((c: any) => c.category === 'jersey').totalMinor).toBe(-8_990);
  });

  it('answers a new fan with empty insights, not an error, for the current month by default', async () => {
    const newcomer = await h.newFan();
    const body = await h.get('/api/ai/insights', newcomer);
    expect(body).toMatchObject({
      userId: newcomer.user.id,
      currency: 'EUR',
      month: monthOf(now),
      spending: { total: 0, totalMinor: 0, paymentCount: 0, refundCount: 0 },
      previousMonth: { month: addMonths(monthOf(now), -1), totalMinor: 0 },
      change: { amountMinor: 0, percent: null },
      byCategory: [],
      topMerchants: [],
    });
    expect(body.monthly).toHaveLength(6);
  });

  it('refuses a bad month or range with a 400 naming the field', async () => {
    for (const [query, field] of [
      ['month=2025-13', 'month'],
      ['month=december', 'month'],
      ['month=2025-1', 'month'],
      ['months=0', 'months'],
      ['months=25', 'months'],
    ]) {
      const res = await h.api.get(`/api/ai/insights?${query}`, fan.token);
      expect(res.status, query).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field });
    }
  });

  it('forecasts the next 30 days with a trailing mean, backtested against the seasonal-naive baseline', async () => {
    const body = await h.get('/api/ai/predictions', saver);
    expect(body).toMatchObject({
      userId: saver.user.id,
      status: 'ok',
      method: { name: 'trailing-mean' },
      horizonDays: 30,
      historyDays: 100,
      // 13 payments of 12.50 in the last 90 days (the refunded jersey nets to 0): 162.50 / 90 * 30.
      predictedSpendingMinor: 5_417,
      predictedSpending: 54.17,
      // 5 payments in the last 30 days.
      baseline: { method: { name: 'seasonal-naive' }, predictedSpendingMinor: 6_250 },
      // Origins 70, 63, ..., 35 days after the first activity: 30 days of training at least, 30 held out.
      backtest: { folds: 6, beatsBaseline: true },
    });
    expect(body.backtest.maeMinor).toBeLessThan(body.backtest.baselineMaeMinor);
    // No wallet runs in this file: the balance is unknown, and the answer says so instead of failing.
    expect(body.balanceProjection).toBeNull();
    expect(body.note).toMatch(/balance could not be read/);
  });

  it('says there is too little history rather than inventing a forecast', async () => {
    const [newcomer, recent] = await h.newFans('psg', 'psg');
    const none = await h.get('/api/ai/predictions', newcomer);
    expect(none).toMatchObject({ status: 'insufficient_history', historyDays: 0, predictedSpending: null, backtest: null });
    expect(none.note).toMatch(/nothing to forecast/);

    await h.publish(wallet.transferCompleted, walletTransfers.deposit(recent.user.id, 10_000, daysAgo(9)));
    await h.publish(wallet.transferCompleted, walletTransfers.debit(recent.user.id, 2_500, 'shop', 'jersey', daysAgo(2)));
    await h.caughtUp();
    const short = await h.get('/api/ai/predictions', recent);
    expect(short).toMatchObject({ status: 'insufficient_history', historyDays: 10, predictedSpendingMinor: null, baseline: { predictedSpendingMinor: null } });
    expect(short.note).toMatch(/Only 10 days of history/);
  });

  it('forecasts nothing but zero for a fan whose spending stopped long ago, and says it is no better than the baseline', async () => {
    const body = await h.get('/api/ai/predictions', fan);
    expect(body).toMatchObject({
      status: 'ok',
      predictedSpendingMinor: 0,
      baseline: { predictedSpendingMinor: 0 },
      backtest: { folds: 12, maeMinor: 0, beatsBaseline: false },
    });
    expect(body.note).toMatch(/did not beat/);
  });
});
