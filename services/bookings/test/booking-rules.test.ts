import { infra, schemaFor } from '@platform/testkit';
import { type AdminSession, adminSession } from '@platform/testkit/admin';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BookingsHarness, pinnedClock, reservation, startBookings } from './harness.js';

// "Today" is 2030-03-10 in Africa/Brazzaville; every date below is within 30 days.
const NOW = '2030-03-10T09:00:00.000Z';
let counter = 0;
/** A service name of its own per test, so tests never share slots. */
const freshService = (label: string) => `${label}-${++counter}`;

describe('booking rules through the gateway', () => {
  let h: BookingsHarness;
  const create = (body: Record<string, unknown>, token?: string, headers?: Record<string, string>) =>
    h.api.post('/api/bookings/create-reservation', reservation({ date: '2030-03-15', ...body }), token, headers);
  const cancel = (body: Record<string, unknown>, token?: string) => h.api.post('/api/bookings/cancel', body, token);
  const occupied = async (service: string, date = '2030-03-15') =>
    (await h.api.get(`/api/bookings/occupied-slots?date=${date}&service=${encodeURIComponent(service)}`)).body;
  let admin: AdminSession;
  // The listing needs the email's owner or an admin; these tests read as an admin unless they say otherwise.
  const listOf = async (email: string, query = '', token: string | undefined = admin.token) =>
    h.api.get(`/api/bookings/user/${encodeURIComponent(email)}${query}`, token);

  beforeAll(async () => {
    h = await startBookings({ now: pinnedClock(NOW) });
    admin = await adminSession(h.api, h.namespace);
    // One request end to end first, so the race measures contention, not the first request's warm-up.
    expect((await occupied('warm-up')).success).toBe(true);
  });
  afterAll(async () => h?.close());

  it('30 concurrent creates of one slot: exactly one 201 and 29 × 409', async () => {
    const service = freshService('race');
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => create({ service_name: service, timeSlot: '10:00-11:00', email: `racer${i}@example.com` })),
    );
    const statuses = results.map((r) => r.status);
    const unexpected = JSON.stringify(results.filter((r) => r.status !== 409 && r.status !== 201).map((r) => r.body));
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(
      statuses.filter((s) => s === 409),
      unexpected,
    ).toHaveLength(29);
    for (const loser of results.filter((r) => r.status === 409)) expect(loser.body).toMatchObject({ success: false, code: 'CONFLICT' });
    expect(await occupied(service)).toMatchObject({ occupied_slots: ['10:00-11:00'], total_occupied: 1 });
    const winner = results.find((r) => r.status === 201)!;
    const winnerList = await listOf(winner.body.reservation.email);
    expect(winnerList.body.bookings.map((b: any) => b._id)).toContain(winner.body.booking_id);
  });

  it('different slots booked in parallel all succeed', async () => {
    const service = freshService('parallel');
    const slots = Array.from({ length: 12 }, (_, i) => `${String(8 + i).padStart(2, '0')}:00-${String(9 + i).padStart(2, '0')}:00`);
    const results = await Promise.all(slots.map((timeSlot) => create({ service_name: service, timeSlot })));
    expect(results.map((r) => r.status)).toEqual(slots.map(() => 201));
    expect(await occupied(service)).toMatchObject({ occupied_slots: slots, total_occupied: 12 });
  });

  it('the same slot of another service or another date is another slot', async () => {
    const service = freshService('independent');
    expect((await create({ service_name: service, timeSlot: '10:00-11:00' })).status).toBe(201);
    expect((await create({ service_name: `${service}-b`, timeSlot: '10:00-11:00' })).status).toBe(201);
    expect((await create({ service_name: service, timeSlot: '10:00-11:00', date: '2030-03-16' })).status).toBe(201);
    expect((await create({ service_name: service, timeSlot: '10:00-11:00' })).status).toBe(409);
  });

  it('cancel then rebook the same slot: 201', async () => {
    const service = freshService('rebook');
    const first = await create({ service_name: service, timeSlot: '10:00-11:00', email: 'first@example.com' });
    expect(first.status).toBe(201);
    expect((await cancel({ booking_id: first.body.booking_id, email: 'first@example.com' })).status).toBe(200);
    expect(await occupied(service)).toMatchObject({ occupied_slots: [], total_occupied: 0 });
    const second = await create({ service_name: service, timeSlot: '10:00-11:00', email: 'second@example.com' });
    expect(second.status).toBe(201);
    expect(second.body.booking_id).not.toBe(first.body.booking_id);
    expect(await occupied(service)).toMatchObject({ occupied_slots: ['10:00-11:00'], total_occupied: 1 });
    expect((await create({ service_name: service, timeSlot: '10:00-11:00', email: 'third@example.com' })).status).toBe(409);
  });

  it('cancel with the wrong email: 403, and the booking is untouched', async () => {
    const service = freshService('wrong-email');
    const owner = 'owner@example.com';
    const made = await create({ service_name: service, timeSlot: '10:00-11:00', email: owner });
    const before = (await listOf(owner)).body.bookings.find((b: any) => b._id === made.body.booking_id);
    const res = await cancel({ booking_id: made.body.booking_id, email: 'intruder@example.com' });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ success: false, code: 'FORBIDDEN', field: 'email' });
    const after = (await listOf(owner)).body.bookings.find((b: any) => b._id === made.body.booking_id);
    expect(after).toEqual(before);
    expect(after).toMatchObject({ status: 'confirmed', cancelled_at: null });
    expect(await occupied(service)).toMatchObject({ occupied_slots: ['10:00-11:00'] });
  });

  it('cancel compares emails case-insensitively and sets cancelled_at and updated_at', async () => {
    const service = freshService('cancel');
    const made = await create({ service_name: service, timeSlot: '10:00-11:00', email: 'mixed@example.com' });
    const res = await cancel({ booking_id: made.body.booking_id, email: 'MIXED@Example.com' });
    expect(res.status).toBe(200);
    const stored = (await listOf('mixed@example.com')).body.bookings.find((b: any) => b._id === made.body.booking_id);
    expect(stored.status).toBe('cancelled');
    expect(stored.cancelled_at).toBe(res.body.cancelled_at);
    expect(stored.updated_at).toBe(stored.cancelled_at);
    expect(Date.parse(stored.cancelled_at)).toBeGreaterThanOrEqual(Date.parse(stored.created_at));
    expect(stored.created_at).toBe(made.body.reservation.created_at);
  });

  it('cancel twice: 400 "already cancelled"; an unknown id: 404', async () => {
    const made = await create({ service_name: freshService('twice'), timeSlot: '10:00-11:00' });
    expect((await cancel({ booking_id: made.body.booking_id, email: 'test@example.com' })).status).toBe(200);
    const again = await cancel({ booking_id: made.body.booking_id, email: 'test@example.com' });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ success: false, error: 'Réservation déjà annulée' });
    const unknown = await cancel({ booking_id: 'ffffffffffffffffffffffff', email: 'test@example.com' });
    expect(unknown.status).toBe(404);
  });

  it('10 concurrent cancels of one booking: exactly one succeeds', async () => {
    const made = await create({ service_name: freshService('cancel-race'), timeSlot: '10:00-11:00' });
    const results = await Promise.all(Array.from({ length: 10 }, () => cancel({ booking_id: made.body.booking_id, email: 'test@example.com' })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 400)).toHaveLength(9);
  });

  it("lists an email's bookings newest first, page by page, with the total", async () => {
    const email = 'pager@example.com';
    const service = freshService('pager');
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await create({ service_name: service, timeSlot: `1${i}:00-1${i}:30`, email })).body.booking_id);
    await create({ service_name: service, timeSlot: '18:00-19:00', email: 'someone-else@example.com' });

    const all = await listOf(email);
    expect(all.body).toMatchObject({ success: true, total: 5, next_cursor: null });
    expect(all.body.bookings.map((b: any) => b._id)).toEqual([...made].reverse());

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await listOf(email, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.total).toBe(5);
      expect(page.body.bookings.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.bookings.map((b: any) => b._id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());
  });

  it('an unknown email has no bookings', async () => {
    expect((await listOf('nobody@example.com')).body).toEqual({ success: true, bookings: [], total: 0, next_cursor: null });
  });

  it("a signed-in user's email comes from the token", async () => {
    const { token, user } = await h.api.register();
    const service = freshService('jwt');
    const withoutEmail = reservation({ date: '2030-03-15', service_name: service, timeSlot: '10:00-11:00' });
    delete withoutEmail.email;
    const made = await h.api.post('/api/bookings/create-reservation', withoutEmail, token);
    expect(made.status).toBe(201);
    expect(made.body.reservation.email).toBe(user.email);
    const other = await create({ service_name: service, timeSlot: '11:00-12:00', email: 'someone@example.com' }, token);
    expect(other.status).toBe(201);
    expect(other.body.reservation.email).toBe(user.email);
    // Cancel: the token's email must be the booking's; the body cannot claim another.
    const anonymous = await create({ service_name: service, timeSlot: '12:00-13:00', email: 'victim@example.com' });
    const refused = await cancel({ booking_id: anonymous.body.booking_id, email: 'victim@example.com' }, token);
    expect(refused.status).toBe(403);
    expect((await cancel({ booking_id: made.body.booking_id }, token)).status).toBe(200);
  });

  it('the user listing needs a sign-in as that email: 401 anonymous, 403 for another email', async () => {
    const { token, user } = await h.api.register();
    await create({ service_name: freshService('privacy'), timeSlot: '10:00-11:00' }, token);
    const anonymous = await listOf(user.email, '', '');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ success: false, code: 'UNAUTHENTICATED' });
    expect(anonymous.body.bookings).toBeUndefined();
    const own = await listOf(user.email, '', token);
    expect(own.status).toBe(200);
    expect(own.body.total).toBe(1);
    const others = await listOf('test@example.com', '', token);
    expect(others.status).toBe(403);
    expect(others.body).toMatchObject({ success: false, code: 'FORBIDDEN', field: 'email' });
    const badToken = await listOf(user.email, '', 'not-a-token');
    expect(badToken.status).toBe(401);
    expect(badToken.body.success).toBe(false);
  });

  it('an administrator may cancel any booking and list any email', async () => {
    const admin = await h.api.register();
    const client = new pg.Client({ connectionString: infra.databaseUrl });
    await client.connect();
    await client.query(`UPDATE "${schemaFor('gateway', h.namespace)}".users SET role = 'admin' WHERE id = $1`, [admin.user.id]);
    await client.end();
    const { body: session } = await h.api.post('/api/auth/login', { email: admin.user.email, password: 'password-123' });
    const made = await create({ service_name: freshService('admin'), timeSlot: '10:00-11:00', email: 'customer@example.com' });
    expect((await listOf('customer@example.com', '', session.token)).status).toBe(200);
    const res = await cancel({ booking_id: made.body.booking_id }, session.token);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
  });

  it('an Idempotency-Key replay returns the first booking; the key with another body is refused', async () => {
    const service = freshService('idempotent');
    const key = `key-${service}`;
    const body = { service_name: service, timeSlot: '10:00-11:00', email: 'retry@example.com' };
    const replays = await Promise.all(Array.from({ length: 5 }, () => create(body, undefined, { 'idempotency-key': key })));
    expect(replays.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(replays.map((r) => r.body.booking_id)).size).toBe(1);
    expect((await listOf('retry@example.com')).body.total).toBe(1);
    const reused = await create({ ...body, timeSlot: '11:00-12:00' }, undefined, { 'idempotency-key': key });
    expect(reused.status).toBe(409);
    expect(reused.body).toMatchObject({ success: false, code: 'IDEMPOTENCY_KEY_REUSED' });
    // Without a key, the same request is a second booking of a taken slot.
    expect((await create(body)).status).toBe(409);
  });
});
