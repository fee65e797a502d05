import { RECOVER_JOB, SimulatedCrash } from '@platform/checkout';
import { waitFor } from '@platform/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  BACKGROUND_WORK_TIMEOUT_MS,
  HARNESS_START_TIMEOUT_MS,
  INFRA_TEST_TIMEOUT_MS,
  seatsLeft,
  type Shopper,
  startTicketsHarness,
  type TicketsHarness,
} from './harness.js';

/**
 * A crash mid-saga, injected with the checkout's fault hooks: the request dies
 * (500) with the purchase unsettled, then the recovery job settles it. Whatever
 * happens, money and goods must agree at the end: paid with a ticket, or not
 * charged (or refunded) without one.
 */
describe('purchase saga recovery after a crash', { timeout: INFRA_TEST_TIMEOUT_MS }, () => {
  let h: TicketsHarness;
  let event: any;
  const PRICE = 2_500;

  beforeAll(async () => {
    h = await startTicketsHarness();
    event = await h.createEvent({ categories: [{ code: 'standard', name: 'Standard', price: '25.00', capacity: 50 }] });
  }, HARNESS_START_TIMEOUT_MS);
  afterEach(() => {
    h.faults.afterReserve = undefined;
    h.faults.afterDebit = undefined;
  });
  afterAll(async () => h?.close());

  const buy = (fan: Shopper, eventId = event.id, headers?: Record<string, string>) =>
    h.api.post('/api/tickets/purchase', { eventId, category: 'standard' }, fan.token, headers);

  const purchaseStatus = async (userId: string) => (await h.sql('SELECT status FROM purchases WHERE user_id = $1', [userId]))[0]?.status;

  /** Paid minus refunded equals the price of the valid tickets the user holds. */
  async function expectMoneyAndGoodsAgree(fan: Shopper) {
    const moves = await h.platform.purchases(fan);
    const net = moves.reduce((sum, move) => sum + (move.type === 'payment' ? move.amountMinor : -move.amountMinor), 0);
    const mine = (await h.api.get('/api/tickets/my-tickets', fan.token)).body.tickets.filter((t: { status: string }) => t.status === 'valid');
    expect(net).toBe(mine.length * PRICE);
    return { net, tickets: mine.length };
  }

  async function recoverUntilSettled(userId: string) {
    await h.service.tickets.recovery!.runOnce();
    return waitFor(
      async () => {
        const status = await purchaseStatus(userId);
        return ['confirmed', 'failed', 'refunded'].includes(status) && status;
      },
      { timeoutMs: BACKGROUND_WORK_TIMEOUT_MS, what: 'the purchase to settle' },
    );
  }

  it('finishes a purchase that crashed between the debit and the confirm: one charge, one ticket', async () => {
    const fan = await h.newUser('100.00');
    const seatsBefore = await seatsLeft(h, event.id, 'standard');
    h.faults.afterDebit = () => {
      throw new SimulatedCrash();
    };
    expect((await buy(fan)).status).toBe(500);
    h.faults.afterDebit = undefined;

    // Charged, no ticket yet: the state recovery exists for.
    expect(await purchaseStatus(fan.user.id)).toBe('pending');
    expect(await h.platform.balanceMinor(fan)).toBe(10_000 - PRICE);
    expect((await h.api.get('/api/tickets/my-tickets', fan.token)).body.tickets).toEqual([]);

    expect(await recoverUntilSettled(fan.user.id)).toBe('confirmed');
    expect(await expectMoneyAndGoodsAgree(fan)).toEqual({ net: PRICE, tickets: 1 });
    expect(await h.platform.purchases(fan)).toHaveLength(1);
    expect(await seatsLeft(h, event.id, 'standard')).toBe(seatsBefore - 1);
  });

  it('lets the client finish it instead: a retry with the same Idempotency-Key returns the ticket, charged once', async () => {
    const fan = await h.newUser('100.00');
    const headers = { 'idempotency-key': 'retry-after-crash' };
    h.faults.afterDebit = () => {
      throw new SimulatedCrash();
    };
    expect((await buy(fan, event.id, headers)).status).toBe(500);
    h.faults.afterDebit = undefined;

    const retry = await buy(fan, event.id, headers);
    expect(retry.status).toBe(201);
    expect(retry.body.status).toBe('valid');
    expect(await expectMoneyAndGoodsAgree(fan)).toEqual({ net: PRICE, tickets: 1 });
  });

  it('does not charge when the crash came before the debit and the money is gone by the time recovery runs', async () => {
    const fan = await h.newUser('30.00');
    const friend = await h.newUser();
    const seatsBefore = await seatsLeft(h, event.id, 'standard');
    h.faults.afterReserve = async () => {
      // The fan spends the money elsewhere while the purchase hangs, then the process dies.
      const sent = await h.api.post('/api/wallet/send', { recipientId: friend.user.id, amount: '30.00' }, fan.token);
      if (sent.status !== 200) throw new Error(`send failed: ${sent.status}`);
      throw new SimulatedCrash('after the reserve');
    };
    expect((await buy(fan)).status).toBe(500);
    h.faults.afterReserve = undefined;
    expect(await seatsLeft(h, event.id, 'standard')).toBe(seatsBefore - 1);

    expect(await recoverUntilSettled(fan.user.id)).toBe('failed');
    expect(await expectMoneyAndGoodsAgree(fan)).toEqual({ net: 0, tickets: 0 });
    expect(await seatsLeft(h, event.id, 'standard')).toBe(seatsBefore);
    // A retry of the original request now gets the saga's answer: not enough money.
    const [failure] = await h.sql('SELECT failure FROM purchases WHERE user_id = $1', [fan.user.id]);
    expect(failure.failure.code).toBe('INSUFFICIENT_FUNDS');
  });

  it('refunds a charge whose ticket can no longer be issued (event cancelled meanwhile)', async () => {
    const doomed = await h.createEvent({ categories: [{ code: 'standard', name: 'Standard', price: '25.00', capacity: 5 }] });
    const fan = await h.newUser('100.00');
    h.faults.afterDebit = async () => {
      const cancelled = await h.api.post(`/api/tickets/admin/events/${doomed.id}/cancel`, { reason: 'pitch flooded' }, h.admin.token);
      if (cancelled.status !== 200) throw new Error(`cancel failed: ${cancelled.status}`);
      throw new SimulatedCrash();
    };
    expect((await buy(fan, doomed.id)).status).toBe(500);
    h.faults.afterDebit = undefined;
    expect(await h.platform.balanceMinor(fan)).toBe(10_000 - PRICE);

    expect(await recoverUntilSettled(fan.user.id)).toBe('refunded');
    expect(await expectMoneyAndGoodsAgree(fan)).toEqual({ net: 0, tickets: 0 });
    expect(await h.platform.balanceMinor(fan)).toBe(10_000);
    const moves = await h.platform.purchases(fan);
    expect(moves.map((m) => m.type).sort()).toEqual(['payment', 'refund']);
  });

  it('is settled by the scheduled BullMQ job as well, and every end state agrees with the wallet', async () => {
    const fans = await h.platform.newUsers(4, '100.00');
    const crashes = [
      () => (h.faults.afterReserve = () => Promise.reject(new SimulatedCrash('after the reserve'))),
      () => (h.faults.afterDebit = () => Promise.reject(new SimulatedCrash())),
    ];
    for (const [index, fan] of fans.entries()) {
      crashes[index % 2]();
      expect((await buy(fan)).status).toBe(500);
      h.faults.afterReserve = undefined;
      h.faults.afterDebit = undefined;
    }
    // A run of the queue's own job, as the scheduler enqueues it.
    await h.service.tickets.recovery!.queue.add(RECOVER_JOB, {});
    for (const fan of fans) {
      await waitFor(async () => (await purchaseStatus(fan.user.id)) === 'confirmed', {
        timeoutMs: BACKGROUND_WORK_TIMEOUT_MS,
        what: `purchase of ${fan.user.email} confirmed by the job`,
      });
      expect(await expectMoneyAndGoodsAgree(fan)).toEqual({ net: PRICE, tickets: 1 });
    }
    const [unsettled] = await h.sql("SELECT count(*)::int AS n FROM purchases WHERE status IN ('pending', 'refunding')");
    expect(unsettled.n).toBe(0);
  });
});
