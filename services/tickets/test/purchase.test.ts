import { readStreamEvents } from '@platform/testkit/event-stream';
import { waitFor } from '@platform/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKGROUND_WORK_TIMEOUT_MS, HARNESS_START_TIMEOUT_MS, INFRA_TEST_TIMEOUT_MS, seatsLeft, startTicketsHarness, type TicketsHarness } from './harness.js';

describe('buying tickets through the gateway, paid by the real wallet', { timeout: INFRA_TEST_TIMEOUT_MS }, () => {
  let h: TicketsHarness;
  let event: any;
  beforeAll(async () => {
    h = await startTicketsHarness();
    event = await h.createEvent();
  }, HARNESS_START_TIMEOUT_MS);
  afterAll(async () => h?.close());

  it('charges the server price once, issues the ticket, lists it in my-tickets and publishes evt.tickets.ticket.purchased', async () => {
    const fan = await h.newUser('100.00');
    const res = await h.api.post('/api/tickets/purchase', { eventId: event.id, category: 'premium' }, fan.token);
    expect(res.status).toBe(201);
    const ticket = res.body;
    expect(ticket).toMatchObject({
      eventId: event.id,
      event: { id: event.id, clubId: 'psg', title: event.title },
      category: 'premium',
      categoryName: 'Premium',
      price: 89.99,
      priceMinor: 8999,
      currency: 'EUR',
      status: 'valid',
      redeemedAt: null,
      refunded: false,
      validUntil: event.endsAt,
    });

    expect(await h.platform.balanceMinor(fan)).toBe(10_000 - 8_999);
    const charges = await h.platform.purchases(fan);
    expect(charges).toEqual([{ id: ticket.transactionId, type: 'payment', amountMinor: 8_999, reference: ticket.id, refundOf: null }]);
    expect(await seatsLeft(h, event.id, 'premium')).toBe(19);

    const mine = await h.api.get('/api/tickets/my-tickets', fan.token);
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual({ tickets: [ticket], nextCursor: null });

    const published = await waitFor(
      async () => {
        const events = await readStreamEvents<any>(h.namespace, 'evt.tickets.ticket.purchased');
        return events.find((e) => e.data.ticketId === ticket.id);
      },
      { timeoutMs: BACKGROUND_WORK_TIMEOUT_MS, what: 'the purchased event on the stream' },
    );
    expect(published.data).toEqual({
      ticketId: ticket.id,
      userId: fan.user.id,
      eventId: event.id,
      clubId: 'psg',
      category: 'premium',
      priceMinor: 8999,
      price: '89.99',
      currency: 'EUR',
      transferId: ticket.transactionId,
      eventTitle: event.title,
      eventStartsAt: new Date(event.startsAt).toISOString(),
      occurredAt: expect.any(String),
    });
  });

  it('refuses a stale price with 409 PRICE_CHANGED and the current price, charging nothing and keeping the seat', async () => {
    const fan = await h.newUser('100.00');
    const before = await seatsLeft(h, event.id, 'standard');
    const stale = await h.api.post('/api/tickets/purchase', { eventId: event.id, category: 'standard', price: 20 }, fan.token);
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'PRICE_CHANGED', field: 'price', details: { price: 25, priceMinor: 2500, currency: 'EUR' } });
    expect(await seatsLeft(h, event.id, 'standard')).toBe(before);
    expect(await h.platform.balanceMinor(fan)).toBe(10_000);

    // The price the listing shows is accepted, as a number or as a decimal string.
    expect((await h.api.post('/api/tickets/purchase', { eventId: event.id, category: 'standard', price: '25.00' }, fan.token)).status).toBe(201);
    // After an admin reprices, the old price is stale.
    await h.api.request('PATCH', `/api/tickets/admin/events/${event.id}/categories/standard`, { body: { price: '27.50' }, token: h.admin.token });
    const afterChange = await h.api.post('/api/tickets/purchase', { eventId: event.id, category: 'standard', price: 25 }, fan.token);
    expect(afterChange.status).toBe(409);
    expect(afterChange.body.error.details).toMatchObject({ priceMinor: 2750 });
    expect(await h.platform.balanceMinor(fan)).toBe(10_000 - 2_500);
  });

  it('answers 404 naming the field for an unknown event or category, and 400 naming the field for bad input', async () => {
    const fan = await h.newUser('10.00');
    const unknownEvent = await h.api.post('/api/tickets/purchase', { eventId: 'no-such-event', category: 'premium' }, fan.token);
    expect(unknownEvent.status).toBe(404);
    expect(unknownEvent.body.error).toMatchObject({ code: 'NOT_FOUND', field: 'eventId' });
    const unknownCategory = await h.api.post('/api/tickets/purchase', { eventId: event.id, category: 'balcony' }, fan.token);
    expect(unknownCategory.status).toBe(404);
    expect(unknownCategory.body.error).toMatchObject({ code: 'NOT_FOUND', field: 'category' });

    const bad: Array<[unknown, string]> = [
      [{ category: 'premium' }, 'eventId'],
      [{ eventId: event.id }, 'category'],
      [{ eventId: event.id, category: 'premium', price: 'ninety' }, 'price'],
      [{ eventId: event.id, category: 'premium', price: 89.999 }, 'price'],
      [{ eventId: event.id, category: 'premium', price: -1 }, 'price'],
      [{ eventId: 'not an id!', category: 'premium' }, 'eventId'],
      [{ eventId: event.id, category: 'premium', quantity: 2 }, 'quantity'],
      [[1, 2], 'body'],
    ];
    for (const [body, field] of bad) {
      const res = await h.api.post('/api/tickets/purchase', body, fan.token);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field });
    }
    const malformed = await h.api.request('POST', '/api/tickets/purchase', {
      rawBody: '{"eventId":',
      token: fan.token,
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect((await h.api.post('/api/tickets/purchase', { eventId: event.id, category: 'premium' })).status).toBe(401);
    expect(await h.platform.balanceMinor(fan)).toBe(1_000);
  });

  it('refuses with 402 when the wallet cannot pay, and puts the seat back on sale', async () => {
    const fan = await h.newUser('10.00');
    const before = await seatsLeft(h, event.id, 'premium');
    const res = await h.api.post('/api/tickets/purchase', { eventId: event.id, category: 'premium' }, fan.token);
    expect(res.status).toBe(402);
    expect(res.body.error).toMatchObject({ code: 'INSUFFICIENT_FUNDS', details: { balanceMinor: 1_000, status: 'failed' } });
    expect(await seatsLeft(h, event.id, 'premium')).toBe(before);
    expect(await h.platform.purchases(fan)).toEqual([]);
    expect((await h.api.get('/api/tickets/my-tickets', fan.token)).body.tickets).toEqual([]);
  });

  it('makes one ticket and one charge per Idempotency-Key, even for concurrent retries; another body with the key is 409', async () => {
    const fan = await h.newUser('100.00');
    const headers = { 'idempotency-key': `buy-${fan.user.id}` };
    const retries = await Promise.all(
      Array.from({ length: 5 }, () => h.api.post('/api/tickets/purchase', { eventId: event.id, category: 'standard' }, fan.token, headers)),
    );
    expect(retries.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const ids = new Set(retries.map((r) => r.body.id));
    expect(ids.size).toBe(1);
    const later = await h.api.post('/api/tickets/purchase', { eventId: event.id, category: 'standard' }, fan.token, headers);
    expect(later.body.id).toBe(retries[0].body.id);

    expect((await h.platform.purchases(fan)).filter((t) => t.type === 'payment')).toHaveLength(1);
    expect((await h.api.get('/api/tickets/my-tickets', fan.token)).body.tickets).toHaveLength(1);

    const reused = await h.api.post('/api/tickets/purchase', { eventId: event.id, category: 'premium' }, fan.token, headers);
    expect(reused.status).toBe(409);
    expect(reused.body.error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'Idempotency-Key' });
  });

  it('refuses purchases for a cancelled event', async () => {
    const cancelled = await h.createEvent();
    const res = await h.api.post(`/api/tickets/admin/events/${cancelled.id}/cancel`, { reason: 'storm' }, h.admin.token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ event: { status: 'cancelled', onSale: false }, ticketsCancelled: 0 });
    const fan = await h.newUser('100.00');
    const refused = await h.api.post('/api/tickets/purchase', { eventId: cancelled.id, category: 'standard' }, fan.token);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toEqual({ reason: 'event_cancelled' });
  });

  it('refuses purchases once the match has started, taking no seat', async () => {
    const started = await h.createEvent();
    await h.sql("UPDATE events SET starts_at = now() - interval '1 minute' WHERE id = $1", [started.id]);
    const fan = await h.newUser('100.00');
    const refused = await h.api.post('/api/tickets/purchase', { eventId: started.id, category: 'standard' }, fan.token);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toEqual({ reason: 'sales_closed' });
    const [category] = await h.sql('SELECT seats_left, capacity FROM ticket_categories WHERE event_id = $1 AND code = $2', [started.id, 'standard']);
    expect(category.seats_left).toBe(category.capacity);
  });

  it('pages my tickets newest first', async () => {
    const fan = await h.newUser('200.00');
    const bought: string[] = [];
    for (let i = 0; i < 3; i++) bought.push((await h.api.post('/api/tickets/purchase', { eventId: event.id, category: 'standard' }, fan.token)).body.id);
    const first = await h.api.get('/api/tickets/my-tickets?limit=2', fan.token);
    const second = await h.api.get(`/api/tickets/my-tickets?limit=2&cursor=${first.body.nextCursor}`, fan.token);
    expect([...first.body.tickets, ...second.body.tickets].map((t: { id: string }) => t.id)).toEqual(bought.reverse());
    expect(second.body.nextCursor).toBeNull();
  });
});
