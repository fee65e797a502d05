import { wallet } from '@platform/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inParallel, type Session, startWalletHarness, type WalletHarness } from './harness.js';

describe('the ledger under racing requests', () => {
  let h: WalletHarness;
  beforeAll(async () => {
    h = await startWalletHarness();
  });
  afterAll(async () => h?.close());

  it('lets exactly 100 of 200 concurrent sends of 1.00 from 100.00 through; the rest get 402 and the balance ends at 0.00', async () => {
    const alice = await h.newUser();
    const bob = await h.newUser();
    await h.fund(alice, '100.00');

    const responses = await Promise.all(
      Array.from({ length: 200 }, () => h.api.post('/api/wallet/send', { recipientId: bob.user.id, amount: 1 }, alice.token)),
    );
    const statuses = responses.map((r) => r.status);
    const counts: Record<number, number> = {};
    for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
    expect(counts).toEqual({ 200: 100, 402: 100 });
    expect(statuses.filter((s) => s === 200)).toHaveLength(100);
    expect(statuses.filter((s) => s === 402)).toHaveLength(100);
    expect(responses.filter((r) => r.status === 402).every((r) => r.body.error.code === 'INSUFFICIENT_FUNDS')).toBe(true);

    const balance = await h.api.get('/api/wallet/balance', alice.token);
    expect(balance.body).toEqual({ balance: 0, balanceMinor: 0, currency: 'EUR' });
    expect(await h.balanceMinor(bob)).toBe(10_000);
    // Each successful send saw a different running balance: 99.00 down to 0.00.
    const running = responses.filter((r) => r.status === 200).map((r) => r.body.transaction.runningBalanceMinor);
    expect(running.sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i * 100));
    // Newest first means newest first in time too: timestamps come from the database clock under the account lock.
    const history = await h.api.get('/api/wallet/transactions?limit=100&type=send', alice.token);
    const times = history.body.transactions.map((t: any) => Date.parse(t.timestamp));
    expect(times).toHaveLength(100);
    expect(times.every((t: number, i: number) => i === 0 || t <= times[i - 1])).toBe(true);
    expect(history.body.transactions.map((t: any) => t.runningBalanceMinor)).toEqual(Array.from({ length: 100 }, (_, i) => i * 100));
  });

  it('keeps every invariant through thousands of random transfers among 50 users from 8 parallel clients', { timeout: 240_000 }, async () => {
    const users: Session[] = await inParallel(Array.from({ length: 50 }), 4, () => h.newUser());
    await inParallel(users, 8, (user) => h.fund(user, 20));
    const before = await h.audit();

    const OPERATIONS = 2_400;
    const CLIENTS = 8;
    const random = (n: number) => Math.floor(Math.random() * n);
    const outcomes = { sent: 0, refused: 0, debited: 0, refunded: 0 };
    const debits: string[] = [];
    const refundIds = new Set<string>();
    await inParallel(Array.from({ length: OPERATIONS }), CLIENTS, async () => {
      const from = users[random(users.length)];
      const roll = random(20);
      if (roll === 0 && debits.length > 0) {
        // Now and then a merchant refunds one of its charges (each at most once, whoever asks).
        const reply = await h.call(wallet.refund, { transferId: debits[random(debits.length)], merchant: 'shop', reason: 'random refund' });
        if (!reply.ok) throw new Error(`refund failed: ${JSON.stringify(reply.error)}`);
        refundIds.add(reply.data.refundId);
        outcomes.refunded++;
        return;
      }
      if (roll < 3) {
        const reply = await h.call(wallet.debit, {
          userId: from.user.id,
          amount: (1 + random(300)) / 100,
          merchant: 'shop',
          reference: `order-${random(1e9)}`,
          idempotencyKey: `k-${random(1e12)}`,
        });
        if (reply.ok) {
          debits.push(reply.data.transferId);
          outcomes.debited++;
        } else if (reply.error.code === 'INSUFFICIENT_FUNDS') outcomes.refused++;
        else throw new Error(`debit failed: ${JSON.stringify(reply.error)}`);
        return;
      }
      let to = users[random(users.length)];
      while (to === from) to = users[random(users.length)];
      // Amounts up to 8.00 against balances around 20.00: refusals happen, overdrafts must not.
      const amount = ((1 + random(800)) / 100).toFixed(2);
      const res = await h.api.post('/api/wallet/send', { recipientId: to.user.id, amount }, from.token);
      if (res.status === 200) outcomes.sent++;
      else if (res.status === 402) outcomes.refused++;
      else throw new Error(`send failed: ${res.status} ${JSON.stringify(res.body)}`);
    });

    expect(outcomes.sent + outcomes.refused + outcomes.debited + outcomes.refunded).toBe(OPERATIONS);
    expect(outcomes.sent).toBeGreaterThan(1_000);
    expect(outcomes.refused).toBeGreaterThan(0);

    const after = await h.audit();
    // No money created or lost, no account below zero, every balance equals its history, every transfer balanced.
    expect(after.total_minor).toBe(0);
    expect(before.total_minor).toBe(0);
    expect(after).toMatchObject({
      negative_accounts: 0,
      accounts_off_history: 0,
      running_balance_mismatches: 0,
      unbalanced_transfers: 0,
      orphan_entries: 0,
      orphan_transfers: 0,
    });
    // A repeated refund of one debit answers with the first refund instead of making another.
    expect(after.transfers).toBe(before.transfers + outcomes.sent + outcomes.debited + refundIds.size);

    // The users' money only moved between them and the shop: their total is the deposits minus what the shop kept.
    const { rows } = await h.sql.query(
      `SELECT coalesce(sum(balance_minor) FILTER (WHERE kind = 'user'), 0)::bigint AS users, coalesce(sum(balance_minor) FILTER (WHERE kind = 'merchant'), 0)::bigint AS shop
         FROM "${h.schema}".accounts`,
    );
    expect(Number(rows[0].users) + Number(rows[0].shop)).toBe(
      -Number((await h.sql.query(`SELECT balance_minor FROM "${h.schema}".accounts WHERE kind = 'funding'`)).rows[0].balance_minor),
    );

    // Each user's history, read through the API, sums to the balance the API reports.
    for (const user of users.slice(0, 5)) {
      let sum = 0;
      let cursor: string | null = null;
      do {
        const page: any = await h.api.get(`/api/wallet/transactions?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, user.token);
        sum += page.body.transactions.reduce((acc: number, t: any) => acc + t.amountMinor, 0);
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(sum).toBe(await h.balanceMinor(user));
    }
  });
});
