import { wallet } from '@platform/contracts';
import { waitFor } from '@platform/testkit';
import { streamEvents } from '@platform/testkit/nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWalletHarness, type WalletHarness } from './harness.js';

describe('wallet through the gateway: deposits, sends, balance and history', () => {
  let h: WalletHarness;
  beforeAll(async () => {
    h = await startWalletHarness();
  });
  afterAll(async () => h?.close());

  it('starts at 0.00 and keeps decimal money exact: 0.1 + 0.2 is 0.3', async () => {
    const alice = await h.newUser();
    expect((await h.api.get('/api/wallet/balance', alice.token)).body).toEqual({ balance: 0, balanceMinor: 0, currency: 'EUR' });

    const first = await h.api.post('/api/wallet/deposit', { amount: 0.1 }, alice.token);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ success: true, status: 'completed', balance: 0.1, balanceMinor: 10, currency: 'EUR' });
    expect(first.body.transaction).toMatchObject({ type: 'deposit', direction: 'in', amount: 0.1, amountMinor: 10, counterparty: { kind: 'funding' } });
    await h.api.post('/api/wallet/deposit', { amount: '0.2' }, alice.token);

    const balance = await h.api.get('/api/wallet/balance', alice.token);
    expect(balance.body).toEqual({ balance: 0.3, balanceMinor: 30, currency: 'EUR' });
  });

  it('sends by recipient id or email; both sides see the same transfer, each from their side', async () => {
    const alice = await h.newUser();
    const bob = await h.newUser();
    await h.fund(alice, 50);

    const byId = await h.api.post('/api/wallet/send', { recipientId: bob.user.id, amount: 12.5, note: 'tickets' }, alice.token);
    expect(byId.status).toBe(200);
    expect(byId.body).toMatchObject({ success: true, balance: 37.5, balanceMinor: 3750, currency: 'EUR' });
    expect(byId.body.transaction).toMatchObject({
      type: 'send',
      direction: 'out',
      amount: -12.5,
      amountMinor: -1250,
      counterparty: { kind: 'user', id: bob.user.id, name: 'Test User' },
      note: 'tickets',
      runningBalance: 37.5,
    });

    const byEmail = await h.api.post('/api/wallet/send', { recipientEmail: bob.user.email.toUpperCase(), amount: '2.50' }, alice.token);
    expect(byEmail.status).toBe(200);
    expect(byEmail.body.balanceMinor).toBe(3500);

    const bobView = await h.api.get(`/api/wallet/transactions/${byId.body.transaction.id}`, bob.token);
    expect(bobView.status).toBe(200);
    expect(bobView.body).toMatchObject({ id: byId.body.transaction.id, type: 'receive', direction: 'in', amountMinor: 1250, note: 'tickets' });
    expect(bobView.body.counterparty).toMatchObject({ kind: 'user', id: alice.user.id });
    expect(await h.balanceMinor(bob)).toBe(1500);
  });

  it('refuses sending to yourself (400), to nobody (404), and more than the balance (402 with the balance)', async () => {
    const alice = await h.newUser();
    await h.fund(alice, '10.00');

    const self = await h.api.post('/api/wallet/send', { recipientId: alice.user.id, amount: 1 }, alice.token);
    expect(self.status).toBe(400);
    expect(self.body.error).toMatchObject({ code: 'BAD_REQUEST', field: 'recipientId' });
    const selfByEmail = await h.api.post('/api/wallet/send', { recipientEmail: alice.user.email, amount: 1 }, alice.token);
    expect(selfByEmail.status).toBe(400);
    expect(selfByEmail.body.error.field).toBe('recipientEmail');

    const nobody = await h.api.post('/api/wallet/send', { recipientId: '3f0e0cb5-52f4-4b55-9b34-3e4c8c1a0b77', amount: 1 }, alice.token);
    expect(nobody.status).toBe(404);
    expect(nobody.body.error).toMatchObject({ code: 'NOT_FOUND', field: 'recipientId' });
    const nobodyByEmail = await h.api.post('/api/wallet/send', { recipientEmail: 'nobody-here@example.com', amount: 1 }, alice.token);
    expect(nobodyByEmail.status).toBe(404);

    const bob = await h.newUser();
    const tooMuch = await h.api.post('/api/wallet/send', { recipientId: bob.user.id, amount: 10.01 }, alice.token);
    expect(tooMuch.status).toBe(402);
    expect(tooMuch.body.error).toMatchObject({ code: 'INSUFFICIENT_FUNDS', details: { balance: 10, balanceMinor: 1000, currency: 'EUR' } });
    // Nothing moved.
    expect(await h.balanceMinor(alice)).toBe(1000);
    expect(await h.balanceMinor(bob)).toBe(0);
    // Exactly the balance is fine.
    expect((await h.api.post('/api/wallet/send', { recipientId: bob.user.id, amount: 10 }, alice.token)).status).toBe(200);
    expect(await h.balanceMinor(alice)).toBe(0);
  });

  it('lists transactions newest first with cursor pages, a type filter and running balances', async () => {
    const alice = await h.newUser();
    const bob = await h.newUser();
    await h.fund(alice, 100);
    for (const amount of [1, 2, 3, 4, 5]) {
      expect((await h.api.post('/api/wallet/send', { recipientId: bob.user.id, amount, note: `n${amount}` }, alice.token)).status).toBe(200);
    }
    await h.api.post('/api/wallet/send', { recipientId: alice.user.id, amount: 0.5 }, bob.token);

    const seen: any[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/wallet/transactions?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await h.api.get(query, alice.token);
      expect(page.status).toBe(200);
      expect(page.body.transactions.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.transactions);
      cursor = page.body.nextCursor;
    } while (cursor);

    expect(seen.map((t) => t.type)).toEqual(['receive', 'send', 'send', 'send', 'send', 'send', 'deposit']);
    expect(seen.map((t) => t.amountMinor)).toEqual([50, -500, -400, -300, -200, -100, 10000]);
    expect(seen.map((t) => t.runningBalanceMinor)).toEqual([8550, 8500, 9000, 9400, 9700, 9900, 10000]);
    expect(new Set(seen.map((t) => t.id)).size).toBe(7);
    // The history adds up to the balance.
    expect(seen.reduce((sum, t) => sum + t.amountMinor, 0)).toBe(await h.balanceMinor(alice));
    const times = seen.map((t) => Date.parse(t.timestamp));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const sendsOnly = await h.api.get('/api/wallet/transactions?type=send&limit=100', alice.token);
    expect(sendsOnly.body.transactions).toHaveLength(5);
    expect(sendsOnly.body.transactions.every((t: any) => t.type === 'send' && t.counterparty.id === bob.user.id)).toBe(true);
    const badType = await h.api.get('/api/wallet/transactions?type=theft', alice.token);
    expect(badType.status).toBe(400);
    expect(badType.body.error.field).toBe('type');
    const badCursor = await h.api.get('/api/wallet/transactions?cursor=not-a-cursor', alice.token);
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.field).toBe('cursor');
  });

  it("never shows another user's transactions", async () => {
    const alice = await h.newUser();
    const bob = await h.newUser();
    const mallory = await h.newUser();
    await h.fund(alice, 20);
    const sent = await h.api.post('/api/wallet/send', { recipientId: bob.user.id, amount: 5 }, alice.token);
    const transferId = sent.body.transaction.id;

    const peek = await h.api.get(`/api/wallet/transactions/${transferId}`, mallory.token);
    expect(peek.status).toBe(404);
    expect(peek.body.error.code).toBe('NOT_FOUND');
    const list = await h.api.get('/api/wallet/transactions?limit=100', mallory.token);
    expect(list.body.transactions).toEqual([]);
    // Query parameters cannot point the listing at someone else.
    const sneaky = await h.api.get(`/api/wallet/transactions?userId=${alice.user.id}`, mallory.token);
    expect(sneaky.body.transactions ?? []).toEqual([]);
    expect((await h.api.get(`/api/wallet/transactions/${transferId}`, alice.token)).status).toBe(200);
    expect((await h.api.get('/api/wallet/transactions/not-a-uuid', alice.token)).status).toBe(400);
    const anonymous = await h.api.get('/api/wallet/balance');
    expect(anonymous.status).toBe(401);
  });

  it('publishes evt.wallet.transfer.completed for each transfer through the outbox', async () => {
    const alice = await h.newUser();
    const bob = await h.newUser();
    await h.fund(alice, 3);
    const sent = await h.api.post('/api/wallet/send', { recipientId: bob.user.id, amount: 1.25 }, alice.token);
    const transferId = sent.body.transaction.id;
    const event = await waitFor(
      async () => (await streamEvents<any>(h.nc, h.namespace, wallet.transferCompleted.subject)).find((e) => e.data.transferId === transferId),
      { what: 'the send event on the stream' },
    );
    expect(event).toMatchObject({
      subject: 'evt.wallet.transfer.completed',
      v: 1,
      data: { kind: 'send', amountMinor: 125, amount: '1.25', currency: 'EUR', fromUserId: alice.user.id, toUserId: bob.user.id, merchant: null },
    });
    expect(event.data.occurredAt).toBe(sent.body.transaction.timestamp);
  });
});
