import { DEMO_USERS } from '@platform/contracts';
import { parseConfig } from '@platform/service-kit';
import { infra, schemaFor, serviceEnv, TestApi } from '@platform/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSocialService } from '../src/app.js';
import { socialEnvSchema } from '../src/config.js';
import { seedDemoData } from '../src/store/demo-data.js';
import { FeedStore } from '../src/store/feed.js';
import { MessagingStore } from '../src/store/messaging.js';
import { createPrisma } from '../src/store/prisma.js';
import { SocialGraph } from '../src/store/social-graph.js';
import { HARNESS_START_TIMEOUT_MS, type SocialHarness, startSocialHarness } from './harness.js';

describe('social as a service: standalone server, probes, seed', { timeout: 90_000 }, () => {
  let h: SocialHarness;
  let sql: pg.Pool;
  beforeAll(async () => {
    h = await startSocialHarness();
    sql = new pg.Pool({ connectionString: infra.databaseUrl, max: 2 });
  }, HARNESS_START_TIMEOUT_MS);
  afterAll(async () => {
    await sql?.end();
    await h?.close();
  });

  it('serves /health, /ready, /metrics and, with JWT_SECRET, its own routes', async () => {
    const url = await h.social.listen(0);
    const own = new TestApi(url);
    expect((await own.get('/health')).status).toBe(200);
    const ready = await own.get('/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toMatchObject({ postgres: { status: 'up' }, nats: { status: 'up' } });

    // A token from the gateway works on the standalone routes (same secret), and the answer matches the gateway's.
    const [ana, ben] = [await h.newUser(), await h.newUser()];
    const { message } = await h.send(ana, { recipientId: ben.user.id }, 'standalone');
    const direct = await own.get('/api/social/conversations', ben.token);
    expect(direct.status).toBe(200);
    expect(direct.body.conversations[0].lastMessage.id).toBe(message.id);
    expect((await own.get('/api/social/conversations')).status).toBe(401);
    expect((await own.get('/metrics')).body).toMatch(/operations_total\{[^}]*operation="social.sendMessage"/);
  });

  it('runs without JWT_SECRET: no standalone routes, the NATS operations still served', async () => {
    const { JWT_SECRET: _unused, ...env } = serviceEnv('social', h.namespace, { HTTP_PORT: '0', SOCIAL_ACTIVITY_FROM_TICKETS: 'false' });
    const config = parseConfig(socialEnvSchema, env);
    expect(config.JWT_SECRET).toBeUndefined();
    const second = await buildSocialService(config);
    try {
      const url = await second.listen(0);
      expect((await new TestApi(url).get('/api/social/feed')).status).toBe(404);
      // Two instances share the work through the queue group; every request still succeeds.
      const [ana, ben] = [await h.newUser(), await h.newUser()];
      const sends = await Promise.all(
        Array.from({ length: 6 }, (_, i) => h.api.post('/api/social/messages', { recipientId: ben.user.id, message: `n${i}` }, ana.token)),
      );
      expect(sends.map((r) => r.status)).toEqual(Array(6).fill(201));
    } finally {
      await second.stop();
    }
  });

  it('seeds the demo data once, however many times the seed runs', async () => {
    const schema = schemaFor('social', h.namespace);
    const pool = new pg.Pool({ connectionString: infra.databaseUrl, max: 2 });
    const db = createPrisma({ pool, schema });
    try {
      const stores = { messaging: new MessagingStore(pool, schema), feed: new FeedStore(pool, schema), graph: new SocialGraph(db) };
      await seedDemoData(stores);
      await seedDemoData(stores);
      const demoIds = DEMO_USERS.map((u) => u.id);
      const { rows } = await sql.query(
        `SELECT (SELECT count(*) FROM "${schema}".messages WHERE sender_id = ANY($1::uuid[]))::int AS messages,
                (SELECT count(*) FROM "${schema}".conversations WHERE direct_user_low = ANY($1::uuid[]))::int AS conversations,
                (SELECT count(*) FROM "${schema}".feed_items WHERE author_id = ANY($1::text[]) OR author_kind = 'club')::int AS posts,
                (SELECT count(*) FROM "${schema}".follows WHERE follower_id = ANY($1::uuid[]))::int AS follows,
                (SELECT count(*) FROM "${schema}".social_settings WHERE user_id = ANY($1::uuid[]) AND share_activity)::int AS sharing`,
        [demoIds],
      );
      expect(rows[0]).toEqual({ messages: 3, conversations: 1, posts: 4, follows: 4, sharing: 2 });
    } finally {
      await db.$disconnect();
      await pool.end();
    }
  });
});
