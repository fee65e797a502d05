import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BookingsHarness, pinnedClock, startBookings } from './harness.js';

// The seed's own examples (seeds/004), replayed through the gateway. The clock
// is pinned at the seed's example created_at, so its dates are in the future.
const SEED_NOW = '2024-02-06T10:00:00.000Z';
const documentedBody = {
  date: '2024-02-15',
  timeSlot: '14:00-15:00',
  prestation: 'coupe_homme',
  variant: 'courte',
  email: 'user@example.com',
  notes: 'Instructions particulières',
  service_name: 'Coiffure',
  service_id: '65f8a2b3c4d5e6f7a8b9c0d3',
};
const curlCreateBody = {
  date: '2024-02-15',
  timeSlot: '14:00-15:00',
  prestation: 'coupe_homme',
  variant: 'courte',
  email: 'test@example.com',
  service_name: 'Coiffure',
};

describe('the seed examples through the gateway', () => {
  let h: BookingsHarness;
  let bookingId: string;
  beforeAll(async () => {
    h = await startBookings({ now: pinnedClock(SEED_NOW) });
  });
  afterAll(async () => h?.close());

  it('POST /api/bookings/create-reservation answers 201 with the documented shape', async () => {
    const res = await h.api.post('/api/bookings/create-reservation', documentedBody);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ success: true, message: 'Réservation créée avec succès' });
    expect(res.body.booking_id).toMatch(/^[0-9a-f]{24}$/);
    expect(res.body.reservation).toMatchObject({
      _id: res.body.booking_id,
      date: '2024-02-15',
      timeSlot: '14:00-15:00',
      prestation: 'coupe_homme',
      variant: 'courte',
      email: 'user@example.com',
      notes: 'Instructions particulières',
      service_name: 'Coiffure',
      service_id: '65f8a2b3c4d5e6f7a8b9c0d3',
      status: 'confirmed',
    });
    expect(res.body.reservation.created_at).toMatch(/^2024-02-06T10:00:\d\d\.\d{3}Z$/);
    expect(res.body.reservation.updated_at).toBe(res.body.reservation.created_at);
    expect(res.body.reservation.cancelled_at).toBeNull();
    bookingId = res.body.booking_id;
  });

  it("the curl example for the same slot is refused with 409 in the seed's error shape", async () => {
    const res = await h.api.post('/api/bookings/create-reservation', curlCreateBody);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ success: false, code: 'CONFLICT', field: 'timeSlot' });
    expect(res.body.error).toMatch(/Créneau déjà réservé/);
  });

  it('the curl example books another slot and leaves optional fields null', async () => {
    const res = await h.api.post('/api/bookings/create-reservation', { ...curlCreateBody, timeSlot: '08:00-09:00' });
    expect(res.status).toBe(201);
    expect(res.body.reservation).toMatchObject({ email: 'test@example.com', variant: 'courte', notes: null, service_id: null, status: 'confirmed' });
  });

  it('GET /api/bookings/occupied-slots answers the documented example', async () => {
    const res = await h.api.get('/api/bookings/occupied-slots?date=2024-02-15&service=Coiffure');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      success: true,
      date: '2024-02-15',
      service: 'Coiffure',
      occupied_slots: ['08:00-09:00', '14:00-15:00'],
      total_occupied: 2,
    });
  });

  it('GET /api/bookings/occupied-slots requires both parameters (400)', async () => {
    const noService = await h.api.get('/api/bookings/occupied-slots?date=2024-02-15');
    expect(noService.status).toBe(400);
    expect(noService.body).toMatchObject({ success: false, field: 'service', error: 'service: is required' });
    const noDate = await h.api.get('/api/bookings/occupied-slots?service=Coiffure');
    expect(noDate.status).toBe(400);
    expect(noDate.body).toMatchObject({ success: false, field: 'date', error: 'date: is required' });
    const badDate = await h.api.get('/api/bookings/occupied-slots?date=2024-02-30&service=Coiffure');
    expect(badDate.status).toBe(400);
    expect(badDate.body.field).toBe('date');
  });

  it("the cancel curl example's id does not exist: 404", async () => {
    const res = await h.api.post('/api/bookings/cancel', { booking_id: '65f8a2b3c4d5e6f7a8b9c0d3', email: 'test@example.com' });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ success: false, code: 'NOT_FOUND', error: 'Réservation non trouvée' });
  });

  it('POST /api/bookings/cancel answers 200 with the documented message', async () => {
    const res = await h.api.post('/api/bookings/cancel', { booking_id: bookingId, email: 'user@example.com' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, message: 'Réservation annulée avec succès', booking_id: bookingId, status: 'cancelled' });
    const slots = await h.api.get('/api/bookings/occupied-slots?date=2024-02-15&service=Coiffure');
    expect(slots.body.occupied_slots).toEqual(['08:00-09:00']);
  });

  it('GET /api/bookings/user/<email> answers the documented shape, to the signed-in owner of the email', async () => {
    // A deliberate difference from the seed (docs/compatibility.md): the listing hands out booking ids,
    // which with the email cancel a booking, so it needs a sign-in as that email. Anonymous: 401.
    const anonymous = await h.api.get('/api/bookings/user/test@example.com');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ success: false, code: 'UNAUTHENTICATED' });
    const { token } = await h.api.register({ email: 'test@example.com' });
    const res = await h.api.get('/api/bookings/user/test@example.com', token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, total: 1, next_cursor: null });
    expect(res.body.bookings).toHaveLength(1);
    expect(res.body.bookings[0]).toMatchObject({ date: '2024-02-15', timeSlot: '08:00-09:00', prestation: 'coupe_homme', status: 'confirmed' });
    expect(res.body.bookings[0]._id).toMatch(/^[0-9a-f]{24}$/);
    expect(res.body.bookings[0].created_at).toMatch(/^2024-02-06T/);
  });
});

describe('the service on its own', () => {
  let h: BookingsHarness;
  beforeAll(async () => {
    h = await startBookings({ now: pinnedClock(SEED_NOW) });
  });
  afterAll(async () => h?.close());

  it('serves /health, /ready, /metrics and its routes on its own HTTP server', async () => {
    expect((await h.service.http.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    const ready = await h.service.http.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks).toMatchObject({ [process.env.MONGODB_URI ? 'mongo' : 'postgres']: { status: 'up' }, nats: { status: 'up' } });
    expect((await h.service.http.inject({ method: 'GET', url: '/metrics' })).body).toMatch(/operations_total/);
    const slots = await h.service.http.inject({ method: 'GET', url: '/api/bookings/occupied-slots?date=2024-02-15&service=Coiffure' });
    expect(slots.statusCode).toBe(200);
    expect(slots.json()).toMatchObject({ success: true, occupied_slots: [], total_occupied: 0 });
  });
});
