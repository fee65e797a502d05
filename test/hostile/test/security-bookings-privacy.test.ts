import { uniqueNamespace } from '@platform/testkit';
import { PLATFORM_START_TIMEOUT_MS } from '@platform/testkit/commerce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HostileAnswer, jsonRequest, sendHostile } from '../src/hostile-http.js';
import { type HostilePlatform, type Session, startHostilePlatform } from '../src/hostile-platform.js';

const ANSWER_WITHIN_MS = 30_000;

/** A day inside the bookings' 30-day window, as YYYY-MM-DD. */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** The id with `delta` added to its last three bytes: where a driver ObjectId's counter puts the next booking. */
function neighbour(id: string, delta: number): string {
  const counter = (Number.parseInt(id.slice(18), 16) + delta + 0x1000000) % 0x1000000;
  return id.slice(0, 18) + counter.toString(16).padStart(6, '0');
}

const commonPrefix = (a: string, b: string) => {
  let n = 0;
  while (n < a.length && a[n] === b[n]) n++;
  return n;
};

/**
 * Issue 15 §3: knowing an email is not proof. The seed listed anyone's
 * bookings, ids included, to anyone who typed the email, and its cancel body
 * {booking_id, email} then cancelled them; consecutive ObjectIds made the next
 * booking's id a guess away. Each attack here must fail, and Alice's booking
 * must stay confirmed.
 */
describe('bookings: knowing an email is not proof', () => {
  let hostile: HostilePlatform;
  let alice: Session;
  let bob: Session;
  const guestEmail = 'guest-victim@example.com';
  const guestIds: string[] = [];
  let alicesBookingId: string;

  const call = (token: string | undefined, method: string, path: string, body?: unknown): Promise<HostileAnswer> =>
    sendHostile(hostile.platform.api.baseUrl, jsonRequest(method, path, { token, body }), ANSWER_WITHIN_MS);
  const listing = (email: string) => `/api/bookings/user/${encodeURIComponent(email)}`;
  const book = async (token: string | undefined, timeSlot: string, email?: string) => {
    const made = await call(token, 'POST', '/api/bookings/create-reservation', {
      date: inDays(3),
      timeSlot,
      prestation: 'coupe_homme',
      service_name: 'Coiffure',
      ...(email ? { email } : {}),
    });
    if (made.status !== 201) throw new Error(`set-up: booking answered ${made.status} ${made.text.slice(0, 300)}`);
    return (made.json as { booking_id: string }).booking_id;
  };
  const statusOf = async (owner: Session, id: string) => {
    const mine = await call(owner.token, 'GET', listing(owner.user.email));
    return (mine.json as { bookings: Array<{ _id: string; status: string }> }).bookings.find((b) => b._id === id)?.status;
  };

  beforeAll(async () => {
    hostile = await startHostilePlatform(uniqueNamespace('bkpriv'), { only: ['gateway', 'bookings'] });
    [alice, bob] = await Promise.all([hostile.newUser(), hostile.newUser()]);
    alicesBookingId = await book(alice.token, '09:00-10:00');
    // Ten guest bookings made back to back, as the seed's app makes them (no account).
    for (let hour = 10; hour < 20; hour++) guestIds.push(await book(undefined, `${hour}:00-${hour}:30`, guestEmail));
  }, PLATFORM_START_TIMEOUT_MS);
  afterAll(async () => hostile?.platform.stop());

  it("lists nobody's bookings to an anonymous caller, whatever the email's spelling", async () => {
    for (const email of [alice.user.email, alice.user.email.toUpperCase(), ` ${alice.user.email} `, guestEmail]) {
      const answer = await call(undefined, 'GET', listing(email));
      expect(answer.status, email).toBe(401);
      expect(answer.json, email).toMatchObject({ success: false, code: 'UNAUTHENTICATED' });
      expect(answer.text, email).not.toContain(alicesBookingId);
      for (const id of guestIds) expect(answer.text, email).not.toContain(id);
    }
  });

  it("refuses Bob Alice's list and a guest's list, and a forged or foreign token", async () => {
    for (const email of [alice.user.email, alice.user.email.toUpperCase(), guestEmail]) {
      const answer = await call(bob.token, 'GET', listing(email));
      expect(answer.status, email).toBe(403);
      expect(answer.json, email).toMatchObject({ success: false, code: 'FORBIDDEN', field: 'email' });
      expect(answer.text, email).not.toContain(alicesBookingId);
    }
    const forged = `${bob.token.split('.').slice(0, 2).join('.')}.${'A'.repeat(43)}`;
    expect((await call(forged, 'GET', listing(alice.user.email))).status).toBe(401);
    // Alice herself, in any spelling of her own email, sees hers.
    const own = await call(alice.token, 'GET', listing(alice.user.email.toUpperCase()));
    expect(own.status).toBe(200);
    expect(own.json).toMatchObject({ bookings: [{ _id: alicesBookingId }] });
  });

  it('makes booking ids that share nothing with the one made just before', async () => {
    for (let i = 1; i < guestIds.length; i++) {
      expect(guestIds[i]).toMatch(/^[0-9a-f]{24}$/);
      // Consecutive driver ObjectIds share 18 of 24 hex digits (time and process); these share what chance gives.
      expect(commonPrefix(guestIds[i - 1], guestIds[i]), `${guestIds[i - 1]} then ${guestIds[i]}`).toBeLessThan(6);
      expect(guestIds[i].slice(8, 18)).not.toBe(guestIds[i - 1].slice(8, 18));
    }
  });

  it("cannot cancel a guest's booking by guessing its id from a booking of one's own", async () => {
    // The attacker books right after the victim and walks the counter around their own id.
    const attackerId = await book(undefined, '20:00-20:30', 'attacker@example.com');
    const guesses = [-3, -2, -1, 1, 2, 3].map((delta) => neighbour(attackerId, delta));
    for (const guess of guesses) {
      const answer = await call(undefined, 'POST', '/api/bookings/cancel', { booking_id: guess, email: guestEmail });
      // 404 (no such booking) or 429 once the route's limit kicks in: never a cancel.
      expect([404, 429], guess).toContain(answer.status);
      expect(answer.json, guess).toMatchObject({ success: false });
    }
    const admin = await hostile.newAdmin();
    const list = await call(admin.token, 'GET', listing(guestEmail));
    expect((list.json as { bookings: Array<{ status: string }> }).bookings.map((b) => b.status)).toEqual(guestIds.map(() => 'confirmed'));
  });

  it("keeps Alice's booking hers: the cancel body with her email but a neighbouring id, and Bob's own token, both fail", async () => {
    const near = neighbour(alicesBookingId, 1);
    const guessed = await call(undefined, 'POST', '/api/bookings/cancel', { booking_id: near, email: alice.user.email });
    expect([404, 429]).toContain(guessed.status);
    const bobs = await call(bob.token, 'POST', '/api/bookings/cancel', { booking_id: alicesBookingId, email: alice.user.email });
    expect([403, 429]).toContain(bobs.status);
    expect(await statusOf(alice, alicesBookingId)).toBe('confirmed');
  });
});
