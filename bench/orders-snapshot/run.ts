// Orders snapshot benchmark: bursts of 100 concurrent POST /api/orders/snapshot
// for ONE event, through the real gateway and service, against the repo's local
// S3-compatible server (in this process, so it can count object writes).
//
//   pnpm exec tsx bench/orders-snapshot/run.ts [--rounds 3] [--burst 100]
//
// Scenarios, each on fresh event ids:
//   - R2 pacing: the production defaults (at most one write per second per key,
//     25 ms batch window) - what R2's ~1 write/s per key allows;
//   - no pacing: SNAPSHOT_MIN_WRITE_INTERVAL_MS=0 - group commit alone;
//   - repost: the same 100 orders again (all duplicates, no object write): the
//     HTTP -> gateway -> NATS -> service -> Postgres path, as a baseline;
//   - GET of unknown snapshots: the same path with one S3 read per request;
//   - seed algorithm: the seed's read-merge-write (GET, merge, PUT .tmp, PUT) run
//     by 100 concurrent clients straight against the store, for comparison.
import { createRequire } from 'node:module';
import { ordersSnapshot } from '@platform/contracts';
import {
  cleanUp,
  type LocalStore,
  repoRoot,
  type RunningService,
  startService,
  startStore,
  storeCredentials,
  storeEnv,
  bucket,
  privateBucket,
} from './environment.js';

const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at !== -1 ? Number(process.argv[at + 1]) : fallback;
};
const ROUNDS = argument('rounds', 3);
const BURST = argument('burst', 100);

interface Row {
  scenario: string;
  round: number;
  ok: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  writes: number;
  count: number;
  lost: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

const order = (eventId: string, i: number) => ({
  order_id: `order_${i}`,
  event_id: eventId,
  client_name: 'Dupont Jean',
  client_email: 'jean@example.com',
  client_phone: '0612345678',
  items: [{ photo: `IMG_${1000 + i}.jpg`, format: '13x18', quantity: 1 }],
  created_at: new Date().toISOString(),
  status: 'pending',
});

/** Fires `BURST` requests at once and times each. */
async function burst(send: (i: number) => Promise<boolean>): Promise<{ ok: number; wallMs: number; latencies: number[] }> {
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: BURST }, async (_, i) => {
      const t0 = performance.now();
      const ok = await send(i).catch(() => false);
      return { ok, ms: performance.now() - t0 };
    }),
  );
  return { ok: results.filter((r) => r.ok).length, wallMs: performance.now() - started, latencies: results.map((r) => r.ms).sort((a, b) => a - b) };
}

/** The snapshot as stored (a signed read: the store serves nothing anonymously outside a public bucket). */
async function readSnapshot(store: LocalStore, eventId: string, from: string): Promise<{ count: number; ids: string[] }> {
  const require = createRequire(`${repoRoot}infra/package.json`);
  const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3'); // infra's copy: bench does not depend on the SDK
  const s3 = new S3Client({ region: 'auto', endpoint: store.url, forcePathStyle: true, credentials: storeCredentials });
  try {
    const got = await s3.send(new GetObjectCommand({ Bucket: from, Key: ordersSnapshot.snapshotObjectKey(eventId) }));
    const body = JSON.parse(await got.Body!.transformToString()) as { count: number; orders: Array<{ order_id: string }> };
    return { count: body.count, ids: body.orders.map((o) => o.order_id) };
  } catch {
    return { count: 0, ids: [] };
  } finally {
    s3.destroy();
  }
}

async function postBurst(gateway: RunningService, store: LocalStore, scenario: string, round: number, eventId: string): Promise<Row> {
  const key = ordersSnapshot.snapshotObjectKey(eventId);
  const writesBefore = store.writes.get(key) ?? 0;
  const { ok, wallMs, latencies } = await burst(async (i) => {
    const res = await fetch(`${gateway.url}/api/orders/snapshot`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event_id: eventId, orders: [order(eventId, i)] }),
    });
    await res.arrayBuffer();
    return res.status === 200;
  });
  const snapshot = await readSnapshot(store, eventId, privateBucket);
  return {
    scenario,
    round,
    ok,
    perSecond: (ok / wallMs) * 1000,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    writes: (store.writes.get(key) ?? 0) - writesBefore,
    count: snapshot.count,
    lost: BURST - new Set(snapshot.ids).size,
  };
}

/** Same gateway and NATS path, no order log: GET of a snapshot that does not exist, one S3 read per request (404). */
async function baseline(gateway: RunningService, round: number): Promise<Row> {
  const { ok, wallMs, latencies } = await burst(async (i) => {
    const res = await fetch(`${gateway.url}/api/orders/snapshot/NONE-${round}-${i}`);
    await res.arrayBuffer();
    return res.status === 404;
  });
  const p = (n: number) => percentile(latencies, n);
  return {
    scenario: 'GET unknown snapshot (one S3 read each)',
    round,
    ok,
    perSecond: (ok / wallMs) * 1000,
    p50Ms: p(50),
    p99Ms: p(99),
    writes: 0,
    count: 0,
    lost: 0,
  };
}

