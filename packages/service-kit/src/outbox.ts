import type { EventContract, EventEnvelope, PayloadOf } from '@platform/contracts';
import type { Pool, PoolClient, QueryResult } from 'pg';
import { buildEvent, ensureEventStream, EventPublisher } from './events.js';
import type { Logger } from './logger.js';
import type { OperationMetrics } from './metrics.js';
import { type Migration, quoteIdent } from './migrate.js';
import { rollbackAndRelease } from './transaction.js';

/**
 * The outbox table, created in each Postgres service's schema by the kit's own
 * migration. A state change and its event commit in one transaction; the relay
 * publishes afterwards.
 */
export const outboxMigration: Migration = {
  name: '0000_kit_outbox',
  sql: `
CREATE TABLE outbox (
  seq          bigserial PRIMARY KEY,
  id           uuid NOT NULL UNIQUE,
  subject      text NOT NULL,
  envelope     jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL;
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('outbox_' || TG_TABLE_SCHEMA, '');
  RETURN NULL;
END $$;
CREATE TRIGGER outbox_inserted AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();
`,
};

/**
 * Replaces the per-insert NOTIFY of the first migration. PostgreSQL serialises
 * the commits of every transaction that NOTIFYs in a database (a lock held
 * through the WAL flush), which cut the wallet's transfers to a fifth under
 * load (docs/decisions/0104). The row trigger notifies only when no older event
 * is waiting, i.e. when the relay may be asleep; otherwise the relay is busy
 * and finds the row in its next batch, and its short poll covers the rest.
 * Written to run on a schema that already has either trigger.
 */
export const outboxNotifyWhenIdleMigration: Migration = {
  name: '0001_kit_outbox_notify_when_idle',
  sql: `
CREATE OR REPLACE FUNCTION outbox_notify_when_idle() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM outbox WHERE published_at IS NULL AND seq < NEW.seq) THEN
    PERFORM pg_notify('outbox_' || TG_TABLE_SCHEMA, '');
  END IF;
  RETURN NULL;
END $$;
ALTER FUNCTION outbox_notify_when_idle() SET search_path FROM CURRENT;
DROP TRIGGER IF EXISTS outbox_inserted ON outbox;
DROP TRIGGER IF EXISTS outbox_inserted_when_idle ON outbox;
CREATE TRIGGER outbox_inserted_when_idle AFTER INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION outbox_notify_when_idle();
`,
};

/** The kit's outbox migrations, in order: list them before a service's own. */
export const outboxMigrations: Migration[] = [outboxMigration, outboxNotifyWhenIdleMigration];

/**
 * SQL and parameters to insert an event into the outbox; run it inside the
 * state change's transaction. `schema` qualifies the table, for a transaction
 * that does not set the search_path (a Prisma one, in the gateway).
 */
export function outboxInsert<E extends EventContract>(
  event: E,
  data: PayloadOf<E>,
  id?: string,
  schema?: string,
): { sql: string; values: unknown[]; envelope: EventEnvelope } {
  const envelope = buildEvent(event, data, id);
  return {
    sql: `INSERT INTO ${schema ? `${quoteIdent(schema)}.` : ''}outbox (id, subject, envelope) VALUES ($1::uuid, $2, $3::jsonb)`,
    values: [envelope.id, envelope.subject, JSON.stringify(envelope)],
    envelope,
  };
}

/**
 * outboxInsert as one statement with its values written as literals
 * (`escapeLiteral` is the connection's), for a message that ends with the
 * COMMIT: the extended protocol carries one statement per message, the
 * simple one takes no parameters.
 */
export function outboxInsertStatement<E extends EventContract>(event: E, data: PayloadOf<E>, escapeLiteral: (value: string) => string, id?: string): string {
  const envelope = buildEvent(event, data, id);
  return `INSERT INTO outbox (id, subject, envelope) VALUES (${escapeLiteral(envelope.id)}::uuid, ${escapeLiteral(envelope.subject)}, ${escapeLiteral(JSON.stringify(envelope))}::jsonb)`;
}

export interface OutboxRelayOptions {
  pool: Pool;
  schema: string;
  publisher: EventPublisher;
  logger: Logger;
  batchSize?: number;
  /** Safety net for a skipped or missed NOTIFY (see outboxNotifyWhenIdleMigration); default 250 ms. */
  pollIntervalMs?: number;
  /**
   * After a partial batch, wait this long before the next one (default 5 ms).
   * Under load the next batch is then several events for the same two round
   * trips, instead of one or two events each; idle, nothing waits on it.
   */
  batchLingerMs?: number;
  /** Published rows are kept this long for inspection, then deleted (default 24 h; JetStream's dedupe window is 2 min). */
  publishedRetentionMs?: number;
}

const PURGE_INTERVAL_MS = 10 * 60_000;
const PURGE_BATCH = 5_000;

/**
 * Publishes outbox rows in order. A batch is locked (SKIP LOCKED, so several
 * relays can run), published, then marked, all in one transaction. If the
 * process dies after publishing but before the commit, the rows are published
 * again by the next relay with the same Nats-Msg-Id, and JetStream drops the
 * duplicates: each row yields exactly one stream message.
 */
export class OutboxRelay {
  private running = false;
  private wake: (() => void) | undefined;
  private listener: PoolClient | undefined;
  private loop: Promise<void> | undefined;
  private readonly table: string;
  private readonly batchSize: number;
  private nextPurgeAt = Date.now() + PURGE_INTERVAL_MS;

  constructor(private readonly options: OutboxRelayOptions) {
    this.table = `${quoteIdent(options.schema)}.outbox`;
    this.batchSize = Math.max(1, Math.floor(options.batchSize ?? 200));
  }

