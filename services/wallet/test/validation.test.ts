import { wallet } from '@platform/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, startWalletHarness, type WalletHarness } from './harness.js';

describe('bad input is a 400 naming the field, never a 5xx, and moves no money', () => {
  let h: WalletHarness;
  let alice: Session;
  let bob: Session;
  beforeAll(async () => {
    h = await startWalletHarness({ WALLET_MAX_AMOUNT: '10000.00' });
    alice = await h.newUser();
    bob = await h.newUser();
    await h.fund(alice, 100);
  });
  afterAll(async () => h?.close());

  const sendCases: Array<[string, unknown, string, RegExp?]> = [
    ['amount as a boolean', { amount: true }, 'amount', /decimal amount/],
    ['amount as an object', { amount: { value: 1 } }, 'amount', /decimal amount/],
    ['amount with 3 decimals', { amount: 1.234 }, 'amount', /at most 2 decimals/],
    ['amount with 3 decimals as text', { amount: '1.234' }, 'amount', /at most 2 decimals/],
    ['a float sum', { amount: 0.1 + 0.2 }, 'amount', /at most 2 decimals/],
    ['a negative amount', { amount: -5 }, 'amount', /greater than 0/],
    ['a zero amount', { amount: 0 }, 'amount', /greater than 0/],
    ['NaN as text', { amount: 'NaN' }, 'amount', /decimal amount/],
    ['Infinity as text', { amount: 'Infinity' }, 'amount', /decimal amount/],
    ['a huge amount', { amount: 1e300 }, 'amount', /decimal amount|at most|exponent/],
    ['a huge amount as text', { amount: '123456789012345678901234567890' }, 'amount', /at most/],
    ['over the configured maximum', { amount: 10000.01 }, 'amount', /at most 10000\.00/],
    ['a missing amount', {}, 'amount', /is required/],
    ['an unknown field', { amount: 1, admin: true }, 'admin', /unknown field/],
    ['a recipient id that is not a UUID', { amount: 1, recipientId: 'bob' }, 'recipientId', /UUID/],
    ['a recipient id of the wrong type', { amount: 1, recipientId: 42 }, 'recipientId'],
    ['a bad email', { amount: 1, recipientEmail: 'not-an-email' }, 'recipientEmail'],
    ['both recipient fields', { amount: 1, recipientEmail: 'x@example.com', recipientId: '3f0e0cb5-52f4-4b55-9b34-3e4c8c1a0b77' }, 'recipientId'],
    ['a note that is too long', { amount: 1, note: 'x'.repeat(141) }, 'note'],
  ];

  it.each(sendCases)('POST /api/wallet/send refuses %s', async (_name, body, field, message) => {
    const withRecipient = Object.keys(body as object).some((k) => k.startsWith('recipient')) ? body : { recipientId: bob.user.id, ...(body as object) };
    const res = await h.api.post('/api/wallet/send', withRecipient, alice.token);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
    expect(res.body.error.message.startsWith(`${field}: `)).toBe(true);
    if (message) expect(res.body.error.message).toMatch(message);
  });

  it('refuses a missing body, a non-object body and malformed JSON', async () => {
    const missing = await h.api.post('/api/wallet/send', undefined, alice.token);
    expect(missing.status).toBe(400);
    expect(missing.body.error.field).toBe('amount');
    const array = await h.api.request('POST', '/api/wallet/deposit', { rawBody: '[1]', token: alice.token, headers: { 'content-type': 'application/json' } });
    expect(array.status).toBe(400);
    expect(array.body.error.field).toBe('body');
    const malformed = await h.api.request('POST', '/api/wallet/deposit', {
      rawBody: '{"amount": 1',
      token: alice.token,
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    const bare = await h.api.request('POST', '/api/wallet/deposit', { rawBody: '5', token: alice.token, headers: { 'content-type': 'application/json' } });
    expect(bare.status).toBe(400);
  });

  it('refuses bad deposits and a malformed Idempotency-Key', async () => {
    for (const amount of [-1, 0, 1.001, '1,5', 20000, null]) {
      const res = await h.api.post('/api/wallet/deposit', { amount }, alice.token);
      expect(res.status, `deposit ${amount}`).toBe(400);
      expect(res.body.error.field).toBe('amount');
    }
    const badKey = await h.api.post('/api/wallet/deposit', { amount: 1 }, alice.token, { 'idempotency-key': 'spaces are not allowed' });
    expect(badKey.status).toBe(400);
    expect(badKey.body.error.field).toBe('Idempotency-Key');
  });

  it('refuses bad input to the internal operations too, naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ userId: 'nope', amount: 1, merchant: 'shop', reference: 'o1', idempotencyKey: 'k1' }, 'userId'],
      [{ userId: alice.user.id, amount: 1.001, merchant: 'shop', reference: 'o1', idempotencyKey: 'k1' }, 'amount'],
      [{ userId: alice.user.id, amount: 1, merchant: 'casino', reference: 'o1', idempotencyKey: 'k1' }, 'merchant'],
      [{ userId: alice.user.id, amount: 1, merchant: 'shop', reference: 'o1' }, 'idempotencyKey'],
      [{ userId: alice.user.id, amount: 1, merchant: 'shop', reference: 'o1', idempotencyKey: 'k1', extra: 1 }, 'extra'],
    ];
    for (const [input, field] of cases) {
      const reply = await h.call(wallet.debit, input);
      expect(reply, JSON.stringify(input)).toMatchObject({ ok: false, error: { status: 400, field } });
    }
    const refund = await h.call(wallet.refund, { merchant: 'shop', reason: 'x' });
    expect(refund).toMatchObject({ ok: false, error: { status: 400, field: 'transferId' } });
  });

  it('moved no money while refusing all that', async () => {
    expect(await h.balanceMinor(alice)).toBe(10_000);
    expect(await h.balanceMinor(bob)).toBe(0);
    const audit = await h.audit();
    expect(audit).toMatchObject({ total_minor: 0, negative_accounts: 0, accounts_off_history: 0, unbalanced_transfers: 0, transfers: 1 });
  });
});
