import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { eventStreamName, type EventEnvelope } from '@platform/contracts';
import { createLogger, ensureEventStream, EventPublisher, migrate, OutboxRelay, outboxInsert, outboxMigrations, consumeEvent } from '@platform/service-kit';
import { infra, uniqueNamespace, waitFor } from '@platform/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { natsConnect } from './nats-client.js';
import { probeEvent } from './fixtures/probe-operations.js';

const logger = createLogger({ service: 'test', instance: 'test', level: 'silent' });

/** A relay that dies after publishing `crashAfter` events of a batch, before marking any row. */
class CrashingRelay extends OutboxRelay {
  published = 0;
  constructor(
    options: ConstructorParameters<typeof OutboxRelay>[0],
    private readonly crashAfter: number,
  ) {
    super(options);
  }
  protected override async publishOne(envelope: EventEnvelope): Promise<void> {
    if (this.published >= this.crashAfter) throw new Error('simulated crash');
    this.published++;
    await super.publishOne(envelope);
  }
}

describe('transactional outbox relay', () => {
  let nc: NatsConnection;
  let pool: pg.Pool;
  const namespace = uniqueNamespace('ko');
  const schema = `kitprobe_${namespace}`;

  beforeAll(async () => {
    nc = await natsConnect();
    pool = new pg.Pool({ connectionString: infra.databaseUrl, max: 4 });
    await migrate(pool, schema, [...outboxMigrations]);
    await ensureEventStream(nc, namespace);
  });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(eventStreamName(namespace)).catch(() => undefined);
    await nc.close();
  });

  async function insertEvents(count: number, start: number): Promise<void> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SET LOCAL search_path TO "${schema}"`);
      for (let n = start; n < start + count; n++) {
        const { sql, values } = outboxInsert(probeEvent, { n });
        await client.query(sql, values);
      }
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  }

  async function streamCount(): Promise<number> {
    const jsm = await jetstreamManager(nc);
    return (await jsm.streams.info(eventStreamName(namespace))).state.messages;
  }

  it('publishes each row exactly once even when a relay dies mid-batch and another takes over', async () => {
    await insertEvents(50, 0);
    const publisher = new EventPublisher(nc, namespace);
    const crashing = new CrashingRelay({ pool, schema, publisher, logger, batchSize: 50 }, 20);
    await expect(crashing.publishBatch()).rejects.toThrow('simulated crash');
    expect(crashing.published).toBe(20);
    // The crashed batch rolled back: all 50 rows are still pending, 20 already on the stream.
    const relay = new OutboxRelay({ pool, schema, publisher, logger, batchSize: 50 });
    expect(await relay.pendingCount()).toBe(50);
    expect(await streamCount()).toBe(20);

    await relay.start();
    await waitFor(async () => (await relay.pendingCount()) === 0, { what: 'outbox drained' });
    expect(await streamCount()).toBe(50);

    // New rows are picked up promptly through LISTEN/NOTIFY while the relay runs.
    await insertEvents(10, 50);
    await waitFor(async () => (await streamCount()) === 60, { what: 'new events published' });
    await relay.stop();
    expect(await relay.pendingCount()).toBe(0);
  });

  it('purges published rows past their retention, never an unpublished one', async () => {
    const relay = new OutboxRelay({ pool, schema, publisher: new EventPublisher(nc, namespace), logger });
    await insertEvents(6, 1000);
    // Three published two days ago, one published now, two never published (all old).
    await pool.query(`UPDATE "${schema}".outbox SET published_at = NULL, created_at = now() - interval '3 days' WHERE (envelope->'data'->>'n')::int >= 1000`);
    await pool.query(`UPDATE "${schema}".outbox SET published_at = now() - interval '2 days' WHERE (envelope->'data'->>'n')::int BETWEEN 1000 AND 1002`);
    await pool.query(`UPDATE "${schema}".outbox SET published_at = now() WHERE (envelope->'data'->>'n')::int = 1003`);
    const left = async () =>
      (
        await pool.query<{ n: number }>(
          `SELECT (envelope->'data'->>'n')::int AS n FROM "${schema}".outbox WHERE (envelope->'data'->>'n')::int >= 1000 ORDER BY 1`,
        )
      ).rows.map((r) => r.n);

    expect(await relay.purgePublished(24 * 3_600_000)).toBe(3);
    expect(await left()).toEqual([1003, 1004, 1005]);
    expect(await relay.pendingCount()).toBe(2);
  });

  it('delivers events to a durable consumer, redelivering after a handler failure', async () => {
    const seen: number[] = [];
    let failedOnce = false;
    const consumer = await consumeEvent({
      nc,
      namespace,
      durable: 'kitprobe-test',
      event: probeEvent,
      logger,
      handler: async (envelope) => {
        if (envelope.data.n === 3 && !failedOnce) {
          failedOnce = true;
          throw new Error('transient');
        }
        seen.push(envelope.data.n);
      },
    });
    await waitFor(() => seen.length >= 60, { timeoutMs: 15_000, what: 'all events consumed' });
    await consumer.stop();
    expect(failedOnce).toBe(true);
    expect(new Set(seen).size).toBe(60);
    expect(seen.filter((n) => n === 3)).toHaveLength(1);
  });
});
