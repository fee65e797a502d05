import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { eventStreamName, eventSubject, ordersSnapshot } from '@platform/contracts';
import pg from 'pg';
import { schemaFor, waitFor } from './infra.js';
import { auditLedger } from './ledger-audit.js';
import type { TestBucket } from './s3.js';

/**
 * The platform's promises, read from where the services keep their state
 * (each service's schema, the event stream, the bucket) after a run of the
 * mixed workload: nothing here goes through the services' own APIs.
 */

export interface InvariantResult {
  name: string;
  holds: boolean;
  detail: string;
}

export interface InvariantContext {
  namespace: string;
  databaseUrl: string;
  natsUrl: string;
  bucket: TestBucket;
  /** What the users were given before the load, in minor units: users and merchants hold exactly that between them. */
  depositedMinor: number;
  /** Snapshot event id → order ids the service answered 200 for. */
  acceptedOrders: ReadonlyMap<string, ReadonlySet<string>>;
  /** How long to wait for asynchronous work (relays, consumers, purchase recovery) to converge. Default 90 s. */
  settleTimeoutMs?: number;
}

const TRANSFER_SUBJECT = 'evt.wallet.transfer.completed';

const result = (name: string, holds: boolean, detail: string): InvariantResult => ({ name, holds, detail });

/**
 * Waits until `read` returns a value `done` accepts, and returns the last value
 * read either way: an invariant that never converges is reported with its figures.
 */
async function settle<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  let last: T | undefined;
  await waitFor(
    async () => {
      last = await read();
      return done(last);
    },
    { timeoutMs, intervalMs: 500 },
  ).catch(() => undefined);
  return last ?? read();
}

export async function checkInvariants(context: InvariantContext): Promise<InvariantResult[]> {
  const db = new pg.Pool({ connectionString: context.databaseUrl, max: 2 });
  const nc = await connect({ servers: context.natsUrl });
  const timeoutMs = context.settleTimeoutMs ?? 90_000;
  const table = (service: string, name: string) => `"${schemaFor(service, context.namespace)}".${name}`;
  const count = async (sql: string, values: unknown[] = []) => Number((await db.query<{ n: string }>(sql, values)).rows[0].n);
  try {
    const results: InvariantResult[] = [];

    // Sagas first: recovery settles them, and its debits, refunds and events change the other figures.
    const unsettled = await settle(
      () => count(`SELECT count(*) AS n FROM ${table('tickets', 'purchases')} WHERE status IN ('pending', 'refunding')`),
      (n) => n === 0,
      timeoutMs,
    );
    const recovered = await count(`SELECT count(*) AS n FROM ${table('tickets', 'purchases')} WHERE recovery_attempts > 0`);
    results.push(
      result(
        'no saga left between debit and confirm',
        unsettled === 0,
        `${unsettled} ticket purchases pending or refunding; ${recovered} settled by the recovery job`,
      ),
    );

    const audit = await auditLedger(db, context.namespace);
    const held = await count(`SELECT coalesce(sum(balance_minor), 0) AS n FROM ${table('wallet', 'accounts')} WHERE kind <> 'funding'`);
    const ledgerBroken = (['unbalanced_transfers', 'accounts_off_history', 'running_balance_mismatches', 'orphan_entries', 'orphan_transfers'] as const).filter(
      (key) => Number(audit[key]) !== 0,
    );
    results.push(
      result(
        'money is conserved',
        Number(audit.total_minor) === 0 && held === context.depositedMinor && ledgerBroken.length === 0,
        `ledger total ${audit.total_minor} (0 expected); users and merchants hold ${held}, ${context.depositedMinor} deposited${ledgerBroken.length ? `; broken: ${ledgerBroken.join(', ')}` : ''}`,
      ),
    );
    results.push(result('no balance is negative', Number(audit.negative_accounts) === 0, `${audit.negative_accounts} accounts below zero`));

    results.push(await ticketsAgreeWithMoney(db, table));
    results.push(await noDoubleBooking(db, table));
    results.push(await noLostSnapshotOrder(db, table, context));

    const transferEvents = await settle(
      () => transferEventCounts(db, table, nc, context.namespace),
      (c) => c.transfers === c.outbox && c.outbox === c.published && c.published === c.inStream && c.inStream === c.consumed,
      timeoutMs,
    );
    const { transfers, outbox, published, inStream, consumed } = transferEvents;
    results.push(
      result(
        'one event per wallet transfer (outbox = stream = consumed)',
        transfers === outbox && outbox === published && published === inStream && inStream === consumed,
        `${transfers} transfers, ${outbox} outbox rows (${published} published), ${inStream} in the stream, ${consumed} consumed by ai`,
      ),
    );
    return results;
  } finally {
    await nc.close();
    await db.end();
  }
}

type Table = (service: string, name: string) => string;

