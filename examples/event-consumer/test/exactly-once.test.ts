import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { type EventEnvelope, eventStreamName, eventSubject, type PayloadOf, wallet } from '@platform/contracts';
import { buildEvent, ensureEventStream, EventPublisher } from '@platform/service-kit';
import { dropNamespaceSchemas, infra, repoRoot, type RunningProcess, schemaFor, startProcess, uniqueNamespace, waitFor } from '@platform/testkit';
import { deleteEventStream } from '@platform/testkit/event-stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type Transfer = PayloadOf<typeof wallet.transferCompleted>;

const entry = `${repoRoot}examples/event-consumer/src/main.ts`;
const namespace = uniqueNamespace('evc');
const users = [randomUUID(), randomUUID(), randomUUID()];

/** A consumer as a real process, as it runs in production, with its own durable name and schema. */
const consumerEnv = (name: string) => ({
  NATS_URL: infra.natsUrl,
  NATS_NAMESPACE: namespace,
  DATABASE_URL: infra.databaseUrl,
  DATABASE_SCHEMA: schemaFor(name, namespace),
  CONSUMER_NAME: name,
  // Short, so the messages a killed process held come back quickly.
  ACK_WAIT_SECONDS: '3',
});

// Two process starts and a crash per test: on a loaded 2-core machine that takes minutes, not seconds.
describe('examples/event-consumer: every event applied exactly once across a crash and a restart', { timeout: 300_000 }, () => {
  let nc: NatsConnection;
  let publisher: EventPublisher;
  let db: pg.Pool;
  let consumer: RunningProcess | undefined;
  const published: EventEnvelope<Transfer>[] = [];

  const transfer = (index: number): Transfer => ({
    ...wallet.transferCompleted.example!,
    transferId: randomUUID(),
    kind: 'send',
    amountMinor: 100 + index,
    amount: ((100 + index) / 100).toFixed(2),
    fromUserId: users[(index + 1) % users.length]!,
    toUserId: users[index % users.length]!,
    merchant: null,
    category: null,
    reference: `transfer ${index}`,
  });

  async function publishTransfers(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const envelope = buildEvent(wallet.transferCompleted, transfer(published.length));
      published.push(envelope);
      await publisher.publishEnvelope(envelope);
    }
  }

  const processedCount = async (name: string) =>
    Number((await db.query(`SELECT count(*) AS n FROM "${schemaFor(name, namespace)}".processed_events`)).rows[0].n);

  /** Settled: the durable has nothing pending or unacknowledged, and the table holds every published event. */
  async function settled(name: string, process = consumer): Promise<void> {
    const jsm = await jetstreamManager(nc);
    const state = async () => JSON.stringify({ consumer: await jsm.consumers.info(eventStreamName(namespace), name), processed: await processedCount(name) });
    await waitFor(
      async () => {
        const info = await jsm.consumers.info(eventStreamName(namespace), name);
        return info.num_pending === 0 && info.num_ack_pending === 0 && (await processedCount(name)) === published.length;
      },
      { timeoutMs: 120_000, intervalMs: 200, what: `${name} to apply ${published.length} events` },
    ).catch(async (error) => {
      throw new Error(`${(error as Error).message}\n${await state()}\n--- consumer output ---\n${process?.output()}`);
    });
  }

  beforeAll(async () => {
    nc = await connect({ servers: infra.natsUrl });
    await ensureEventStream(nc, namespace);
    publisher = new EventPublisher(nc, namespace);
    db = new pg.Pool({ connectionString: infra.databaseUrl, max: 2 });
  });
  afterAll(async () => {
    await consumer?.stop('SIGKILL');
    await nc?.close();
    await db?.end();
    await deleteEventStream(namespace);
    await dropNamespaceSchemas(namespace);
  });

  it('publish, kill the consumer mid-batch, publish more, restart: nothing missed, nothing doubled', async () => {
    const name = 'transfer-totals';
    consumer = await startProcess(entry, consumerEnv(name));
    await publishTransfers(20);
    await settled(name);

    // Killed without warning while it works through the next batch: it dies holding unacknowledged messages.
    await publishTransfers(30);
    await waitFor(async () => (await processedCount(name)) > 20, { timeoutMs: 60_000, what: 'the second batch to start' });
    await consumer.stop('SIGKILL');

    // While it is down: more transfers, and one already-applied event published again without its
    // Nats-Msg-Id (as a publisher retrying after JetStream's de-duplication window would).
    await publishTransfers(30);
    await jetstream(nc).publish(eventSubject(published[0]!.subject, namespace), JSON.stringify(published[0]));

    consumer = await startProcess(entry, consumerEnv(name));
    await settled(name);

    const schema = schemaFor(name, namespace);
    const processed = await db.query<{ event_id: string; duplicates: number }>(`SELECT event_id, duplicates FROM "${schema}".processed_events`);
    expect(processed.rows.map((row) => row.event_id).sort()).toEqual(published.map((event) => event.id).sort());

    const expected = new Map<string, number>();
    for (const event of published) expected.set(event.data.toUserId!, (expected.get(event.data.toUserId!) ?? 0) + event.data.amountMinor);
    const totals = await db.query<{ user_id: string; amount_minor: string; transfers: number }>(
      `SELECT user_id, amount_minor, transfers FROM "${schema}".received_totals`,
    );
    expect(Object.fromEntries(totals.rows.map((row) => [row.user_id, Number(row.amount_minor)]))).toEqual(Object.fromEntries(expected));
    expect(totals.rows.reduce((sum, row) => sum + row.transfers, 0)).toBe(published.length);
    // The republished event did come back, and changed nothing.
    expect(processed.rows.find((row) => row.event_id === published[0]!.id)!.duplicates).toBeGreaterThanOrEqual(1);
  });

  it('keeps a payload that breaks the contract aside, skips another version, and goes on', async () => {
    const name = 'transfer-totals';
    const js = jetstream(nc);
    const subject = eventSubject(wallet.transferCompleted.subject, namespace);
    const broken = { ...buildEvent(wallet.transferCompleted, transfer(999)), id: randomUUID() };
    await js.publish(subject, JSON.stringify({ ...broken, data: { ...broken.data, amountMinor: -5 } }), { msgID: broken.id });
    // A version 2 published side by side: this consumer understands version 1 only.
    const nextVersion = { ...buildEvent(wallet.transferCompleted, transfer(1000)), id: randomUUID(), v: 2 };
    await js.publish(subject, JSON.stringify(nextVersion), { msgID: nextVersion.id });
    await publishTransfers(1);
    await settled(name);

    const rejected = await db.query<{ reason: string }>(`SELECT reason FROM "${schemaFor(name, namespace)}".rejected_events`);
    expect(rejected.rows.map((row) => row.reason)).toEqual([expect.stringMatching(/amountMinor/)]);
    const health = (await (await fetch(`${consumer!.url}/health`)).json()) as Record<string, number>;
    expect(health).toMatchObject({ status: 'ok', rejected: 1, skipped: 1 });
  });

  it('a consumer with a new durable name replays the stream history from the start', async () => {
    const name = 'late-joiner';
    const late = await startProcess(entry, consumerEnv(name));
    try {
      await settled(name, late);
      const totals = await db.query(`SELECT sum(transfers)::int AS n FROM "${schemaFor(name, namespace)}".received_totals`);
      expect(totals.rows[0].n).toBe(published.length);
    } finally {
      await late.stop();
    }
  });
});
