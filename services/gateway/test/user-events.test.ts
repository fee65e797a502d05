import { auth } from '@platform/contracts';
import { ensureEventStream, EventPublisher, migrate, outboxMigrations } from '@platform/service-kit';
import { infra, schemaFor, uniqueNamespace, waitFor } from '@platform/testkit';
import { connectTestNats, deleteEventStream, streamEvents } from '@platform/testkit/nats';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayMigrations } from '../src/schema.js';
import { createPrisma } from '../src/store/prisma.js';
import { announceEveryUser } from '../src/store/user-announcements.js';
import { UserStore } from '../src/store/users.js';
import { type GatewayHarness, startTestGateway } from './harness.js';

describe('user events from the gateway (docs/decisions/0975)', () => {
  let h: GatewayHarness;
  let sql: pg.Pool;
  beforeAll(async () => {
    h = await startTestGateway();
    sql = new pg.Pool({ connectionString: infra.databaseUrl, max: 2 });
  });
  afterAll(async () => {
    await sql?.end();
    await h?.close();
  });

  it('has a sign-up in the stream right after its 201, once, although the outbox relay publishes it too', async () => {
    const created = await h.api.post('/api/auth/register', { email: 'Grace@Example.com', password: 'password-123', name: 'Grace', clubId: 'om' });
    expect(created.status).toBe(201);
    // Read at once after the answer: no wait for the relay.
    const atOnce = await streamEvents(h.gateway.nc, h.namespace, auth.userRegistered.subject);
    expect(atOnce).toHaveLength(1);
    expect(atOnce[0]).toMatchObject({
      subject: auth.userRegistered.subject,
      v: 1,
      data: { userId: created.body.user.id, email: 'grace@example.com', name: 'Grace', clubId: 'om' },
    });
    expect(auth.userRegistered.payload.safeParse(atOnce[0].data).success).toBe(true);

    // The relay marks the row published (its copy dropped by the Nats-Msg-Id): still one message.
    await waitFor(async () => {
      const { rows } = await sql.query(`SELECT published_at FROM "${schemaFor('gateway', h.namespace)}".outbox`);
      return rows.length === 1 && rows[0].published_at !== null;
    });
    const events = await streamEvents(h.gateway.nc, h.namespace, auth.userRegistered.subject);
    expect(events.filter((e: any) => e.data.userId === created.body.user.id)).toHaveLength(1);
  });
});

describe('backfill of accounts older than the user events', () => {
  const schema = `gateway_${uniqueNamespace('gwbf')}`;
  let pool: pg.Pool;
  beforeAll(() => {
    pool = new pg.Pool({ connectionString: infra.databaseUrl, max: 2 });
  });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  it('writes one user.registered per existing account, once', async () => {
    // The gateway as it was: its own tables, no outbox yet, two accounts.
    const before = gatewayMigrations().filter((m) => !outboxMigrations.includes(m) && m.name < '0003');
    await migrate(pool, schema, before);
    await pool.query(
      `INSERT INTO "${schema}".users (id, email, name, club_id, password_hash, updated_at) VALUES
         ('11111111-1111-4111-8111-111111111111', 'ada@example.com', 'Ada', 'psg', 'x', '2026-01-01T10:00:00.123Z'),
         ('22222222-2222-4222-8222-222222222222', 'bob@example.com', 'Bob', NULL, 'x', '2026-01-02T10:00:00Z')`,
    );
    expect(await migrate(pool, schema, gatewayMigrations())).toEqual(['0000_kit_outbox', '0001_kit_outbox_notify_when_idle', '0003_user_events_backfill']);
    expect(await migrate(pool, schema, gatewayMigrations())).toEqual([]);

    const { rows } = await pool.query(`SELECT id, subject, envelope FROM "${schema}".outbox ORDER BY seq`);
    expect(rows.map((r) => r.subject)).toEqual([auth.userRegistered.subject, auth.userRegistered.subject]);
    for (const row of rows) {
      expect(row.envelope).toMatchObject({ id: row.id, subject: auth.userRegistered.subject, v: 1 });
      expect(auth.userRegistered.payload.parse(row.envelope.data)).toEqual(row.envelope.data);
    }
    expect(rows.map((r) => r.envelope.data)).toEqual([
      { userId: '11111111-1111-4111-8111-111111111111', email: 'ada@example.com', name: 'Ada', clubId: 'psg', updatedAt: '2026-01-01T10:00:00.123Z' },
      { userId: '22222222-2222-4222-8222-222222222222', email: 'bob@example.com', name: 'Bob', clubId: null, updatedAt: '2026-01-02T10:00:00.000Z' },
    ]);

    // The replay for a read model created after the stream dropped these: the same facts, as user.updated.
    expect(await announceEveryUser(pool, schema)).toBe(2);
    const replayed = await pool.query(`SELECT id, envelope FROM "${schema}".outbox WHERE subject = $1 ORDER BY seq`, [auth.userUpdated.subject]);
    expect(replayed.rows.map((r) => r.envelope.data)).toEqual(rows.map((r) => r.envelope.data));
    for (const row of replayed.rows) expect(row.envelope).toMatchObject({ id: row.id, subject: auth.userUpdated.subject, v: 1 });
  });
});

describe('UserStore: the account and its event commit together; the event is published before create() returns', () => {
  const namespace = uniqueNamespace('gwus');
  const schema = schemaFor('gateway', namespace);
  let pool: pg.Pool;

  beforeAll(() => {
    pool = new pg.Pool({ connectionString: infra.databaseUrl, max: 2 });
  });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  it('publishes without any relay running, and leaves the row for the relay; a refused duplicate writes no event', async () => {
    await migrate(pool, schema, gatewayMigrations());
    const nc = await connectTestNats();
    const db = createPrisma({ url: infra.databaseUrl, schema, poolSize: 2 });
    try {
      await ensureEventStream(nc, namespace);
      const publisher = new EventPublisher(nc, namespace);
      const users = new UserStore(db, schema, async (envelope) => void (await publisher.publishEnvelope(envelope)));
      const created = await users.create({ email: 'lin@example.com', name: 'Lin', clubId: 'om', passwordHash: 'x' });
      // No relay in this test: only the store's own publish can have put it there.
      const published = await streamEvents<any>(nc, namespace, auth.userRegistered.subject);
      expect(published.map((e) => e.data)).toEqual([
        { userId: created.id, email: 'lin@example.com', name: 'Lin', clubId: 'om', updatedAt: created.updatedAt.toISOString() },
      ]);
      const { rows } = await pool.query(`SELECT id, published_at FROM "${schema}".outbox`);
      expect(rows).toEqual([{ id: published[0].id, published_at: null }]);

      await expect(users.create({ email: 'lin@example.com', name: 'Lin 2', clubId: null, passwordHash: 'x' })).rejects.toMatchObject({ code: 'CONFLICT' });
      expect((await pool.query(`SELECT count(*)::int AS n FROM "${schema}".outbox`)).rows[0].n).toBe(1);

      await users.upsert({ email: 'lin@example.com', name: 'Lin Renamed', clubId: 'om', passwordHash: 'y', role: 'user' });
      const updates = await streamEvents<any>(nc, namespace, auth.userUpdated.subject);
      expect(updates.map((e) => [e.data.userId, e.data.name])).toEqual([[created.id, 'Lin Renamed']]);
      expect(updates[0].data.updatedAt > created.updatedAt.toISOString()).toBe(true);
    } finally {
      await db.$disconnect();
      await deleteEventStream(nc, namespace);
      await nc.close();
    }
  });
});
