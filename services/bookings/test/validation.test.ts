import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BookingsHarness, pinnedClock, reservation, startBookings } from './harness.js';

// "Now" is 2030-03-10 10:00 in Africa/Brazzaville (UTC+1), the default BOOKING_TIMEZONE.
const NOW = '2030-03-10T09:00:00.000Z';
const TODAY = '2030-03-10';

describe('every validation rule, through the gateway', () => {
  let h: BookingsHarness;
  let slot = 0;
  /** A fresh slot per call, so successful bookings never collide. */
  const freeSlot = () => {
    const hour = 10 + (slot++ % 13);
    return `${String(hour).padStart(2, '0')}:00-${String(hour).padStart(2, '0')}:30`;
  };
  const create = (body: unknown) => h.api.post('/api/bookings/create-reservation', body);
  const expect400 = async (body: unknown, field: string, message?: RegExp) => {
    const res = await create(body);
    expect(res.status, JSON.stringify(body)).toBe(400);
    expect(res.body).toMatchObject({ success: false, field });
    expect(typeof res.body.error).toBe('string');
    if (message) expect(res.body.error).toMatch(message);
    return res;
  };

  beforeAll(async () => {
    h = await startBookings({ now: pinnedClock(NOW) });
  });
  afterAll(async () => h?.close());

  it('refuses dates that are not real calendar days, like February 30', async () => {
    await expect400(reservation({ date: '2030-02-30' }), 'date', /^date: is not a real calendar date$/);
    await expect400(reservation({ date: '2030-02-29' }), 'date', /calendar/); // 2030 is not a leap year
    await expect400(reservation({ date: '2030-04-31' }), 'date', /calendar/);
    await expect400(reservation({ date: '2030-13-01' }), 'date', /calendar/);
  });

  it('refuses dates not written YYYY-MM-DD', async () => {
    for (const date of ['10/03/2030', '2030-3-10', '2030-03-10T10:00:00Z', '', 'tomorrow']) {
      await expect400(reservation({ date }), 'date', /^date: must be a date in YYYY-MM-DD format$/);
    }
  });

  it('refuses a slot that ends before it starts, like 15:00-14:00', async () => {
    await expect400(reservation({ date: '2030-03-12', timeSlot: '15:00-14:00' }), 'timeSlot', /^timeSlot: must end after it starts$/);
    await expect400(reservation({ date: '2030-03-12', timeSlot: '14:00-14:00' }), 'timeSlot', /must end after it starts/);
  });

  it('refuses slots not written HH:MM-HH:MM on a 24-hour clock', async () => {
    for (const timeSlot of ['14:00', '2pm-3pm', '25:00-26:00', '14:60-15:00', '14:00 - 15:00', '1400-1500']) {
      await expect400(reservation({ date: '2030-03-12', timeSlot }), 'timeSlot', /^timeSlot: must be HH:MM-HH:MM/);
    }
  });

  it('refuses dates in the past, in the service time zone', async () => {
    await expect400(reservation({ date: '2030-03-09' }), 'date', /^date: Impossible de réserver dans le passé \(today is 2030-03-10 in Africa\/Brazzaville\)$/);
    await expect400(reservation({ date: '2024-02-15' }), 'date', /passé/);
  });

  it('refuses a slot already over today, and accepts the rest of today', async () => {
    await expect400(reservation({ date: TODAY, timeSlot: '08:00-09:00' }), 'timeSlot', /already over/);
    await expect400(reservation({ date: TODAY, timeSlot: '09:00-10:00' }), 'timeSlot', /already over/);
    expect((await create(reservation({ date: TODAY, timeSlot: '09:30-10:30' }))).status).toBe(201);
    expect((await create(reservation({ date: TODAY, timeSlot: '15:00-16:00' }))).status).toBe(201);
  });

  it('accepts up to BOOKING_MAX_DAYS_AHEAD (30) days ahead and refuses beyond', async () => {
    expect((await create(reservation({ date: '2030-04-09', timeSlot: freeSlot() }))).status).toBe(201);
    await expect400(reservation({ date: '2030-04-10' }), 'date', /^date: Réservations limitées à 30 jours à l'avance \(last bookable day: 2030-04-09\)$/);
    await expect400(reservation({ date: '2031-03-10' }), 'date', /30 jours/);
  });

  it('refuses an invalid email', async () => {
    for (const email of ['not-an-email', 'a@', '@example.com', 'a b@example.com']) {
      await expect400(reservation({ email, date: '2030-03-12' }), 'email', /^email: must be a valid email address$/);
    }
  });

  it('names each missing field', async () => {
    for (const field of ['date', 'timeSlot', 'prestation', 'service_name', 'email']) {
      const body = reservation({ date: '2030-03-12' });
      delete body[field];
      const res = await expect400(body, field);
      expect(res.body.error).toMatch(new RegExp(`^${field}: is required`));
    }
    await expect400({}, 'date', /^date: is required$/);
  });

  it('names each field of the wrong type', async () => {
    const cases: Array<[string, unknown]> = [
      ['date', 20300312],
      ['timeSlot', ['14:00', '15:00']],
      ['prestation', { id: 'coupe' }],
      ['email', 42],
      ['service_name', true],
      ['variant', 3],
      ['notes', ['x']],
      ['service_id', 7],
    ];
    for (const [field, value] of cases) {
      const res = await expect400(reservation({ date: '2030-03-12', [field]: value }), field);
      expect(res.body.error).toMatch(new RegExp(`^${field}: must be a string`));
    }
  });

  it('refuses empty and oversize text', async () => {
    await expect400(reservation({ date: '2030-03-12', prestation: '   ' }), 'prestation', /must not be empty/);
    await expect400(reservation({ date: '2030-03-12', service_name: 'x'.repeat(101) }), 'service_name', /at most 100/);
    await expect400(reservation({ date: '2030-03-12', notes: 'x'.repeat(1001) }), 'notes', /at most 1000/);
  });

  it('answers 400 to a body that is not a JSON object', async () => {
    const malformed = await h.api.request('POST', '/api/bookings/create-reservation', {
      rawBody: '{"date": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ success: false });
    const array = await h.api.request('POST', '/api/bookings/create-reservation', { rawBody: '[1]', headers: { 'content-type': 'application/json' } });
    expect(array.status).toBe(400);
    expect(array.body).toMatchObject({ success: false, field: 'body' });
  });

  it('normalises the email and accepts null or empty optional fields', async () => {
    const res = await create(reservation({ date: '2030-03-12', timeSlot: freeSlot(), email: '  Test@Example.COM ', variant: '', notes: null }));
    expect(res.status).toBe(201);
    expect(res.body.reservation).toMatchObject({ email: 'test@example.com', variant: null, notes: null });
  });

  it('ignores unknown fields, as the Flask original did', async () => {
    const res = await create(reservation({ date: '2030-03-12', timeSlot: freeSlot(), price: 5000, status: 'cancelled' }));
    expect(res.status).toBe(201);
    expect(res.body.reservation.status).toBe('confirmed');
    expect(res.body.reservation).not.toHaveProperty('price');
  });

  it('answers 400, never 500, to a malformed booking_id', async () => {
    for (const booking_id of ['abc', 'zzzzzzzzzzzzzzzzzzzzzzzz', '65f8a2b3c4d5e6f7a8b9c0d', '65f8a2b3c4d5e6f7a8b9c0d3a', '', "' OR 1=1 --"]) {
      const res = await h.api.post('/api/bookings/cancel', { booking_id, email: 'test@example.com' });
      expect(res.status, booking_id).toBe(400);
      expect(res.body).toMatchObject({ success: false, field: 'booking_id' });
    }
    const wrongType = await h.api.post('/api/bookings/cancel', { booking_id: 123, email: 'test@example.com' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error).toBe('booking_id: must be a string');
    const missing = await h.api.post('/api/bookings/cancel', { email: 'test@example.com' });
    expect(missing.body).toMatchObject({ success: false, field: 'booking_id', error: 'booking_id: is required' });
    const noEmail = await h.api.post('/api/bookings/cancel', { booking_id: '65f8a2b3c4d5e6f7a8b9c0d3' });
    expect(noEmail.status).toBe(400);
    expect(noEmail.body.field).toBe('email');
  });

  it('validates the user listing: email, limit and cursor', async () => {
    const { token } = await h.api.register({ email: 'test@example.com' });
    const badEmail = await h.api.get('/api/bookings/user/not-an-email', token);
    expect(badEmail.status).toBe(400);
    expect(badEmail.body).toMatchObject({ success: false, field: 'email' });
    const badLimit = await h.api.get('/api/bookings/user/test@example.com?limit=0', token);
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.field).toBe('limit');
    const badCursor = await h.api.get('/api/bookings/user/test@example.com?cursor=bogus', token);
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.field).toBe('cursor');
    const forgedCursor = await h.api.get(`/api/bookings/user/test@example.com?cursor=${Buffer.from('["not a date","x"]').toString('base64url')}`, token);
    expect(forgedCursor.status).toBe(400);
    expect(forgedCursor.body.field).toBe('cursor');
  });
});
