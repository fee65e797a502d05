import { createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import { serviceStatsSubject } from '@platform/contracts';
import { waitFor } from '@platform/testkit';
import { decodeQrPng, fetchBytes } from '@platform/testkit/qr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
 * What a scanner does offline, written independently of the service's code:
 * split the token, verify the Ed25519 signature over the first part with the
 * published key its kid names, then read the claims.
 */
function verifyOffline(token: string, keys: Array<{ kid: string; publicKeyPem: string; x: string }>): Record<string, any> | undefined {
  const [body, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  const published = keys.find((k) => k.kid === claims.kid);
  if (!published) return undefined;
  const fromPem = createPublicKey(published.publicKeyPem);
  const fromJwk = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: published.x }, format: 'jwk' });
  const check = (key: KeyObject) => verify(null, Buffer.from(body, 'ascii'), key, Buffer.from(signature, 'base64url'));
  const ok = check(fromPem);
  expect(check(fromJwk)).toBe(ok);
  return ok ? claims : undefined;
}

const reencode = (claims: object) => Buffer.from(JSON.stringify(claims)).toString('base64url');

describe('QR codes and gate check-in', { timeout: INFRA_TEST_TIMEOUT_MS }, () => {
  let h: TicketsHarness;
  let event: any;
  let staff: Shopper;
  let nonces = 0;
  const nonce = () => `scan-${Date.now()}-${++nonces}`;

  beforeAll(async () => {
    h = await startTicketsHarness();
    event = await h.createEvent();
    staff = await h.newStaff('staff');
  }, HARNESS_START_TIMEOUT_MS);
  afterAll(async () => h?.close());

  async function buyTicket(fan?: Shopper, eventId = event.id) {
    const holder = fan ?? (await h.newUser('100.00'));
    const res = await h.api.post('/api/tickets/purchase', { eventId, category: 'standard' }, holder.token);
    if (res.status !== 201) throw new Error(`purchase failed: ${res.status} ${JSON.stringify(res.body)}`);
    const qr = await h.api.get(`/api/tickets/${res.body.id}/qr`, holder.token);
    return { fan: holder, ticket: res.body, token: qr.body.token as string };
  }

  const scan = (token: string, options: { nonce?: string; eventId?: string; as?: Shopper } = {}) =>
    h.api.post(
      '/api/tickets/check-in',
      { token, nonce: options.nonce ?? nonce(), ...(options.eventId ? { eventId: options.eventId } : {}) },
      (options.as ?? staff).token,
    );

  it('serves the QR as a PNG that decodes to a token verifying with the published public key; a tampered token does not', async () => {
    const { fan, ticket } = await buyTicket();
    const png = await fetchBytes(`${h.api.baseUrl}/api/tickets/${ticket.id}/qr`, { token: fan.token, accept: 'image/png' });
    expect(png.status).toBe(200);
    expect(png.contentType).toBe('image/png');
    expect(png.body.subarray(1, 4).toString('ascii')).toBe('PNG');
    const token = decodeQrPng(png.body);

    const keys = (await h.api.get('/api/tickets/keys')).body.keys;
    expect(keys).toEqual([
      expect.objectContaining({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', status: 'active', kid: expect.stringMatching(/^[0-9a-f]{16}$/) }),
    ]);
    const claims = verifyOffline(token, keys);
    expect(claims).toEqual({
      v: 1,
      kid: keys[0].kid,
      tid: ticket.id,
      evt: event.id,
      cat: 'standard',
      sub: fan.user.id,
      nbf: Math.floor(Date.parse(ticket.validFrom) / 1000),
      exp: Math.floor(Date.parse(event.endsAt) / 1000),
    });

    // The JSON answer carries the same token, a data URL of the same QR code, and the ticket.
    const json = await h.api.get(`/api/tickets/${ticket.id}/qr`, fan.token);
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ ticketId: ticket.id, token, ticket: { id: ticket.id, status: 'valid' } });
    expect(json.body.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(decodeQrPng(json.body.qrDataUrl)).toBe(token);
    // The second fetch is served from the QR cache: the very same code.
    expect(Buffer.from(json.body.qrPng, 'base64').equals(png.body)).toBe(true);

    const [body, signature] = token.split('.');
    const upgraded = `${reencode({ ...claims, cat: 'vip' })}.${signature}`;
    const forger = generateKeyPairSync('ed25519').privateKey;
    const forgedBody = reencode({ ...claims, sub: 'someone-else' });
    const forged = `${forgedBody}.${sign(null, Buffer.from(forgedBody, 'ascii'), forger).toString('base64url')}`;
    const flipped = `${body}.${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
    for (const tampered of [upgraded, forged, flipped]) {
      expect(verifyOffline(tampered, keys)).toBeUndefined();
      const res = await scan(tampered);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ accepted: false, reason: 'invalid_signature', ticket: null });
    }
    expect((await scan('not-a-ticket-token')).body).toMatchObject({ accepted: false, reason: 'invalid_token' });
    // None of that redeemed the real ticket.
    expect((await scan(token)).body).toMatchObject({ accepted: true, reason: null, ticket: { id: ticket.id, holderId: fan.user.id, status: 'redeemed' } });
  });

  it("answers 404 for another user's ticket QR, and 400 naming the field for a malformed id", async () => {
    const { ticket } = await buyTicket();
    const stranger = await h.newUser();
    const other = await h.api.get(`/api/tickets/${ticket.id}/qr`, stranger.token);
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('NOT_FOUND');
    expect((await fetchBytes(`${h.api.baseUrl}/api/tickets/${ticket.id}/qr`, { token: stranger.token, accept: 'image/png' })).status).toBe(404);
    expect((await h.api.get('/api/tickets/00000000-0000-4000-8000-00000000abcd/qr', stranger.token)).status).toBe(404);
    const malformed = await h.api.get('/api/tickets/12/qr', stranger.token);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.field).toBe('id');
    expect((await h.api.get(`/api/tickets/${ticket.id}/qr`)).status).toBe(401);
  });

  it('accepts the first scan and refuses a reuse with already_redeemed; the same nonce again is the same answer and counts once', async () => {
    const { ticket, token } = await buyTicket();
    const first = nonce();
    const accepted = await scan(token, { nonce: first, eventId: event.id });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ accepted: true, reason: null, nonce: first, ticket: { id: ticket.id, status: 'redeemed' } });

    const retried = await scan(token, { nonce: first, eventId: event.id });
    expect(retried.body).toEqual(accepted.body);

    const reuse = await scan(token, { eventId: event.id });
    expect(reuse.status).toBe(200);
    expect(reuse.body).toMatchObject({ accepted: false, reason: 'already_redeemed', ticket: { id: ticket.id, redeemedAt: accepted.body.ticket.redeemedAt } });

    const rows = await h.sql('SELECT accepted, count(*)::int AS n FROM check_ins WHERE ticket_id = $1 GROUP BY accepted ORDER BY accepted', [ticket.id]);
    expect(rows).toEqual([
      { accepted: false, n: 1 },
      { accepted: true, n: 1 },
    ]);
    const mine = await h.api.get('/api/tickets/my-tickets', (await h.newUser()).token);
    expect(mine.body.tickets).toEqual([]);

    const otherToken = (await buyTicket()).token;
    const nonceReused = await scan(otherToken, { nonce: first });
    expect(nonceReused.status).toBe(409);
    expect(nonceReused.body.error.field).toBe('nonce');
  });

  it('redeems a ticket once when scans race at several gates, and once per nonce when a scanner retries concurrently', async () => {
    const { token } = await buyTicket();
    const gates = await Promise.all(Array.from({ length: 8 }, () => scan(token)));
    expect(gates.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(gates.filter((r) => r.body.accepted)).toHaveLength(1);
    expect(gates.filter((r) => r.body.reason === 'already_redeemed')).toHaveLength(7);

    const second = await buyTicket();
    const same = nonce();
    const retries = await Promise.all(Array.from({ length: 6 }, () => scan(second.token, { nonce: same })));
    expect(retries.every((r) => r.status === 200 && r.body.accepted === true)).toBe(true);
    expect(new Set(retries.map((r) => JSON.stringify(r.body))).size).toBe(1);
    const [count] = await h.sql('SELECT count(*)::int AS n FROM check_ins WHERE ticket_id = $1', [second.ticket.id]);
    expect(count.n).toBe(1);
  });

  it('refuses a ticket for another event, and revoked or cancelled tickets (cancelled ones are refunded)', async () => {
    const { token: wrong } = await buyTicket();
    expect((await scan(wrong, { eventId: 'some-other-event' })).body).toMatchObject({ accepted: false, reason: 'wrong_event', ticket: null });

    const revoked = await buyTicket();
    expect((await h.api.post(`/api/tickets/admin/tickets/${revoked.ticket.id}/revoke`, { reason: 'resold' }, staff.token)).status).toBe(403);
    const revoke = await h.api.post(`/api/tickets/admin/tickets/${revoked.ticket.id}/revoke`, { reason: 'resold on the black market' }, h.admin.token);
    expect(revoke.status).toBe(200);
    expect(revoke.body).toMatchObject({ status: 'revoked', refunded: false });
    expect((await scan(revoked.token)).body).toMatchObject({ accepted: false, reason: 'revoked', ticket: { status: 'revoked' } });

    const cancelled = await buyTicket();
    const seatsBefore = await seatsLeft(h, event.id, 'standard');
    const cancel = await h.api.post(`/api/tickets/admin/tickets/${cancelled.ticket.id}/cancel`, { reason: 'customer request' }, h.admin.token);
    expect(cancel.status).toBe(200);
    expect(cancel.body).toMatchObject({ status: 'cancelled', refunded: true });
    expect(await h.platform.balanceMinor(cancelled.fan)).toBe(10_000);
    expect(await seatsLeft(h, event.id, 'standard')).toBe(seatsBefore + 1);
    expect((await scan(cancelled.token)).body).toMatchObject({ accepted: false, reason: 'cancelled', ticket: { status: 'cancelled' } });
    // Cancelling twice refunds once.
    expect((await h.api.post(`/api/tickets/admin/tickets/${cancelled.ticket.id}/cancel`, { reason: 'again' }, h.admin.token)).status).toBe(200);
    expect((await h.platform.purchases(cancelled.fan)).map((m) => m.type).sort()).toEqual(['payment', 'refund']);
  });

  it('cancels and refunds every ticket of a cancelled event; their scans are refused', async () => {
    const match = await h.createEvent();
    const bought = await Promise.all([buyTicket(undefined, match.id), buyTicket(undefined, match.id), buyTicket(undefined, match.id)]);
    const res = await h.api.post(`/api/tickets/admin/events/${match.id}/cancel`, { reason: 'pitch flooded' }, h.admin.token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ticketsCancelled: 3, event: { status: 'cancelled' } });
    for (const { fan, token } of bought) {
      await waitFor(async () => (await h.platform.balanceMinor(fan)) === 10_000, {
        timeoutMs: BACKGROUND_WORK_TIMEOUT_MS,
        what: 'the refund of a cancelled event ticket',
      });
      expect((await scan(token, { eventId: match.id })).body).toMatchObject({ accepted: false, reason: 'cancelled' });
      const [ticket] = (await h.api.get('/api/tickets/my-tickets', fan.token)).body.tickets;
      expect(ticket).toMatchObject({ status: 'cancelled', refunded: true });
    }
  });

  it('lets only staff and admins scan, and counts tickets sold and check-ins in the service stats', async () => {
    const { fan, token } = await buyTicket();
    expect((await scan(token, { as: fan })).status).toBe(403);
    expect((await h.api.post('/api/tickets/check-in', { token, nonce: nonce() })).status).toBe(401);
    const bad = await h.api.post('/api/tickets/check-in', { token, nonce: 'x' }, staff.token);
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('nonce');
    const admin = await scan(token, { as: { token: h.admin.token, user: { id: h.admin.id, email: h.admin.email, role: 'admin' } } });
    expect(admin.body.accepted).toBe(true);

    const reply = await h.platform.nc.request(`${h.namespace}.${serviceStatsSubject('tickets')}`, '', { timeout: 5_000 });
    const stats = reply.json<{ ok: boolean; data: Record<string, number> }>();
    const [sold] = await h.sql('SELECT count(*)::int AS n FROM tickets');
    const [checkIns] = await h.sql('SELECT count(*)::int AS n FROM check_ins WHERE accepted');
    expect(stats.data).toMatchObject({ ticketsSold: sold.n, checkIns: checkIns.n, purchasesUnsettled: 0 });
    expect(stats.data.checkIns).toBeGreaterThanOrEqual(5);
  });
});
