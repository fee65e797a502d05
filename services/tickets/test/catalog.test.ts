import type { ApiResponse } from '@platform/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HARNESS_START_TIMEOUT_MS, INFRA_TEST_TIMEOUT_MS, inDays, startTicketsHarness, type TicketsHarness } from './harness.js';

describe('events and categories through the gateway', { timeout: INFRA_TEST_TIMEOUT_MS }, () => {
  let h: TicketsHarness;
  beforeAll(async () => {
    h = await startTicketsHarness();
  }, HARNESS_START_TIMEOUT_MS);
  afterAll(async () => h?.close());

  it('lists the seeded demo matches per club with categories, prices and seats left; seeding twice changes nothing', async () => {
    expect(await h.seedDemo()).toEqual({ created: 6, rescheduled: 0 });
    expect(await h.seedDemo()).toEqual({ created: 0, rescheduled: 0 });

    const psg = await h.api.get('/api/tickets/events?club=psg');
    expect(psg.status).toBe(200);
    expect(psg.body.events.map((e: { id: string }) => e.id)).toEqual(['1', '2']);
    const classique = psg.body.events[0];
    expect(classique).toMatchObject({ id: '1', clubId: 'psg', title: 'PSG - OM', status: 'scheduled', onSale: true });
    expect(classique.categories).toEqual([
      { code: 'standard', name: 'Standard', price: 45, priceMinor: 4500, currency: 'EUR', capacity: 400, seatsLeft: 400, soldOut: false },
      { code: 'premium', name: 'Premium', price: 89.99, priceMinor: 8999, currency: 'EUR', capacity: 150, seatsLeft: 150, soldOut: false },
      { code: 'vip', name: 'VIP', price: 249, priceMinor: 24900, currency: 'EUR', capacity: 30, seatsLeft: 30, soldOut: false },
    ]);
    for (const club of ['om', 'ol']) {
      const res = await h.api.get(`/api/tickets/events?club=${club}`);
      expect(res.body.events).toHaveLength(2);
      expect(res.body.events.every((e: { clubId: string; categories: unknown[] }) => e.clubId === club && e.categories.length === 3)).toBe(true);
    }

    // The seed's widget example, verbatim: {eventId: '1', category: 'premium', price: 89.99}.
    const fan = await h.newUser('100.00');
    const bought = await h.api.post('/api/tickets/purchase', { eventId: '1', category: 'premium', price: 89.99 }, fan.token);
    expect(bought.status).toBe(201);
    expect(bought.body).toMatchObject({ eventId: '1', category: 'premium', price: 89.99, priceMinor: 8999, status: 'valid' });
    expect(await h.platform.balanceMinor(fan)).toBe(10_000 - 8_999);
    const after = await h.api.get('/api/tickets/events/1');
    expect(after.body.categories[1].seatsLeft).toBe(149);
  });

  it('pages through events with an opaque cursor, soonest first, without repeats', async () => {
    const club = `pg${Math.random().toString(36).slice(2, 8)}`;
    for (const day of [3, 1, 2, 5, 4]) await h.createEvent({ clubId: club, startsAt: inDays(day) });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: ApiResponse = await h.api.get(`/api/tickets/events?club=${club}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.events.map((e: { startsAt: string }) => e.startsAt));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect([...seen].sort()).toEqual(seen);
    expect((await h.api.get('/api/tickets/events?cursor=garbage')).body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'cursor' });
  });

  it('lets only admins create events; categories can be added and repriced, and capacity never drops below the seats sold', async () => {
    const fan = await h.newUser('200.00');
    const refused = await h.api.post(
      '/api/tickets/admin/events',
      { clubId: 'psg', title: 'x', venue: 'y', startsAt: inDays(3), categories: [{ code: 'a', name: 'A', price: 1, capacity: 1 }] },
      fan.token,
    );
    expect(refused.status).toBe(403);

    const event = await h.createEvent({ id: `evt-${Math.random().toString(36).slice(2, 8)}` });
    expect(event).toMatchObject({ onSale: true, status: 'scheduled' });
    expect(Date.parse(event.endsAt) - Date.parse(event.startsAt)).toBe(4 * 3_600_000);
    const duplicate = await h.api.post(
      '/api/tickets/admin/events',
      { id: event.id, clubId: 'psg', title: 'x', venue: 'y', startsAt: inDays(3), categories: [{ code: 'a', name: 'A', price: 1, capacity: 1 }] },
      h.admin.token,
    );
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.field).toBe('id');

    const added = await h.api.post(
      `/api/tickets/admin/events/${event.id}/categories`,
      { code: 'VIP', name: 'VIP', price: '150.00', capacity: 2 },
      h.admin.token,
    );
    expect(added.status).toBe(201);
    expect(added.body.categories.map((c: { code: string }) => c.code)).toEqual(['standard', 'premium', 'vip']);
    const again = await h.api.post(
      `/api/tickets/admin/events/${event.id}/categories`,
      { code: 'vip', name: 'VIP', price: '150.00', capacity: 2 },
      h.admin.token,
    );
    expect(again.status).toBe(409);

    expect((await h.api.post('/api/tickets/purchase', { eventId: event.id, category: 'vip' }, fan.token)).status).toBe(201);
    const tooSmall = await h.api.request('PATCH', `/api/tickets/admin/events/${event.id}/categories/vip`, { body: { capacity: 0 }, token: h.admin.token });
    expect(tooSmall.status).toBe(409);
    expect(tooSmall.body.error).toMatchObject({ field: 'capacity', details: { sold: 1 } });

    const changed = await h.api.request('PATCH', `/api/tickets/admin/events/${event.id}/categories/vip`, {
      body: { capacity: 5, price: '120.50' },
      token: h.admin.token,
    });
    expect(changed.status).toBe(200);
    expect(changed.body.categories[2]).toMatchObject({ capacity: 5, seatsLeft: 4, price: 120.5, priceMinor: 12050 });
    const missing = await h.api.request('PATCH', `/api/tickets/admin/events/${event.id}/categories/nope`, { body: { capacity: 5 }, token: h.admin.token });
    expect(missing.status).toBe(404);
    expect(missing.body.error.field).toBe('category');
  });

  it('answers 404 for an unknown event and 400 naming the field for bad input', async () => {
    const unknown = await h.api.get('/api/tickets/events/no-such-event');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'NOT_FOUND', field: 'eventId' });

    const cases: Array<[Record<string, unknown>, string]> = [
      [{ clubId: 'psg', title: 'x', venue: 'y', startsAt: 'tomorrow', categories: [{ code: 'a', name: 'A', price: 1, capacity: 1 }] }, 'startsAt'],
      [{ clubId: 'psg', title: 'x', venue: 'y', startsAt: inDays(-1), categories: [{ code: 'a', name: 'A', price: 1, capacity: 1 }] }, 'startsAt'],
      [
        { clubId: 'psg', title: 'x', venue: 'y', startsAt: inDays(2), endsAt: inDays(1), categories: [{ code: 'a', name: 'A', price: 1, capacity: 1 }] },
        'endsAt',
      ],
      [
        { clubId: 'psg', title: 'x', venue: 'y', startsAt: inDays(2), categories: [{ code: 'a', name: 'A', price: 0.001, capacity: 1 }] },
        'categories[0].price',
      ],
      [
        { clubId: 'psg', title: 'x', venue: 'y', startsAt: inDays(2), categories: [{ code: 'a', name: 'A', price: 1, capacity: -1 }] },
        'categories[0].capacity',
      ],
      [{ clubId: 'psg', title: 'x', venue: 'y', startsAt: inDays(2), categories: [] }, 'categories'],
      [{ clubId: 'p s g', title: 'x', venue: 'y', startsAt: inDays(2), categories: [{ code: 'a', name: 'A', price: 1, capacity: 1 }] }, 'clubId'],
    ];
    for (const [body, field] of cases) {
      const res = await h.api.post('/api/tickets/admin/events', body, h.admin.token);
      expect(res.status, `${field}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.error.field).toBe(field);
      expect(res.body.error.message).toContain(field);
    }
  });
});
