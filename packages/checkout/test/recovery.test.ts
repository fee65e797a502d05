import { createLogger } from '@platform/service-kit';
import { PLATFORM_START_TIMEOUT_MS } from '@platform/testkit/commerce';
import { infra, waitFor } from '@platform/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PurchaseRecoveryJob, SimulatedCrash } from '../src/index.js';
import { type CheckoutHarness, startCheckoutHarness } from './widget-shop.js';

/** Makes a purchase whose process "dies" at the given point; returns the purchase id it left behind. */
async function crashedPurchase(h: CheckoutHarness, userId: string, widgetId: string, where: 'afterReserve' | 'afterDebit'): Promise<string> {
  let orderId: string | undefined;
  const crashing = h.saga({
    faults: {
      [where]: (purchase: { id: string }) => {
        orderId = purchase.id;
        throw new SimulatedCrash(where);
      },
    },
  });
  await expect(crashing.purchase({ userId, request: { widgetId, quantity: 1 } })).rejects.toBeInstanceOf(SimulatedCrash);
  expect(await crashing.find(orderId!)).toMatchObject({ status: 'pending' });
  return orderId!;
}

describe('recovering purchases stopped mid-saga', () => {
  let h: CheckoutHarness;
  beforeAll(async () => {
    h = await startCheckoutHarness();
  }, 2 * PLATFORM_START_TIMEOUT_MS);
  afterAll(async () => h?.close());

  it('confirms a purchase that was charged before the crash, without charging again', async () => {
    await h.addWidget('r-charged', 1500, 3);
    const fan = await h.platform.newUser('20.00');
    const orderId = await crashedPurchase(h, fan.user.id, 'r-charged', 'afterDebit');
    expect(await h.platform.balanceMinor(fan)).toBe(500); // the money left before the crash

    const report = await h.saga().recoverStale();

    expect(report).toMatchObject({ confirmed: 1, unsettled: 0 });
    expect(await h.saga().find(orderId)).toMatchObject({ status: 'confirmed', transferId: expect.any(String), recoveryAttempts: 1 });
    expect(await h.widgetOrder(orderId)).toEqual({ delivered: true, released: false });
    expect(await h.stock('r-charged')).toBe(2);
    expect(await h.platform.balanceMinor(fan)).toBe(500);
    expect(await h.platform.purchases(fan)).toEqual([expect.objectContaining({ type: 'payment', reference: orderId, amountMinor: 1500 })]);
    // A second run finds nothing left to do.
    expect(await h.saga().recoverStale({ ignoreBackoff: true })).toMatchObject({ examined: 0 });
  });

  it('charges and confirms a purchase that crashed before its debit, when the user can pay', async () => {
    await h.addWidget('r-reserved', 400, 1);
    const fan = await h.platform.newUser('5.00');
    const orderId = await crashedPurchase(h, fan.user.id, 'r-reserved', 'afterReserve');
    expect(await h.platform.balanceMinor(fan)).toBe(500);

    await h.saga().recoverStale();

    expect(await h.saga().find(orderId)).toMatchObject({ status: 'confirmed' });
    expect(await h.platform.balanceMinor(fan)).toBe(100);
    expect(await h.stock('r-reserved')).toBe(0);
  });

  it('releases the goods of a purchase that crashed before its debit when the user can no longer pay', async () => {
    await h.addWidget('r-broke', 800, 1);
    const fan = await h.platform.newUser('10.00');
    const orderId = await crashedPurchase(h, fan.user.id, 'r-broke', 'afterReserve');
    // Meanwhile the money went elsewhere.
    const friend = await h.platform.newUser();
    expect((await h.platform.api.post('/api/wallet/send', { recipientId: friend.user.id, amount: 9 }, fan.token)).status).toBe(200);

    expect(await h.saga().recoverStale()).toMatchObject({ failed: 1 });

    expect(await h.saga().find(orderId)).toMatchObject({ status: 'failed', failure: { code: 'INSUFFICIENT_FUNDS' } });
    expect(await h.stock('r-broke')).toBe(1);
    expect(await h.platform.purchases(fan)).toEqual([]);
  });

  it('refunds a charged purchase that can no longer be fulfilled: money and goods both back', async () => {
    await h.addWidget('r-unfulfillable', 600, 1);
    const fan = await h.platform.newUser('10.00');
    const orderId = await crashedPurchase(h, fan.user.id, 'r-unfulfillable', 'afterDebit');
    h.hooks.prepareOutcome = 'permanent-failure';
    try {
      expect(await h.saga().recoverStale()).toMatchObject({ refunded: 1 });
    } finally {
      h.hooks.prepareOutcome = 'ok';
    }
    const order = await h.saga().find(orderId);
    expect(order).toMatchObject({ status: 'refunded', refundId: expect.any(String), failure: { code: 'CONFLICT' } });
    expect(await h.platform.balanceMinor(fan)).toBe(1000);
    expect(await h.stock('r-unfulfillable')).toBe(1);
    expect(await h.widgetOrder(orderId)).toEqual({ delivered: false, released: true });
  });

  it('keeps retrying while fulfilment fails for now, backing off between runs', async () => {
    await h.addWidget('r-flaky', 200, 1);
    const fan = await h.platform.newUser('5.00');
    const orderId = await crashedPurchase(h, fan.user.id, 'r-flaky', 'afterDebit');
    h.hooks.prepareOutcome = 'temporary-failure';
    try {
      expect(await h.saga().recoverStale()).toMatchObject({ examined: 1, unsettled: 1 });
      // Backed off: the next run does not pick it up yet.
      expect(await h.saga().recoverStale()).toMatchObject({ examined: 0 });
    } finally {
      h.hooks.prepareOutcome = 'ok';
    }
    expect(await h.saga().recoverStale({ ignoreBackoff: true })).toMatchObject({ confirmed: 1 });
    expect(await h.saga().find(orderId)).toMatchObject({ status: 'confirmed', recoveryAttempts: 2 });
    expect(await h.platform.balanceMinor(fan)).toBe(300);
  });

  it('gives up on purchases older than the charge window: a charge is refunded, no charge means failed', async () => {
    await h.addWidget('r-old', 300, 2);
    const fan = await h.platform.newUser('10.00');
    const charged = await crashedPurchase(h, fan.user.id, 'r-old', 'afterDebit');
    const uncharged = await crashedPurchase(h, fan.user.id, 'r-old', 'afterReserve');
    expect(await h.platform.balanceMinor(fan)).toBe(700);

    const report = await h.saga({ maxChargeAgeMs: 0 }).recoverStale();

    expect(report).toMatchObject({ refunded: 1, failed: 1 });
    expect(await h.saga().find(charged)).toMatchObject({ status: 'refunded' });
    expect(await h.saga().find(uncharged)).toMatchObject({ status: 'failed', refundId: null });
    expect(await h.platform.balanceMinor(fan)).toBe(1000);
    expect(await h.stock('r-old')).toBe(2);
  });

  it('settles one purchase once when recovery runs and the client retries at the same time', async () => {
    await h.addWidget('r-race', 250, 1);
    const fan = await h.platform.newUser('5.00');
    const idempotency = { key: 'race-1', fingerprint: { widget: 'r-race' } };
    const crashing = h.saga({
      faults: {
        afterDebit: () => {
          throw new SimulatedCrash();
        },
      },
    });
    await expect(crashing.purchase({ userId: fan.user.id, request: { widgetId: 'r-race', quantity: 1 }, idempotency })).rejects.toBeInstanceOf(SimulatedCrash);

    const saga = h.saga();
    const [retries, runs] = await Promise.all([
      Promise.all(Array.from({ length: 4 }, () => saga.purchase({ userId: fan.user.id, request: { widgetId: 'r-race', quantity: 1 }, idempotency }))),
      Promise.all(Array.from({ length: 3 }, () => saga.recoverStale())),
    ]);

    expect(new Set(retries.map((o) => o.id)).size).toBe(1);
    expect(retries[0].status).toBe('confirmed');
    // Runs lease what they work on: however many start together, at most one takes this purchase.
    expect(runs.reduce((n, r) => n + r.examined, 0)).toBeLessThanOrEqual(1);
    expect(await h.platform.balanceMinor(fan)).toBe(250);
    expect(await h.platform.purchases(fan)).toHaveLength(1);
  });

  it('runs as a BullMQ job scheduler that settles a crashed purchase on its own', async () => {
    await h.addWidget('r-job', 100, 1);
    const fan = await h.platform.newUser('5.00');
    const orderId = await crashedPurchase(h, fan.user.id, 'r-job', 'afterDebit');
    const job = new PurchaseRecoveryJob({
      saga: h.saga(),
      redisUrl: infra.redisUrl,
      redisPrefix: `${h.platform.namespace}:`,
      logger: createLogger({ service: 'checkout-test', instance: 'job', level: 'silent' }),
      everyMs: 200,
      graceMs: 0,
    });
    try {
      await job.start();
      await waitFor(async () => (await h.saga().find(orderId))?.status === 'confirmed', { timeoutMs: 20_000, what: 'the job to confirm the purchase' });
      const schedulers = await job.queue.getJobSchedulers();
      expect(schedulers.map((s) => s.key)).toEqual(['shop-purchase-recovery']);
    } finally {
      await job.close();
    }
    expect(await h.platform.balanceMinor(fan)).toBe(400);
  });
});
