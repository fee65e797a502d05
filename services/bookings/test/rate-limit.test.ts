import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BookingsHarness, pinnedClock, reservation, startBookings } from './harness.js';

// Its own file and namespace: the gateway's Redis counters are per namespace, so no other test spends this budget.
describe('rate limit on create and cancel (10 per minute per IP, as Cal.com)', () => {
  let h: BookingsHarness;
  beforeAll(async () => {
    h = await startBookings({ now: pinnedClock('2030-03-10T09:00:00.000Z'), gatewayEnv: { RATE_LIMIT_ROUTE_FACTOR: '1' } });
  });
  afterAll(async () => h?.close());

  it("answers the 11th create within a minute with 429 in the seed's error shape", async () => {
    const statuses: number[] = [];
    let last: any;
    for (let i = 0; i < 11; i++) {
      last = await h.api.post('/api/bookings/create-reservation', reservation({ date: '2030-03-20', timeSlot: `${10 + i}:00-${10 + i}:30` }));
      statuses.push(last.status);
    }
    expect(statuses).toEqual([...Array(10).fill(201), 429]);
    expect(last.body).toMatchObject({ success: false, code: 'RATE_LIMITED' });
    expect(last.body.error).toMatch(/Too many requests/);
    expect(last.headers.get('retry-after')).toBeTruthy();
  });

  it('limits cancel on its own budget, and leaves reads alone', async () => {
    const statuses: number[] = [];
    let last: any;
    for (let i = 0; i < 11; i++) {
      last = await h.api.post('/api/bookings/cancel', { booking_id: 'ffffffffffffffffffffffff', email: 'test@example.com' });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([...Array(10).fill(404), 429]);
    expect(last.body).toMatchObject({ success: false, code: 'RATE_LIMITED' });
    for (let i = 0; i < 12; i++) {
      expect((await h.api.get('/api/bookings/occupied-slots?date=2030-03-20&service=Coiffure')).status).toBe(200);
    }
  });
});