/** The seed's handler, verbatim in spirit: read, merge by order_id, write .tmp, write the snapshot. No lock. */
async function seedAlgorithm(store: LocalStore, round: number): Promise<Row> {
  const require = createRequire(`${repoRoot}infra/package.json`);
  const { S3Client, GetObjectCommand, PutObjectCommand } = require('@aws-sdk/client-s3'); // infra's copy: bench does not depend on the SDK
  const s3 = new S3Client({ region: 'auto', endpoint: store.url, forcePathStyle: true, credentials: storeCredentials });
  const eventId = `SEED-${round}`;
  const key = ordersSnapshot.snapshotObjectKey(eventId);
  const writesBefore = [...store.writes.values()].reduce((a, b) => a + b, 0);
  const { ok, wallMs, latencies } = await burst(async (i) => {
    let existing: { snapshot_version: number; orders: Array<{ order_id: string }> } | null = null;
    try {
      const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      existing = JSON.parse(await got.Body!.transformToString());
    } catch {
      // no snapshot yet
    }
    const orders = [order(eventId, i)];
    const known = new Set(existing?.orders.map((o) => o.order_id) ?? []);
    const all = existing ? [...existing.orders, ...orders.filter((o) => !known.has(o.order_id))] : orders;
    const snapshot = {
      event_id: eventId,
      snapshot_version: existing ? existing.snapshot_version + 1 : 1,
      generated_at: new Date().toISOString(),
      count: all.length,
      orders: all,
    };
    const body = JSON.stringify(snapshot, null, 2);
    for (const target of [`orders/${eventId}/pending_orders.tmp.json`, key]) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: target, Body: body, ContentType: 'application/json', CacheControl: 'no-cache' }));
    }
    return true;
  });
  s3.destroy();
  const snapshot = await readSnapshot(store, eventId, bucket);
  return {
    scenario: 'seed read-merge-write (no lock)',
    round,
    ok,
    perSecond: (ok / wallMs) * 1000,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    writes: [...store.writes.values()].reduce((a, b) => a + b, 0) - writesBefore,
    count: snapshot.count,
    lost: BURST - new Set(snapshot.ids).size,
  };
}

async function withSnapshotService(store: LocalStore, env: Record<string, string>, run: () => Promise<void>) {
  const service = await startService('orders-snapshot', { ...storeEnv(store), ...env });
  try {
    await run();
  } finally {
    await service.stop();
  }
}

const rows: Row[] = [];
const store = await startStore();
const gateway = await startService('gateway', { RATE_LIMIT_MAX: '1000000', RATE_LIMIT_ROUTE_FACTOR: '100000' });
try {
  const scenarios: Array<{ name: string; env: Record<string, string>; tag: string }> = [
    { name: 'group commit, R2 pacing (1 write/s/key)', env: {}, tag: 'R2' },
    { name: 'group commit, no pacing', env: { SNAPSHOT_MIN_WRITE_INTERVAL_MS: '0' }, tag: 'FAST' },
  ];
  for (const scenario of scenarios) {
    await withSnapshotService(store, scenario.env, async () => {
      await postBurst(gateway, store, 'warm-up', 0, `WARM-${scenario.tag}`);
      for (let round = 1; round <= ROUNDS; round++) {
        const eventId = `EV-${scenario.tag}-${round}`;
        const row = await postBurst(gateway, store, scenario.name, round, eventId);
        rows.push(row);
        if (scenario.tag === 'FAST') {
          rows.push({ ...(await postBurst(gateway, store, 'repost (duplicates, no write)', round, eventId)), lost: 0 });
          rows.push(await baseline(gateway, round));
        }
      }
    });
  }
  for (let round = 1; round <= ROUNDS; round++) rows.push(await seedAlgorithm(store, round));
} finally {
  await gateway.stop();
  await store.close();
  await cleanUp();
}

const fixed = (n: number, digits = 0) => n.toFixed(digits);
console.log(`\nOrders snapshot: bursts of ${BURST} concurrent posts to one event (${ROUNDS} rounds each)\n`);
console.log('| scenario | round | ok | req/s | p50 ms | p99 ms | object writes | final count | lost orders |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.scenario} | ${r.round} | ${r.ok} | ${fixed(r.perSecond)} | ${fixed(r.p50Ms)} | ${fixed(r.p99Ms)} | ${r.writes} | ${r.count} | ${r.lost} |`,
  );
}
const failed = rows.filter((r) => r.scenario.startsWith('group commit') && (r.ok !== BURST || r.count !== BURST || r.lost !== 0 || r.writes > 10));
if (failed.length) {
  console.error(`\n${failed.length} row(s) missed the target (every post ok, count = ${BURST}, no lost order, <= 10 writes)`);
  process.exitCode = 1;
}
