import { randomUUID } from 'node:crypto';
import { migrate } from '@platform/service-kit';
import { infra, schemaFor, uniqueNamespace } from '@platform/testkit';
import { auditLedger } from '@platform/testkit/ledger-audit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNDING_ACCOUNT, type Merchant, merchantAccount, userAccount, userScope } from '../src/domain/accounts.js';
import { walletMigrations } from '../src/schema.js';
import { Ledger, type TransferRequest } from '../src/store/ledger.js';
import { postTransfersStatement } from '../src/store/transfer-record.js';
import { inParallel } from './harness.js';

/**
 * Transfers that wait at the same time share one post_transfers() call and
 * one commit (migration 0006, decision 0965). Each keeps its own outcome, a
 * bad one fails alone, and batches never deadlock each other.
 */
describe('transfers posted in batches', () => {
  const namespace = uniqueNamespace('wbat');
  const schema = schemaFor('wallet', namespace);
  const pool = new pg.Pool({ connectionString: infra.databaseUrl, max: 6 });
  const q = `"${schema}"`;

  const deposit = (owner: string, amountMinor: number): TransferRequest<object> => ({
    kind: 'deposit',
    from: FUNDING_ACCOUNT,
    to: userAccount(owner),
    amountMinor,
    context: {},
  });
  const send = (from: string, to: string, amountMinor: number, extra: Partial<TransferRequest<object>> = {}): TransferRequest<object> => ({
    kind: 'send',
    from: userAccount(from),
    to: userAccount(to),
    amountMinor,
    context: { to },
    ...extra,
  });
  const debit = (from: string, merchant: Merchant, amountMinor: number): TransferRequest<object> => ({
    kind: 'debit',
    from: userAccount(from),
    to: merchantAccount(merchant),
    merchant,
    amountMinor,
    context: {},
  });
  /** Transfers committed together share their transaction id. */
  const transactionsOf = async (transferIds: string[]) =>
    Number((await pool.query(`SELECT count(DISTINCT xmin::text) AS n FROM ${q}.transfers WHERE id = ANY($1::uuid[])`, [transferIds])).rows[0].n);
  const funded = async (ledger: Ledger, count: number, amountMinor: number) => {
    const users = Array.from({ length: count }, () => randomUUID());
    for (const user of users) await ledger.post(deposit(user, amountMinor));
    return users;
  };

  beforeAll(async () => {
    await pool.query(`CREATE SCHEMA ${q}`);
    await migrate(pool, schema, walletMigrations());
  });

  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS ${q} CASCADE`);
    await pool.end();
  });

  it('posts the transfers that queue behind a busy call together, in one transaction, each with its own answer', async () => {
    const calls: number[] = [];
    const ledger = new Ledger(pool, schema, { concurrency: 1, maxBatch: 50, onCall: (records) => calls.push(records) });
    const [alice, bob] = await funded(ledger, 2, 1_000);
    calls.length = 0;
    // 30 sends of 1.00 from 10.00, all at once: the first goes alone, the other 29 wait for it and leave together.
    const outcomes = await Promise.all(Array.from({ length: 30 }, () => ledger.post(send(alice, bob, 100))));
    const completed = outcomes.filter((o) => o.status === 'completed');
    expect(completed).toHaveLength(10);
    expect(outcomes.filter((o) => o.status === 'insufficient_funds')).toHaveLength(20);
    // Each completed send saw its own running balance, 9.00 down to 0.00.
    expect(completed.map((o) => (o.status === 'completed' ? o.fromBalanceMinor : -1)).sort((a, b) => a! - b!)).toEqual([
      0, 100, 200, 300, 400, 500, 600, 700, 800, 900,
    ]);
    expect(await transactionsOf(completed.map((o) => (o.status === 'completed' ? o.transferId : '')))).toBe(2);
    // What the wallet's batch-size histogram is told: one call of 1, then one of 29.
    expect(calls).toEqual([1, 29]);
    expect(await auditLedger(pool, namespace)).toMatchObject({ total_minor: 0, negative_accounts: 0, accounts_off_history: 0, unbalanced_transfers: 0 });
  });

  it('answers a repeated Idempotency-Key in the same batch with the first outcome, and refuses a reused one', async () => {
    const ledger = new Ledger(pool, schema, { concurrency: 1, maxBatch: 50 });
    const [alice, bob] = await funded(ledger, 2, 1_000);
    const keyed = (key: string, amountMinor: number) =>
      send(alice, bob, amountMinor, { idempotency: { scope: userScope(alice), key, requestHash: `send ${amountMinor}` } });
    const blocker = ledger.post(send(alice, bob, 1));
    const [first, again, reused] = await Promise.allSettled([ledger.post(keyed('k1', 100)), ledger.post(keyed('k1', 100)), ledger.post(keyed('k1', 200))]);
    await blocker;
    expect(first).toMatchObject({ status: 'fulfilled', value: { status: 'completed', replayed: false } });
    expect(again).toMatchObject({ status: 'fulfilled', value: { status: 'completed', replayed: true } });
    expect(
      again.status === 'fulfilled' &&
        first.status === 'fulfilled' &&
        again.value.status === 'completed' &&
        first.value.status === 'completed' &&
        again.value.transferId === first.value.transferId,
    ).toBe(true);
    expect(reused).toMatchObject({ status: 'rejected', reason: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM ${q}.transfers WHERE idempotency_key = 'k1'`);
    expect(rows[0].n).toBe(1);
  });

  it('fails only the transfer the database refuses; the others in its batch go through', async () => {
    const ledger = new Ledger(pool, schema, { concurrency: 1, maxBatch: 50 });
    const [alice, bob] = await funded(ledger, 2, 1_000);
    const blocker = ledger.post(send(alice, bob, 1));
    // post_transfer() raises on a charge credited to another merchant than its own: that aborts the whole call,
    // so the batch is posted again one by one.
    const mismatched = { ...debit(alice, 'tickets', 10), merchant: 'shop' as const };
    const results = await Promise.allSettled([...Array.from({ length: 5 }, () => ledger.post(send(alice, bob, 10))), ledger.post(mismatched)]);
    await blocker;
    expect(results.slice(0, 5).every((r) => r.status === 'fulfilled' && r.value.status === 'completed')).toBe(true);
    expect(results[5]).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/a debit cannot go from user/) } });
    expect(await auditLedger(pool, namespace)).toMatchObject({ total_minor: 0, accounts_off_history: 0, unbalanced_transfers: 0 });
  });

  it('does not post a transfer whose deadline passed while it waited for its batch', async () => {
    const ledger = new Ledger(pool, schema, { concurrency: 1, maxBatch: 50 });
    const [alice, bob] = await funded(ledger, 2, 1_000);
    const expired = new AbortController();
    const blocker = ledger.post(send(alice, bob, 1));
    const late = ledger.post(send(alice, bob, 500, { signal: expired.signal }));
    const onTime = ledger.post(send(alice, bob, 100));
    expired.abort();
    await expect(late).rejects.toMatchObject({ code: 'DEADLINE_EXCEEDED' });
    await expect(onTime).resolves.toMatchObject({ status: 'completed', fromBalanceMinor: 899 });
    await blocker;
  });

  it('refuses a refund in a batch: it locks the refunded transfer first and is posted alone', async () => {
    const record = { reverses: randomUUID(), kind: 'refund' };
    await expect(pool.query(postTransfersStatement(q), [JSON.stringify([record, record])])).rejects.toThrow(/a refund is posted alone/);
  });

  it('never deadlocks: batches that lock the same users and merchants in opposite orders, racing', { timeout: 120_000 }, async () => {
    const ledger = new Ledger(pool, schema);
    const users = await funded(ledger, 4, 1_000_000);
    const [u1, u2, u3, u4] = users;
    const toRecords = (requests: TransferRequest<object>[]) =>
      requests.map((r) => ({
        transfer_id: randomUUID(),
        kind: r.kind,
        from_kind: r.from.kind,
        from_owner: r.from.owner,
        to_kind: r.to.kind,
        to_owner: r.to.owner,
        amount_minor: r.amountMinor,
        currency: 'EUR',
        note: null,
        merchant: r.merchant ?? null,
        reference: null,
        category: null,
        reverses: null,
        reason: null,
        idem_scope: null,
        idem_key: null,
        request_hash: null,
        context: {},
        event_id: randomUUID(),
        event_subject: 'evt.wallet.transfer.completed',
        event_envelope: { occurredAt: '', data: { occurredAt: '' } },
      }));
    // Posted item by item in these orders, each pair would wait on the other: u1/u2 against u3/u4, shop against tickets.
    const pairs = [
      [
        [send(u1, u2, 1), send(u3, u4, 1), debit(u1, 'shop', 1), debit(u2, 'tickets', 1)],
        [send(u4, u3, 1), send(u2, u1, 1), debit(u3, 'tickets', 1), debit(u4, 'shop', 1)],
      ],
      [
        [debit(u1, 'tickets', 1), deposit(u2, 1), send(u3, u1, 1)],
        [send(u1, u3, 1), deposit(u4, 1), debit(u3, 'shop', 1), debit(u2, 'tickets', 1)],
      ],
    ];
    const errors: string[] = [];
    await inParallel(Array.from({ length: 150 }), 2, async (_, round) => {
      const [a, b] = pairs[round % pairs.length];
      const calls = [a, b].map((requests) =>
        pool.query(postTransfersStatement(q), [JSON.stringify(toRecords(requests))]).catch((e) => errors.push(e.code ?? e.message)),
      );
      await Promise.all(calls);
    });
    expect(errors).toEqual([]);
    expect(await auditLedger(pool, namespace)).toMatchObject({ total_minor: 0, negative_accounts: 0, accounts_off_history: 0, unbalanced_transfers: 0 });
  });

  it('keeps every invariant through racing batches of sends, charges and deposits', { timeout: 120_000 }, async () => {
    const ledger = new Ledger(pool, schema, { concurrency: 3, maxBatch: 8 });
    const users = await funded(ledger, 12, 2_000);
    const random = (n: number) => Math.floor(Math.random() * n);
    const merchants: Merchant[] = ['shop', 'tickets', 'esim'];
    const outcomes = await inParallel(Array.from({ length: 1_500 }), 40, async () => {
      const from = users[random(users.length)];
      const roll = random(10);
      if (roll === 0) return ledger.post(deposit(from, 50));
      if (roll < 4) return ledger.post(debit(from, merchants[random(3)], 1 + random(300)));
      let to = users[random(users.length)];
      while (to === from) to = users[random(users.length)];
      return ledger.post(send(from, to, 1 + random(300)));
    });
    // Some sends run out of money: the ledger must refuse them, never overdraw.
    expect(outcomes.filter((o) => o.status === 'insufficient_funds').length).toBeGreaterThan(0);
    const audit = await auditLedger(pool, namespace);
    expect(audit).toMatchObject({ total_minor: 0, negative_accounts: 0, accounts_off_history: 0, running_balance_mismatches: 0, unbalanced_transfers: 0 });
  });
});