/** No oversell, one ticket per paid purchase, and the tickets merchant holds exactly what the confirmed tickets cost. */
async function ticketsAgreeWithMoney(db: pg.Pool, table: Table): Promise<InvariantResult> {
  const { rows: categories } = await db.query<{ capacity: number; seats_left: number; issued: string; confirmed: string }>(
    `SELECT c.capacity, c.seats_left,
            (SELECT count(*) FROM ${table('tickets', 'tickets')} t WHERE t.category_id = c.id) AS issued,
            (SELECT count(*) FROM ${table('tickets', 'ticket_orders')} o JOIN ${table('tickets', 'purchases')} p ON p.id = o.purchase_id
              WHERE o.category_id = c.id AND p.status = 'confirmed') AS confirmed
       FROM ${table('tickets', 'ticket_categories')} c`,
  );
  const oversold = categories.filter((c) => Number(c.issued) > c.capacity || c.capacity - c.seats_left !== Number(c.issued));
  const unissued = categories.filter((c) => Number(c.issued) !== Number(c.confirmed));
  const sold = categories.reduce((sum, c) => sum + Number(c.issued), 0);
  const paid = Number(
    (await db.query(`SELECT coalesce(sum(amount_minor), 0) AS n FROM ${table('tickets', 'purchases')} WHERE status = 'confirmed'`)).rows[0].n,
  );
  const merchant = Number(
    (await db.query(`SELECT coalesce(sum(balance_minor), 0) AS n FROM ${table('wallet', 'accounts')} WHERE kind = 'merchant' AND owner = 'tickets'`)).rows[0].n,
  );
  return result(
    'no oversell; tickets issued = paid',
    oversold.length === 0 && unissued.length === 0 && paid === merchant,
    `${sold} tickets over ${categories.length} categories (capacity ${categories.reduce((s, c) => s + c.capacity, 0)}); ` +
      `${oversold.length} oversold or miscounted, ${unissued.length} with tickets ≠ confirmed purchases; confirmed ${paid}, tickets merchant holds ${merchant}`,
  );
}

async function noDoubleBooking(db: pg.Pool, table: Table): Promise<InvariantResult> {
  const { rows } = await db.query<{ n: string; slots: string }>(
    `SELECT count(*) FILTER (WHERE holders > 1) AS n, count(*) AS slots FROM (
       SELECT count(*) AS holders FROM ${table('bookings', 'bookings')} WHERE status IN ('confirmed', 'pending') GROUP BY service_name, date, time_slot) s`,
  );
  return result('no double booking', Number(rows[0].n) === 0, `${rows[0].slots} slots booked, ${rows[0].n} held by more than one booking`);
}

/** Every order answered 200 is in its event's snapshot object, once; the object holds the whole log once written. */
async function noLostSnapshotOrder(db: pg.Pool, table: Table, context: InvariantContext): Promise<InvariantResult> {
  let accepted = 0;
  const missing: string[] = [];
  const problems: string[] = [];
  for (const [eventId, orderIds] of context.acceptedOrders) {
    accepted += orderIds.size;
    const snapshot = JSON.parse(await context.bucket.private.text(ordersSnapshot.snapshotObjectKey(eventId))) as {
      count: number;
      orders: Array<{ order_id: string }>;
    };
    const stored = snapshot.orders.map((o) => o.order_id);
    const storedSet = new Set(stored);
    for (const id of orderIds) if (!storedSet.has(id)) missing.push(`${eventId}/${id}`);
    if (storedSet.size !== stored.length) problems.push(`${eventId}: ${stored.length - storedSet.size} duplicates`);
    if (snapshot.count !== stored.length) problems.push(`${eventId}: count ${snapshot.count} ≠ ${stored.length} orders`);
    const logged = Number(
      (await db.query(`SELECT count(*) AS n FROM ${table('orders-snapshot', 'snapshot_orders')} WHERE event_id = $1`, [eventId])).rows[0].n,
    );
    if (logged > stored.length) problems.push(`${eventId}: ${logged - stored.length} logged orders not in the object`);
  }
  return result(
    'no lost snapshot order',
    missing.length === 0 && problems.length === 0,
    `${accepted} accepted orders over ${context.acceptedOrders.size} events; ${missing.length} missing${missing.length ? ` (${missing.slice(0, 3).join(', ')})` : ''}${problems.length ? `; ${problems.join('; ')}` : ''}`,
  );
}

async function transferEventCounts(db: pg.Pool, table: Table, nc: Awaited<ReturnType<typeof connect>>, namespace: string) {
  const { rows } = await db.query<{ transfers: string; outbox: string; published: string }>(
    `SELECT (SELECT count(*) FROM ${table('wallet', 'transfers')}) AS transfers,
            (SELECT count(*) FROM ${table('wallet', 'outbox')} WHERE subject = $1) AS outbox,
            (SELECT count(*) FROM ${table('wallet', 'outbox')} WHERE subject = $1 AND published_at IS NOT NULL) AS published`,
    [TRANSFER_SUBJECT],
  );
  const jsm = await jetstreamManager(nc);
  const subject = eventSubject(TRANSFER_SUBJECT, namespace);
  const info = await jsm.streams.info(eventStreamName(namespace), { subjects_filter: subject });
  const consumed = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table('ai', 'processed_events')} WHERE subject = $1`, [TRANSFER_SUBJECT]);
  return {
    transfers: Number(rows[0].transfers),
    outbox: Number(rows[0].outbox),
    published: Number(rows[0].published),
    inStream: info.state.subjects?.[subject] ?? 0,
    consumed: Number(consumed.rows[0].n),
  };
}
