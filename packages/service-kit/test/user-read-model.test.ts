import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { auth, eventStreamName, type PayloadOf } from '@platform/contracts';
import { createLogger, ensureEventStream, EventPublisher, migrate, UserReadModel, userDirectoryMigration } from '@platform/service-kit';
import { infra, uniqueNamespace } from '@platform/testkit';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { natsConnect } from './nats-client.js';

const logger = createLogger({ service: 'test', instance: 'test', level: 'silent' });

type Facts = PayloadOf<typeof auth.userRegistered>;
const factsOf = (overrides: Partial<Facts> = {}): Facts => {
  const id = randomUUID();
  return { userId: id, email: `Fan-${id.slice(0, 8)}@Example.com`, name: 'Fan', clubId: 'psg', updatedAt: '2026-12-01T10:00:00.000Z', ...overrides };
};

describe('UserReadModel: users from the gateway events, in a local table', () => {
  let nc: NatsConnection;
  let pool: pg.Pool;
  let publisher: EventPublisher;
  const namespace = uniqueNamespace('kur');
  const schema = `kitprobe_${namespace}`;
  const started: UserReadModel[] = [];

  /** A read model on the test's schema; `durable` picks the consumers (each test its own, so pending counts are its own). */
  const model = (durable: string, waitMs = 2_000, cacheTtlMs = 0) => new UserReadModel({ pool, schema, nc, namespace, durable, logger, waitMs, cacheTtlMs });
  const running = async (durable: string, waitMs?: number, cacheTtlMs?: number) => {
    const m = model(durable, waitMs, cacheTtlMs);
    await m.start();
    started.push(m);
    return m;
  };

  beforeAll(async () => {
    nc = await natsConnect();
    pool = new pg.Pool({ connectionString: infra.databaseUrl, max: 4 });
    await migrate(pool, schema, [userDirectoryMigration]);
    await ensureEventStream(nc, namespace);
    publisher = new EventPublisher(nc, namespace);
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((m) => m.stop()));
  });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(eventStreamName(namespace)).catch(() => undefined);
    await nc.close();
  });

  it('applies a registration and finds the user by id and by email, whatever its case', async () => {
    const directory = await running('applies');
    const fan = factsOf();
    await publisher.publish(auth.userRegistered, fan);
    const expected = { id: fan.userId, email: fan.email.toLowerCase(), name: 'Fan', clubId: 'psg' };
    expect(await directory.find({ id: fan.userId })).toEqual(expected);
    expect(await directory.find({ email: ` ${fan.email.toUpperCase()}` })).toEqual(expected);
    expect(await directory.names([fan.userId, randomUUID()])).toEqual(new Map([[fan.userId, 'Fan']]));
  });

  it('serves a found user from memory, and drops it when this instance applies a newer event about them', async () => {
    const directory = await running('caches', 2_000, 60_000);
    const fan = factsOf();
    await publisher.publish(auth.userRegistered, fan);
    // Applied and acknowledged (an event applied after a lookup cached the row drops the entry again).
    await expect.poll(() => directory.caughtUp(), { timeout: 10_000 }).toBe(true);
    expect(await directory.find({ id: fan.userId })).toMatchObject({ name: 'Fan' });
    // Changed behind the model's back: the cached copy is what a lookup sees (by id and by email).
    await pool.query(`UPDATE "${schema}".directory_users SET name = 'Changed in the table' WHERE id = $1`, [fan.userId]);
    expect(await directory.find({ id: fan.userId })).toMatchObject({ name: 'Fan' });
    expect(await directory.find({ email: fan.email })).toMatchObject({ name: 'Fan' });
    // An event applied here replaces the cached copy.
    const renamed = { ...fan, name: 'Renamed', updatedAt: '2026-12-02T10:00:00.000Z' };
    expect(await directory.applyEnvelope({ id: randomUUID(), subject: auth.userUpdated.subject, v: 1, occurredAt: renamed.updatedAt, data: renamed })).toBe(
      'applied',
    );
    expect(await directory.find({ id: fan.userId })).toMatchObject({ name: 'Renamed' });
    expect(await directory.find({ email: fan.email })).toMatchObject({ name: 'Renamed' });
  });

  it('never lets an older event overwrite a newer one, and applies a redelivery once', async () => {
    const directory = await running('ordering');
    const fan = factsOf();
    const renamed = { ...fan, name: 'Renamed', updatedAt: '2026-12-02T10:00:00.000Z' };
    await publisher.publish(auth.userUpdated, renamed);
    await publisher.publish(auth.userRegistered, fan); // the older event arrives last
    await expect.poll(() => directory.caughtUp(), { timeout: 10_000 }).toBe(true);
    expect(await directory.find({ id: fan.userId })).toMatchObject({ name: 'Renamed' });

    const envelope = { id: randomUUID(), subject: auth.userRegistered.subject, v: 1, occurredAt: fan.updatedAt, data: fan };
    expect(await directory.applyEnvelope(envelope)).toBe('ignored');
    expect(await directory.applyEnvelope({ ...envelope, data: renamed })).toBe('ignored');
    expect(await directory.applyEnvelope({ ...envelope, data: { ...renamed, name: 'Third', updatedAt: '2026-12-03T10:00:00.000Z' } })).toBe('applied');
    expect(await directory.applyEnvelope({ ...envelope, data: { userId: fan.userId } })).toBe('rejected');
    expect(await directory.find({ id: fan.userId })).toMatchObject({ name: 'Third' });
  });

  it('on a miss, waits for the consumers to catch up and finds a user whose event is applied during the wait', async () => {
    // The consumers exist but are stopped: the event waits in the stream, as under load.
    const first = model('late');
    await first.start();
    await first.stop();
    const fan = factsOf();
    await publisher.publish(auth.userRegistered, fan);

    const directory = model('late', 5_000);
    const asked = Date.now();
    const lookup = directory.find({ email: fan.email });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await directory.start();
    started.push(directory);
    expect(await lookup).toMatchObject({ id: fan.userId });
    expect(Date.now() - asked).toBeGreaterThanOrEqual(500);
  });

  it('answers not found at once when the consumers are caught up, and 503 after the bounded wait when they are not', async () => {
    const directory = await running('misses', 800);
    await expect.poll(() => directory.caughtUp(), { timeout: 10_000 }).toBe(true);
    let asked = Date.now();
    expect(await directory.find({ email: 'nobody@example.com' })).toBeUndefined();
    expect(Date.now() - asked).toBeLessThan(500);

    // A consumer that never catches up (stopped with an event pending): the lookup gives up after waitMs,
    // with 503 and Retry-After rather than a "no such user" it cannot know.
    await directory.stop();
    await publisher.publish(auth.userRegistered, factsOf());
    asked = Date.now();
    await expect(directory.find({ id: randomUUID() })).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfter: 1 });
    expect(Date.now() - asked).toBeGreaterThanOrEqual(800);
    // The caller's deadline bounds the wait too.
    asked = Date.now();
    await expect(directory.find({ id: randomUUID() }, { deadline: Date.now() + 400 })).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(Date.now() - asked).toBeLessThan(700);
  });
});