  async start(): Promise<void> {
    this.running = true;
    await this.listen();
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    if (this.listener) {
      this.listener.release();
      this.listener = undefined;
    }
  }

  /**
   * Publishes one batch; returns how many rows it published. Two round trips
   * whatever the batch size: BEGIN with the locking SELECT, then the UPDATE
   * with the COMMIT, each sent as one multi-statement query (the values in
   * them are numbers we produced, never client input).
   */
  async publishBatch(): Promise<number> {
    const client = await this.options.pool.connect();
    let published = 0;
    try {
      const [, locked] = (await client.query(
        `BEGIN; SELECT seq, envelope FROM ${this.table} WHERE published_at IS NULL ORDER BY seq LIMIT ${this.batchSize} FOR UPDATE SKIP LOCKED`,
      )) as unknown as [QueryResult, QueryResult<{ seq: string; envelope: EventEnvelope }>];
      const rows = locked.rows;
      if (rows.length === 0) {
        await client.query('COMMIT');
      } else {
        await Promise.all(rows.map((row) => this.publishOne(row.envelope)));
        const seqs = rows.map((row) => BigInt(row.seq).toString()).join(',');
        await client.query(`UPDATE ${this.table} SET published_at = now() WHERE seq = ANY('{${seqs}}'::bigint[]); COMMIT`);
        published = rows.length;
      }
    } catch (error) {
      await rollbackAndRelease(client);
      throw error;
    }
    client.release();
    return published;
  }

  /**
   * Deletes published rows older than the retention, oldest first, a batch at
   * a time, so the outbox stays the size of a day's events instead of growing
   * forever. Unpublished rows are never touched, however old.
   */
  async purgePublished(retentionMs = this.options.publishedRetentionMs ?? 24 * 3_600_000): Promise<number> {
    let purged = 0;
    for (;;) {
      const { rowCount } = await this.options.pool.query(
        `DELETE FROM ${this.table} WHERE seq IN (
           SELECT seq FROM ${this.table} WHERE published_at < now() - make_interval(secs => $1::float8 / 1000) ORDER BY seq LIMIT ${PURGE_BATCH})`,
        [retentionMs],
      );
      purged += rowCount ?? 0;
      if ((rowCount ?? 0) < PURGE_BATCH) return purged;
    }
  }

  /** Overridable in tests to inject a crash mid-batch. */
  protected async publishOne(envelope: EventEnvelope): Promise<void> {
    await this.options.publisher.publishEnvelope(envelope);
  }

  async pendingCount(): Promise<number> {
    const { rows } = await this.options.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${this.table} WHERE published_at IS NULL`);
    return Number(rows[0].n);
  }

  private async listen(): Promise<void> {
    let client: PoolClient | undefined;
    try {
      client = await this.options.pool.connect();
      const listening = client;
      client.on('notification', () => this.wake?.());
      client.on('error', (err) => this.dropListener(listening, err));
      await client.query(`LISTEN ${quoteIdent(`outbox_${this.options.schema}`)}`);
      this.listener = client;
    } catch (err) {
      // Released as broken: the pool closes it and frees its slot; the loop listens again later.
      client?.release(err as Error);
      this.options.logger.warn({ err }, 'outbox LISTEN failed; relying on polling');
    }
  }

  /**
   * The LISTEN connection died (e.g. a PostgreSQL restart). It goes back to the
   * pool as broken, freeing its slot (kept, the pool would shrink by one per
   * restart until every query waited forever); the loop listens on a new one.
   */
  private dropListener(client: PoolClient, err: Error): void {
    if (this.listener !== client) return;
    this.listener = undefined;
    client.release(err);
  }

  private async purgeNow(): Promise<void> {
    this.nextPurgeAt = Date.now() + PURGE_INTERVAL_MS;
    await this.purgePublished().then(
      (purged) => purged > 0 && this.options.logger.info({ purged }, 'published outbox rows purged'),
      (err) => this.options.logger.warn({ err }, 'outbox purge failed; will retry'),
    );
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let published = 0;
      try {
        published = await this.publishBatch();
        failures = 0;
      } catch (err) {
        failures++;
        this.options.logger.warn({ err, failures }, 'outbox relay batch failed; will retry');
      }
      if (published > 0 && this.running) {
        if (published < this.batchSize) await new Promise((resolve) => setTimeout(resolve, this.options.batchLingerMs ?? 5));
        continue;
      }
      if (Date.now() >= this.nextPurgeAt) await this.purgeNow();
      if (!this.listener && this.running) await this.listen().catch(() => undefined);
      const wait = failures > 0 ? Math.min(5_000, 100 * 2 ** failures) : (this.options.pollIntervalMs ?? 250);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}

/**
 * Starts the outbox relay of a Postgres service: makes sure the event stream
 * exists, publishes in the service's NATS namespace, and stops on shutdown.
 */
export async function startOutboxRelay(
  service: {
    nc: import('@nats-io/transport-node').NatsConnection;
    config: { NATS_NAMESPACE: string };
    logger: Logger;
    metrics: OperationMetrics;
    onShutdown(name: string, run: () => Promise<void>): unknown;
  },
  options: { pool: Pool; schema: string; pollIntervalMs?: number },
): Promise<OutboxRelay> {
  await ensureEventStream(service.nc, service.config.NATS_NAMESPACE);
  const publisher = new EventPublisher(service.nc, service.config.NATS_NAMESPACE, () => service.metrics.eventsPublished.inc());
  const relay = new OutboxRelay({ ...options, publisher, logger: service.logger });
  await relay.start();
  service.onShutdown('outbox', () => relay.stop());
  return relay;
}
