import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWalletHarness, type WalletHarness } from './harness.js';

describe('Idempotency-Key on wallet POSTs', () => {
  let h: WalletHarness;
  beforeAll(async () => {
    h = await startWalletHarness();
  });
  afterAll(async () => h?.close());

  const transfersWithKey = async (key: string) =>
    (await h.sql.query(`SELECT count(*)::int AS n FROM "${h.schema}".transfers WHERE idempotency_key = $1`, [key])).rows[0].n as number;

  it('makes one transfer from the same key sent 20 times at once, and answers each with the same response', async () => {
    const alice = await h.newUser();
    const bob = await h.newUser();
    await h.fund(alice, 100);
    const key = `send-${Date.now()}`;
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => h.api.post('/api/wallet/send', { recipientId: bob.user.id, amount: 7 }, alice.token, { 'idempotency-key': key })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(responses.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(await transfersWithKey(key)).toBe(1);
    expect(await h.balanceMinor(alice)).toBe(9300);
    expect(await h.balanceMinor(bob)).toBe(700);
  });

  it('replays the first response later, even after the balance moved, and refuses the key with another body (409)', async () => {
    const alice = await h.newUser();
    const bob = await h.newUser();
    await h.fund(alice, 50);
    const headers = { 'idempotency-key': 'order-42' };
    const first = await h.api.post('/api/wallet/send', { recipientId: bob.user.id, amount: 10, note: 'x' }, alice.token, headers);
    await h.fund(alice, 5);
    // The same request written differently ("10.00" vs 10, other key order) is the same request.
    const replay = await h.api.post('/api/wallet/send', { note: 'x', amount: '10.00', recipientId: bob.user.id }, alice.token, headers);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    expect(replay.body.balanceMinor).toBe(4000);

    const other = await h.api.post('/api/wallet/send', { recipientId: bob.user.id, amount: 11, note: 'x' }, alice.token, headers);
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const otherOperation = await h.api.post('/api/wallet/deposit', { amount: 10 }, alice.token, headers);
    expect(otherOperation.status).toBe(409);
    expect(await h.balanceMinor(alice)).toBe(4500);
  });

  it('scopes keys per user: the same key from two users is two requests', async () => {
    const alice = await h.newUser();
    const bob = await h.newUser();
    const headers = { 'idempotency-key': 'shared-key' };
    const a = await h.api.post('/api/wallet/deposit', { amount: 3 }, alice.token, headers);
    const b = await h.api.post('/api/wallet/deposit', { amount: 4 }, bob.token, headers);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.transaction.id).not.toBe(b.body.transaction.id);
    expect(await h.balanceMinor(alice)).toBe(300);
    expect(await h.balanceMinor(bob)).toBe(400);
  });

  it('deposits once per key, also when retried concurrently', async () => {
    const alice = await h.newUser();
    const key = `deposit-${Date.now()}`;
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => h.api.post('/api/wallet/deposit', { amount: 25 }, alice.token, { 'idempotency-key': key })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(new Set(responses.map((r) => r.body.transaction.id)).size).toBe(1);
    expect(await h.balanceMinor(alice)).toBe(2500);
  });

  it('stores a refusal for insufficient funds: the replay is the same 402, even after a top-up (ADR 0102)', async () => {
    const alice = await h.newUser();
    const bob = await h.newUser();
    await h.fund(alice, 1);
    const headers = { 'idempotency-key': 'too-much' };
    const refused = await h.api.post('/api/wallet/send', { recipientId: bob.user.id, amount: 5 }, alice.token, headers);
    expect(refused.status).toBe(402);
    await h.fund(alice, 10);
    const replay = await h.api.post('/api/wallet/send', { recipientId: bob.user.id, amount: 5 }, alice.token, headers);
    expect(replay.status).toBe(402);
    expect(replay.body.error).toEqual(refused.body.error);
    // A new key is a new attempt, and it now succeeds.
    const fresh = await h.api.post('/api/wallet/send', { recipientId: bob.user.id, amount: 5 }, alice.token, { 'idempotency-key': 'too-much-2' });
    expect(fresh.status).toBe(200);
  });

  it('does not store a refusal made before the ledger was touched (unknown recipient)', async () => {
    const alice = await h.newUser();
    await h.fund(alice, 5);
    const headers = { 'idempotency-key': 'who-is-that' };
    const email = `later-${Date.now()}@example.com`;
    expect((await h.api.post('/api/wallet/send', { recipientEmail: email, amount: 1 }, alice.token, headers)).status).toBe(404);
    await h.api.register({ email });
    expect((await h.api.post('/api/wallet/send', { recipientEmail: email, amount: 1 }, alice.token, headers)).status).toBe(200);
  });
});
