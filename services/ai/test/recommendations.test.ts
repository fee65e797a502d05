import { buildEvent, EventPublisher } from '@platform/service-kit';
import type { Subscription } from '@nats-io/transport-node';
import { auth, esim, operationSubject, shop, tickets } from '@platform/contracts';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { esimActivated, orderPlaced, product, ticketCancelled, ticketPurchased } from './events.js';
import { SETUP_TIMEOUT_MS, TEST_TIMEOUT_MS } from './platform-processes.js';
import { type AiHarness, type Fan, startAiHarness } from './harness.js';

describe('GET /api/ai/recommendations through the gateway, from real JetStream events', { timeout: TEST_TIMEOUT_MS }, () => {
  let h: AiHarness;
  // A, B and C are fans of psg; the om flag is bought by om fans only.
  const jersey = product('Home jersey', 'jersey', 'psg', 8990);
  const scarf = product('Supporter scarf', 'scarf', 'psg', 1990);
  const cap = product('Club cap', 'accessories', 'psg', 2490);
  const mug = product('Crest mug', 'accessories', 'psg', 1250);
  const flag = product('OM flag', 'flag', 'om', 1500);
  let a: Fan;
  let b: Fan;
  let c: Fan;
  let om1: Fan;
  let om2: Fan;
  /** Requests to gateway.findUser: the fan's club comes from the user read model instead (docs/decisions/0975). */
  let findUserRequests: Subscription;

  beforeAll(async () => {
    h = await startAiHarness();
    findUserRequests = h.nc.subscribe(operationSubject(auth.findUser, h.namespace));
    await h.nc.flush();
    [a, b, c, om1, om2] = await h.newFans('psg', 'psg', 'psg', 'om', 'om');
    await h.publish(shop.orderPlaced, orderPlaced(a.user.id, [jersey, scarf]));
    await h.publish(shop.orderPlaced, orderPlaced(b.user.id, [jersey, scarf, cap]));
    await h.publish(shop.orderPlaced, orderPlaced(c.user.id, [jersey]));
    await h.publish(shop.orderPlaced, orderPlaced(om1.user.id, [flag]));
    await h.publish(shop.orderPlaced, orderPlaced(om2.user.id, [flag, mug]));
    await h.publish(tickets.ticketPurchased, ticketPurchased(b.user.id, 'psg-om', 'psg'));
    await h.publish(esim.activated, esimActivated(om1.user.id, 'plan-eu', 'Europe 10 GB'));
    await h.caughtUp();
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => h?.close(), SETUP_TIMEOUT_MS);

  it('recommends what fans who bought the same thing also bought, with the reason, and nothing the fan owns', async () => {
    const body = await h.get('/api/ai/recommendations', c);
    expect(body.userId).toBe(c.user.id);
    expect(body.clubId).toBe('psg');
    const [first, second] = body.recommendations;
    expect(first).toMatchObject({
      kind: 'product',
      id: scarf.id,
      name: 'Supporter scarf',
      basis: 'co-purchase',
      buyers: 2,
      reason: '2 fans who bought Home jersey also bought this',
      becauseOf: { kind: 'product', id: jersey.id, name: 'Home jersey' },
    });
    expect(first.score).toBeCloseTo(2 / Math.sqrt(3 * 2), 4);
    // B's ticket ties with the cap (one fan each, one buyer each): ties go by kind, then id.
    expect(second).toMatchObject({ id: 'psg-om', basis: 'co-purchase', reason: 'A fan who bought Home jersey also bought this' });
    // Then psg's popular items, then everyone's.
    expect(body.recommendations.map((r: any) => [r.id, r.basis])).toEqual([
      [scarf.id, 'co-purchase'],
      ['psg-om', 'co-purchase'],
      [cap.id, 'co-purchase'],
      [mug.id, 'club-popularity'],
      [flag.id, 'popularity'],
      ['plan-eu', 'popularity'],
    ]);
    expect(body.recommendations.map((r: any) => r.id)).not.toContain(jersey.id);
  });

  it('gives a new fan popularity in their club first, then everywhere, with reasons', async () => {
    const newcomer = await h.newFan();
    const body = await h.get('/api/ai/recommendations', newcomer);
    expect(body.recommendations[0]).toMatchObject({
      id: jersey.id,
      basis: 'club-popularity',
      buyers: 3,
      reason: 'Popular at psg: bought by 3 fans',
      becauseOf: null,
    });
    expect(body.recommendations.map((r: any) => r.basis)).toEqual([
      'club-popularity',
      'club-popularity',
      'club-popularity',
      'club-popularity',
      'club-popularity',
      'popularity',
      'popularity',
    ]);
    const ids = body.recommendations.map((r: any) => r.id);
    // 3 buyers, 2, then three items with one buyer each: by kind (event first), then id.
    expect(ids.slice(0, 3)).toEqual([jersey.id, scarf.id, 'psg-om']);
    expect(ids.slice(3, 5)).toEqual([cap.id, mug.id].sort());
    expect(ids.slice(5)).toEqual([flag.id, 'plan-eu']);
    const omFan = await h.newFan('OM');
    const forOm = await h.get('/api/ai/recommendations?limit=1', omFan);
    expect(forOm).toMatchObject({ clubId: 'om', recommendations: [{ id: flag.id, basis: 'club-popularity', reason: 'Popular at om: bought by 2 fans' }] });
    await h.nc.flush();
    expect(findUserRequests.getReceived()).toBe(0);
  });

  it('filters by kind and keeps to the limit', async () => {
    const body = await h.get('/api/ai/recommendations?kind=event&limit=5', c);
    expect(body.recommendations.map((r: any) => [r.kind, r.id])).toEqual([['event', 'psg-om']]);
    const one = await h.get('/api/ai/recommendations?limit=1', c);
    expect(one.recommendations.map((r: any) => r.id)).toEqual([scarf.id]);
  });

  it('refuses bad input with a 400 naming the field, and anonymous callers with a 401', async () => {
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=51', 'limit'],
      ['limit=abc', 'limit'],
      ['kind=jersey', 'kind'],
    ]) {
      const res = await h.api.get(`/api/ai/recommendations?${query}`, c.token);
      expect(res.status, query).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field });
    }
    expect((await h.api.get('/api/ai/recommendations')).status).toBe(401);
  });

  it('stops counting a cancelled ticket, and does not offer its event back to the holder', async () => {
    const [holder, other] = await h.newFans('lyon', 'lyon');
    const bought = ticketPurchased(holder.user.id, 'ol-asse', 'lyon');
    await h.publish(tickets.ticketPurchased, bought);
    await h.publish(tickets.ticketPurchased, ticketPurchased(other.user.id, 'ol-asse', 'lyon'));
    await h.caughtUp();
    const before = await h.get('/api/ai/recommendations?kind=event', await h.newFan('lyon'));
    expect(before.recommendations[0]).toMatchObject({ id: 'ol-asse', buyers: 2 });

    await h.publish(tickets.ticketCancelled, ticketCancelled(bought));
    await h.caughtUp();
    const after = await h.get('/api/ai/recommendations?kind=event', await h.newFan('lyon'));
    expect(after.recommendations[0]).toMatchObject({ id: 'ol-asse', buyers: 1 });
    const forHolder = await h.get('/api/ai/recommendations?kind=event', holder);
    expect(forHolder.recommendations.map((r: any) => r.id)).not.toContain('ol-asse');
  });

  it('names events by title and drops started ones once the tickets service sends them (eventTitle, eventStartsAt)', async () => {
    // The fields requested from tickets: published raw, since today's contract would strip them.
    const publisher = new EventPublisher(h.nc, h.namespace);
    const withExtras = (eventId: string, startsAt: Date) => {
      const envelope = buildEvent(tickets.ticketPurchased, ticketPurchased(randomUUID(), eventId, 'nantes'));
      return { ...envelope, data: { ...envelope.data, eventTitle: `Title of ${eventId}`, eventStartsAt: startsAt.toISOString() } };
    };
    await publisher.publishEnvelope(withExtras('fcn-future', new Date(Date.now() + 7 * 86_400_000)));
    await publisher.publishEnvelope(withExtras('fcn-past', new Date(Date.now() - 86_400_000)));
    await h.caughtUp();
    const body = await h.get('/api/ai/recommendations?kind=event', await h.newFan('nantes'));
    expect(body.recommendations.filter((r: any) => r.clubId === 'nantes')).toEqual([
      expect.objectContaining({ id: 'fcn-future', name: 'Title of fcn-future', basis: 'club-popularity' }),
    ]);
  });
});
