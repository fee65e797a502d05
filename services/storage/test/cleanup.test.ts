import { storage } from '@platform/contracts';
import { infra, schemaFor } from '@platform/testkit';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLEANUP_JOB_NAME, CLEANUP_SCHEDULER_ID, cleanupQueuePrefix } from '../src/jobs/cleanup.js';
import { bytesOf, putTo, type StorageHarness, startStorageHarness } from './harness.js';

describe('storage: daily clean-up of unconfirmed uploads (BullMQ)', () => {
  let h: StorageHarness;
  let connection: Redis;
  let queue: Queue;
  let queueEvents: QueueEvents;
  let db: pg.Client;
  beforeAll(async () => {
    h = await startStorageHarness({ STORAGE_PENDING_MAX_AGE_HOURS: '24', STORAGE_CLEANUP_CRON: '0 3 * * *', STORAGE_CLEANUP_TZ: 'Europe/Paris' });
    const prefix = cleanupQueuePrefix(`${h.namespace}:`);
    connection = new Redis(infra.redisUrl, { maxRetriesPerRequest: null });
    queue = new Queue(storage.STORAGE_CLEANUP_QUEUE, { connection, prefix });
    queueEvents = new QueueEvents(storage.STORAGE_CLEANUP_QUEUE, { connection: new Redis(infra.redisUrl, { maxRetriesPerRequest: null }), prefix });
    await queueEvents.waitUntilReady();
    db = new pg.Client({ connectionString: infra.databaseUrl });
    await db.connect();
    await db.query(`SET search_path TO "${schemaFor('storage', h.namespace)}"`);
  });
  afterAll(async () => {
    await queueEvents?.close();
    await queue?.close();
    connection?.disconnect();
    await db?.end();
    await h?.close();
  });

  /** An upload whose bytes are in the bucket, confirmed or not, created `hoursAgo` hours ago. */
  async function upload(token: string, options: { confirm: boolean; hoursAgo: number }) {
    const body = bytesOf(64);
    const res = await h.api.post('/api/v1/storage/upload-url', { filename: 'draft.png', contentType: 'image/png', size: body.length }, token);
    expect((await putTo(res.body.upload_url, body, res.body.headers)).status).toBe(200);
    if (options.confirm) expect((await h.api.post(`/api/v1/storage/objects/${res.body.object_id}/confirm`, undefined, token)).status).toBe(200);
    await db.query(`UPDATE objects SET created_at = now() - make_interval(hours => $2) WHERE id = $1`, [res.body.object_id, options.hoursAgo]);
    return { id: res.body.object_id as string, key: res.body.key as string, staging: `pending/${res.body.object_id}/draft.png` };
  }

  it('is scheduled daily with a stable scheduler id, cron and time zone', async () => {
    const scheduler = await queue.getJobScheduler(CLEANUP_SCHEDULER_ID);
    expect(scheduler).toMatchObject({ pattern: '0 3 * * *', tz: 'Europe/Paris', name: CLEANUP_JOB_NAME });
    expect(await queue.getJobSchedulersCount()).toBe(1);
  });

  it('removes unconfirmed uploads older than the limit, bytes and row, and keeps the rest', async () => {
    const user = await h.user();
    const stale = await upload(user.token, { confirm: false, hoursAgo: 30 });
    const fresh = await upload(user.token, { confirm: false, hoursAgo: 1 });
    const oldButConfirmed = await upload(user.token, { confirm: true, hoursAgo: 72 });
    const staleMultipart = await h.api.post('/api/v1/storage/multipart', { filename: 'v.mp4', contentType: 'video/mp4', size: 6 * 1024 * 1024 }, user.token);
    await db.query(`UPDATE objects SET created_at = now() - interval '48 hours' WHERE id = $1`, [staleMultipart.body.object_id]);

    // The run the scheduler would start at 03:00, started now.
    const job = await queue.add(CLEANUP_JOB_NAME, {});
    const result = await job.waitUntilFinished(queueEvents, 20_000);
    expect(result).toEqual({ removed: 2 });

    expect(await h.bucket.private.head(stale.staging)).toBeUndefined();
    expect((await h.api.get(`/api/v1/storage/objects/${stale.id}`, user.token)).status).toBe(404);
    expect((await h.api.get(`/api/v1/storage/objects/${staleMultipart.body.object_id}`, user.token)).status).toBe(404);
    expect(await h.bucket.private.head(fresh.staging)).toBeDefined();
    expect((await h.api.get(`/api/v1/storage/objects/${fresh.id}`, user.token)).body.status).toBe('pending');
    expect(await h.bucket.private.head(oldButConfirmed.key)).toBeDefined();
    expect((await h.api.get(`/api/v1/storage/objects/${oldButConfirmed.id}`, user.token)).body.status).toBe('confirmed');
  });
});
