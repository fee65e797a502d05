import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { infra, schemaFor } from '@platform/testkit';
import { adminSession } from '@platform/testkit/admin';
import { connectTestNats } from '@platform/testkit/nats';
import { dropNamespaceKeys } from '@platform/testkit/redis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD_HASH_COSTS, PasswordHasher } from '../src/domain/password.js';
import { type GatewayHarness, startTestGateway } from './harness.js';

/** Runs `work` for each item, `concurrency` at a time; results in order. */
async function inParallel<T, R>(items: T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]!);
      }
    }),
  );
  return results;
}

/**
 * Every request of this file comes from one address (127.0.0.1), as fans
 * behind a carrier NAT do. The gateway runs its real default limits, with the
 * contracts' route limits doubled (RATE_LIMIT_ROUTE_FACTOR=2) so the
 * failed-login limit (10 per account) answers before login's own 20 per email.
 */
describe('limits keyed on the account, from one address', () => {
  let h: GatewayHarness;
  let nc: NatsConnection;
  const PASSWORD = 'password-123';

  beforeAll(async () => {
    h = await startTestGateway({ RATE_LIMIT_MAX: '600', RATE_LIMIT_ROUTE_FACTOR: '2', PASSWORD_HASH_MAX_WAIT_MS: '20000' });
    // Stand-ins for the tickets service: the gateway's limits are under test, not the sale.
    nc = await connectTestNats();
    for (const operation of ['purchase', 'checkIn']) {
      nc.subscribe(`${h.namespace}.svc.tickets.${operation}`, {
        callback: (_error, msg) => {
          msg.respond(JSON.stringify({ ok: true, data: { accepted: true } }));
        },
      });
    }
    await nc.flush();
  }, 120_000);
  afterAll(async () => {
    await nc?.close();
    await h?.close();
    await dropNamespaceKeys(h.namespace);
  });

  /** Fans created straight in the gateway's table (one hash for all), so the test spends its CPU on the logins. */
  async function seedFans(count: number, prefix: string): Promise<string[]> {
    const passwordHash = await new PasswordHasher(PASSWORD_HASH_COSTS[h.config.PASSWORD_HASH_COST]).hash(PASSWORD);
    const emails = Array.from({ length: count }, (_, i) => `${prefix}-${i}-${randomUUID().slice(0, 8)}@example.com`);
    const client = new pg.Client({ connectionString: infra.databaseUrl });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO "${schemaFor('gateway', h.namespace)}".users (id, email, name, club_id, password_hash, role)
         SELECT gen_random_uuid(), email, 'Fan', 'psg', $2, 'user' FROM unnest($1::text[]) AS email`,
        [emails, passwordHash],
      );
    } finally {
      await client.end();
    }
    return emails;
  }

  const accessToken = (id: string, role: 'user' | 'staff') => h.gateway.http.jwt.sign({ sub: id, role, email: `${id}@example.com`, typ: 'access' });

  it('lets 200 distinct fans log in from one address within a minute, refusing none', async () => {
    const emails = await seedFans(200, 'fan');
    const limited: number[] = [];
    // A fan's app does what the 503 says: on a loaded machine the hashing queue sheds, and the fan retries after Retry-After.
    const statuses = await inParallel(emails, 4, async (email) => {
      for (let attempt = 0; ; attempt++) {
        const res = await h.api.post('/api/auth/login', { email, password: PASSWORD });
        if (res.status === 429) limited.push(res.status);
        // 504: a login that waited out its deadline for a hash slot on a machine busy with other suites; a fan's app retries it too.
        if ((res.status !== 503 && res.status !== 504) || attempt === 40) return res.status;
        await new Promise((resolve) => setTimeout(resolve, Math.max(500, Number(res.headers.get('retry-after') ?? 0) * 1000)));
      }
    });
    expect(limited).toEqual([]);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  }, 300_000);

  it('limits an account after 10 wrong passwords (429 with Retry-After), while another account on the same address logs in', async () => {
    const [target, neighbour] = await seedFans(2, 'guess');
    const attempts: Array<{ status: number; body: any; retryAfter: string | null }> = [];
    for (let i = 0; i < 15; i++) {
      const res = await h.api.post('/api/auth/login', { email: target, password: `wrong-${i}` });
      attempts.push({ status: res.status, body: res.body, retryAfter: res.headers.get('retry-after') });
    }
    expect(attempts.map((a) => a.status)).toEqual([...Array(10).fill(401), ...Array(5).fill(429)]);
    for (const limited of attempts.slice(10)) {
      expect(limited.body.error).toMatchObject({ code: 'RATE_LIMITED' });
      expect(limited.body.error.message).toMatch(/^Too many requests for this account: too many wrong passwords: at most 10 per 15 minutes; retry in \d+ s$/);
      expect(Number(limited.retryAfter)).toBeGreaterThan(0);
      expect(limited.body.error.retryAfter).toBe(Number(limited.retryAfter));
    }
    // The right password does not open a limited account before its window ends...
    expect((await h.api.post('/api/auth/login', { email: target, password: PASSWORD })).status).toBe(429);
    // ...and the fan next to the guesser is not affected.
    expect((await h.api.post('/api/auth/login', { email: neighbour, password: PASSWORD })).status).toBe(200);
  }, 120_000);

  it('lets a purchase wave from one address through, and limits only the fan who loops', async () => {
    const fans = Array.from({ length: 100 }, () => randomUUID());
    const wave = await inParallel(fans, 20, async (id) => {
      const res = await h.api.post('/api/tickets/purchase', { eventId: '1', category: 'standard' }, accessToken(id, 'user'), { 'idempotency-key': id });
      return res.status;
    });
    expect(wave.filter((status) => status !== 201)).toEqual([]);

    // One fan, 30 attempts at once: at most 10 a second (5 x the route factor 2) get through.
    const looper = accessToken(randomUUID(), 'user');
    const burst = await Promise.all(
      Array.from({ length: 30 }, (_, i) => h.api.post('/api/tickets/purchase', { eventId: '1', category: 'standard' }, looper, { 'idempotency-key': `k${i}` })),
    );
    const refused = burst.filter((res) => res.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(10);
    expect(refused[0]!.body.error.message).toMatch(
      /^Too many requests for this account on POST \/api\/tickets\/purchase: at most 10 per 1 second; retry in 1 s$/,
    );
    // Another fan on the same address buys at once.
    expect((await h.api.post('/api/tickets/purchase', { eventId: '1', category: 'standard' }, accessToken(randomUUID(), 'user'))).status).toBe(201);
  }, 120_000);

  it('lets a gate device (a staff account, promoted by an admin) scan 700 tickets from one address', async () => {
    const admin = await adminSession(h.api, h.namespace);
    const gate = await h.api.register({ password: PASSWORD });
    const promoted = await h.api.request('PUT', `/api/admin/users/${gate.user.id}/role`, { body: { role: 'staff' }, token: admin.token });
    expect(promoted.status).toBe(200);
    expect(promoted.body.role).toBe('staff');
    // The role rides in the next access token.
    const { body: session } = await h.api.post('/api/auth/login', { email: gate.user.email, password: PASSWORD });
    expect(session.user.role).toBe('staff');

    const scans = await inParallel(
      Array.from({ length: 700 }, (_, i) => i),
      25,
      async (i) => (await h.api.post('/api/tickets/check-in', { token: `ticket-${i}`, nonce: `gate-1-scan-${i}` }, session.token)).status,
    );
    expect(scans.filter((status) => status !== 200)).toEqual([]);

    // A fan's account has the fan-sized check-in limit (60 a minute x 2), not the gate's.
    const fan = accessToken(randomUUID(), 'user');
    const fanScans = await inParallel(
      Array.from({ length: 130 }, (_, i) => i),
      10,
      async (i) => (await h.api.post('/api/tickets/check-in', { token: `t-${i}`, nonce: `fan-scan-${i}` }, fan)).status,
    );
    expect(fanScans.filter((status) => status === 429).length).toBe(10);
  }, 180_000);

  it('refuses an unknown account role and a missing account', async () => {
    const admin = await adminSession(h.api, h.namespace);
    const bad = await h.api.request('PUT', `/api/admin/users/${admin.id}/role`, { body: { role: 'gatekeeper' }, token: admin.token });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('role');
    const missing = await h.api.request('PUT', `/api/admin/users/${randomUUID()}/role`, { body: { role: 'staff' }, token: admin.token });
    expect(missing.status).toBe(404);
  }, 60_000);
});
