import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { eventStreamName } from '@platform/contracts';
import {
  createLogger,
  ensureEventStream,
  EventPublisher,
  migrate,
  OutboxRelay,
  outboxInsert,
  outboxMigrations,
  runOperation,
  survivePostgresRestarts,
} from '@platform/service-kit';
import { infra, uniqueNamespace, waitFor } from '@platform/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeEvent, slowEcho } from './fixtures/probe-operations.js';
import { freePort } from '@platform/testkit';
import { natsConnect } from './nats-client.js';

/**
 * What a PostgreSQL restart does to a service's pool, reproduced by ending
 * backends with pg_terminate_backend (the faults suite restarts a real server:
 * test/faults). Before the fix, a client checked out at that moment crashed
 * the process, and the outbox relay's lost LISTEN connection was never given
 * back to the pool, and an operation that lost its database answered 500.
 */
const logger = createLogger({ service: 'test', instance: 'test', level: 'silent' });
const namespace = uniqueNamespace('kpg');
const schema = `kitpg_${namespace}`;
const applicationName = `connection-loss-${namespace}`;

let admin: pg.Client;
let nc: NatsConnection;

/** Ends every backend of this file's pools except the admin's, as a server restart would. */
async function terminateBackends(filter = ''): Promise<number> {
  const { rowCount } = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 ${filter}`, [applicationName]);
  return rowCount ?? 0;
}

beforeAll(async () => {
  admin = new pg.Client({ connectionString: infra.databaseUrl });
  await admin.connect();
  nc = await natsConnect();
  await ensureEventStream(nc, namespace);
});

afterAll(async () => {
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
  await (await jetstreamManager(nc)).streams.delete(eventStreamName(namespace)).catch(() => undefined);
  await nc.close();
});

describe('a lost PostgreSQL connection', () => {
  it('does not crash the process when the client is checked out; the pool drops it and serves new queries', async () => {
    const pool = survivePostgresRestarts(new pg.Pool({ connectionString: infra.databaseUrl, max: 2, application_name: applicationName }), logger);
    try {
      const client = await pool.connect();
      await client.query('SELECT 1');
      // Checked out and idle between two queries, like a transaction waiting on NATS: without a listener, pg's 'error' is uncaught.
      expect(await terminateBackends()).toBe(1);
      // Let the server's goodbye reach the client while no query is running: that is when pg emits 'error'.
      await waitFor(async () => (await admin.query('SELECT 1 FROM pg_stat_activity WHERE application_name = $1', [applicationName])).rowCount === 0);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const failed = await waitFor(
        () =>
          client.query('SELECT 1').then(
            () => false,
            () => true,
          ),
        { timeoutMs: 5_000, what: 'the next query to fail' },
      );
      expect(failed).toBe(true);
      client.release(new Error('connection lost'));
      expect(pool.totalCount).toBe(0);
      expect((await pool.query('SELECT 1 AS ok')).rows[0].ok).toBe(1);
    } finally {
      await pool.end();
    }
  });

  it("gives the relay's dead LISTEN connection back to the pool, so a small pool keeps publishing", async () => {
    // Two connections: the LISTEN one and the one publishBatch needs. A leaked slot would leave publishBatch waiting forever.
    const pool = survivePostgresRestarts(new pg.Pool({ connectionString: infra.databaseUrl, max: 2, application_name: applicationName }), logger);
    await migrate(pool, schema, [...outboxMigrations]);
    const relay = new OutboxRelay({ pool, schema, publisher: new EventPublisher(nc, namespace), logger, pollIntervalMs: 100 });
    const listenerPid = async () =>
      (await admin.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'LISTEN%'`, [applicationName])).rows[0]
        ?.pid;
    try {
      await relay.start();
      const first = await waitFor(listenerPid, { what: 'the relay to LISTEN' });
      expect(await terminateBackends(`AND pid = ${Number(first)}`)).toBe(1);
      await waitFor(
        async () => {
          const pid = await listenerPid();
          return pid !== undefined && pid !== first;
        },
        { timeoutMs: 15_000, what: 'the relay to LISTEN on a new connection' },
      );

      const { values } = outboxInsert(probeEvent, { n: 1 });
      await pool.query(`INSERT INTO "${schema}".outbox (id, subject, envelope) VALUES ($1::uuid, $2, $3::jsonb)`, values);
      await waitFor(async () => (await relay.pendingCount()) === 0, { timeoutMs: 15_000, what: 'the event to be published' });
      const jsm = await jetstreamManager(nc);
      expect((await jsm.streams.info(eventStreamName(namespace))).state.messages).toBe(1);
    } finally {
      await relay.stop();
      await pool.end();
    }
  });

  it('answers 503 (retry), not 500 (bug), while the database cannot be reached', async () => {
    const ctx = () => ({ requestId: 'r1', deadline: Date.now() + 5_000 });
    const unreachable = new pg.Pool({ connectionString: `postgresql://postgres:postgres@127.0.0.1:${await freePort()}/platform`, max: 1 });
    try {
      const refused = await runOperation(slowEcho, async () => (await unreachable.query('SELECT 1')).rows[0], { value: 1 }, ctx(), logger);
      expect(refused).toMatchObject({ ok: false, error: { code: 'SERVICE_UNAVAILABLE', status: 503 } });
    } finally {
      await unreachable.end();
    }

    const pool = survivePostgresRestarts(new pg.Pool({ connectionString: infra.databaseUrl, max: 1, application_name: applicationName }), logger);
    try {
      const cut = await runOperation(
        slowEcho,
        async () => {
          const client = await pool.connect();
          try {
            // The server ends this very connection mid-request, as a restart does.
            await client.query('SELECT pg_terminate_backend(pg_backend_pid())');
            return { value: 1, instance: 'x' };
          } finally {
            client.release(true);
          }
        },
        { value: 1 },
        ctx(),
        logger,
      );
      expect(cut).toMatchObject({ ok: false, error: { code: 'SERVICE_UNAVAILABLE', status: 503 } });
      const bug = await runOperation(
        slowEcho,
        async () => {
          throw new TypeError('a real bug');
        },
        { value: 1 },
        ctx(),
        logger,
      );
      expect(bug).toMatchObject({ ok: false, error: { code: 'INTERNAL', status: 500 } });
    } finally {
      await pool.end();
    }
  });
});
