import { esim, type EventContract, type PayloadOf, shop, tickets, wallet } from '@platform/contracts';
import { buildEvent, EventPublisher } from '@platform/service-kit';
import { infra } from '@platform/testkit';
import { deleteEventConsumers } from '@platform/testkit/event-consumers';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projections } from '../src/events/projections.js';
import { aiSchema } from '../src/schema.js';
import { ReadModelWriter } from '../src/store/read-model.js';
import { esimActivated, orderPlaced, product, ticketCancelled, ticketPurchased, walletTransfers } from './events.js';
import { SETUP_TIMEOUT_MS, TEST_TIMEOUT_MS } from './platform-processes.js';
import { type AiHarness, type Fan, startAiHarness } from './harness.js';

const now = new Date();

describe('handlers are idempotent: redelivered, re-published and replayed events count once', { timeout: TEST_TIMEOUT_MS }, () => {
  let h: AiHarness;
  let fan: Fan;
  let friend: Fan;
  const sent: Array<{ event: EventContract; payload: unknown; id: string }> = [];
  const publish = async <E extends EventContract>(event: E, payload: PayloadOf<E>) => {
    sent.push({ event, payload, id: await h.publish(event, payload) });
  };

  /** Everything the fans can see, minus the generation time. */
  const snapshot = async () => {
    const views = [];
    for (const who of [fan, friend]) {
      for (const path of ['/api/ai/insights', '/api/ai/recommendations', '/api/ai/predictions']) {
        const { generatedAt: _at, ...body } = await h.get(path, who);
        views.push(body);
      }
    }
    return views;
  };
  let before: unknown[];
  let modelled: { usersModelled: number; purchases: number; walletMovements: number };

  beforeAll(async () => {
    h = await startAiHarness({ now: () => now });
    [fan, friend] = await h.newFans('psg', 'psg');
    const jersey = product('Home jersey', 'jersey', 'psg', 8990);
    const scarf = product('Scarf', 'scarf', 'psg', 1990);
    const debit = walletTransfers.debit(fan.user.id, 8_990, 'shop', 'jersey');
    await publish(wallet.transferCompleted, walletTransfers.deposit(fan.user.id, 50_000));
    await publish(wallet.transferCompleted, debit);
    await publish(wallet.transferCompleted, walletTransfers.debit(fan.user.id, 4_500, 'tickets', 'match-ticket'));
    await publish(wallet.transferCompleted, walletTransfers.refund(debit));
    await publish(wallet.transferCompleted, walletTransfers.send(fan.user.id, friend.user.id, 1_000));
    await publish(shop.orderPlaced, orderPlaced(fan.user.id, [jersey]));
    await publish(shop.orderPlaced, orderPlaced(friend.user.id, [jersey, scarf]));
    const ticket = ticketPurchased(friend.user.id, 'psg-om', 'psg');
    await publish(tickets.ticketPurchased, ticket);
    await publish(tickets.ticketPurchased, ticketPurchased(fan.user.id, 'psg-ol', 'psg'));
    await publish(tickets.ticketCancelled, ticketCancelled(ticket));
    await publish(esim.activated, esimActivated(friend.user.id, 'plan-eu', 'Europe 10 GB'));
    await h.caughtUp();
    before = await snapshot();
    const stats = await h.stats();
    expect(stats).toMatchObject({ eventsProcessed: sent.length, usersModelled: 2, eventsAppliedSinceStart: sent.length, duplicatesSkippedSinceStart: 0 });
    modelled = { usersModelled: stats.usersModelled, purchases: stats.purchases, walletMovements: stats.walletMovements };
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => h?.close(), SETUP_TIMEOUT_MS);

  it('the seeded events gave real numbers to compare against', () => {
    const [insights, recommendations] = before as any[];
    expect(insights.spending).toMatchObject({ paymentsMinor: 13_490, refundsMinor: 8_990, totalMinor: 4_500 });
    expect(insights.transfers).toMatchObject({ sentMinor: 1_000, depositedMinor: 50_000 });
    // The friend's scarf and eSIM plan; not the event of their cancelled ticket.
    const coPurchased = recommendations.recommendations.filter((r: any) => r.basis === 'co-purchase').map((r: any) => r.name);
    expect(coPurchased).toEqual(['Europe 10 GB', 'Scarf']);
    expect(modelled).toEqual({ usersModelled: 2, purchases: 6, walletMovements: 6 });
  });

  it('the same facts re-published under new event ids (an outbox replayed after the duplicate window) change nothing', async () => {
    const republished = sent.slice();
    for (const { event, payload } of republished) await h.publish(event, payload as PayloadOf<typeof event>);
    await h.caughtUp();
    expect(await snapshot()).toEqual(before);
    expect(await h.stats()).toMatchObject({ eventsProcessed: 2 * republished.length, ...modelled });
  });

  it('a full replay of the stream by a fresh consumer changes nothing', async () => {
    const inStream = 2 * sent.length;
    await h.ai.stop();
    expect(await deleteEventConsumers(h.nc, h.namespace, 'ai')).toBe(5);
    await h.restartAi();
    await h.caughtUp();
    expect(await snapshot()).toEqual(before);
    // Every message really was delivered again, and each was recognised as done.
    expect(await h.stats()).toMatchObject({ eventsAppliedSinceStart: 0, duplicatesSkippedSinceStart: inStream, eventsProcessed: inStream, ...modelled });
  });

  it('concurrent deliveries of one event apply it once', async () => {
    const pool = new pg.Pool({ connectionString: infra.databaseUrl, max: 10 });
    try {
      const writer = new ReadModelWriter(pool, aiSchema(h.config));
      const apply = projections(writer).find((p) => p.event === wallet.transferCompleted)!.apply;
      const envelope = buildEvent(wallet.transferCompleted, walletTransfers.debit(friend.user.id, 2_500, 'shop', 'scarf', now));
      const outcomes = await Promise.all(Array.from({ length: 10 }, () => apply(envelope)));
      expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(9);
      const insights = await h.get('/api/ai/insights', friend);
      expect(insights.spending.paymentsMinor).toBe((before[3] as any).spending.paymentsMinor + 2_500);
    } finally {
      await pool.end();
    }
  });

  it('a cancellation that arrives before its purchase still leaves the ticket cancelled', async () => {
    const [holder, newcomer] = await h.newFans('brest', 'brest');
    const ticket = ticketPurchased(holder.user.id, 'sb29-fcl', 'brest');
    await h.publish(tickets.ticketCancelled, ticketCancelled(ticket));
    await h.publish(tickets.ticketPurchased, ticket);
    await h.caughtUp();
    const body = await h.get('/api/ai/recommendations', newcomer);
    expect(body.recommendations.map((r: any) => r.id)).not.toContain('sb29-fcl');
  });

  it('skips an event that does not match its contract, without blocking the ones after it', async () => {
    const publisher = new EventPublisher(h.nc, h.namespace);
    const valid = buildEvent(wallet.transferCompleted, walletTransfers.debit(fan.user.id, 300, 'esim', 'data-plan', now));
    await publisher.publishEnvelope({ ...valid, id: `${valid.id}-bad`, data: { kind: 'debit', amountMinor: -5 } });
    await publisher.publishEnvelope(valid);
    await h.caughtUp();
    expect(await h.stats()).toMatchObject({ eventsRejectedSinceStart: 1 });
    const insights = await h.get('/api/ai/insights', fan);
    expect(insights.spending.paymentsMinor).toBe((before[0] as any).spending.paymentsMinor + 300);
  });
});
