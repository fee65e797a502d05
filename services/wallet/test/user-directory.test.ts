import type { Subscription } from '@nats-io/transport-node';
import { auth, operationSubject } from '@platform/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWalletHarness, type WalletHarness } from './harness.js';

/**
 * Recipients come from the wallet's own read model of the gateway's user
 * events (docs/decisions/0975): a send never asks the gateway, and a user
 * registered a moment ago can be paid at once.
 */
describe('wallet recipients from the user read model', () => {
  let h: WalletHarness;
  let findUserRequests: Subscription;
  beforeAll(async () => {
    h = await startWalletHarness();
    // Every request on the subject reaches a plain subscriber as well as the gateway's handler.
    findUserRequests = h.nc.subscribe(operationSubject(auth.findUser, h.namespace));
    await h.nc.flush();
  });
  afterAll(async () => h?.close());

  it('pays a user registered a moment ago, by email and by id, without one call to gateway.findUser', async () => {
    const alice = await h.newUser();
    await h.fund(alice, 100);
    for (let n = 0; n < 5; n++) {
      const email = `new-fan-${n}-${Date.now()}@example.com`;
      const bob = await h.api.register({ email, name: `New Fan ${n}` });
      // At once after the 201, with the address as the sender typed it.
      const byEmail = await h.api.post('/api/wallet/send', { recipientEmail: email.toUpperCase(), amount: '1.00' }, alice.token);
      expect(byEmail.status, JSON.stringify(byEmail.body)).toBe(200);
      expect(byEmail.body.transaction.counterparty).toEqual({ kind: 'user', id: bob.user.id, name: `New Fan ${n}` });
      const carol = await h.api.register();
      const byId = await h.api.post('/api/wallet/send', { recipientId: carol.user.id, amount: '1.00' }, alice.token);
      expect(byId.status, JSON.stringify(byId.body)).toBe(200);
    }
    expect(await h.balanceMinor(alice)).toBe(10_000 - 10 * 100);

    const history = await h.api.get('/api/wallet/transactions?limit=1', alice.token);
    expect(history.body.transactions[0].counterparty.name).toBe('Test User');
    await h.nc.flush();
    expect(findUserRequests.getReceived()).toBe(0);
  });

  it('lets 20 sends race to a brand-new recipient, all paid', async () => {
    const alice = await h.newUser();
    await h.fund(alice, 20);
    const bob = await h.api.register();
    const sends = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        h.api.post('/api/wallet/send', { recipientEmail: bob.user.email, amount: '1.00' }, alice.token, { 'Idempotency-Key': `race-${n}-${bob.user.id}` }),
      ),
    );
    expect(sends.map((res) => res.status)).toEqual(Array(20).fill(200));
    expect(await h.balanceMinor(bob)).toBe(2_000);
    expect(findUserRequests.getReceived()).toBe(0);
  });

  it('still answers 404 naming the field for an address nobody registered, without waiting out the bound', async () => {
    const alice = await h.newUser();
    await h.fund(alice, 1);
    const asked = Date.now();
    const res = await h.api.post('/api/wallet/send', { recipientEmail: 'nobody-ever@example.com', amount: '1.00' }, alice.token);
    expect(res.status).toBe(404);
    expect(res.body.error.field).toBe('recipientEmail');
    expect(Date.now() - asked).toBeLessThan(h.config.USER_DIRECTORY_WAIT_MS);
    const { rows } = await h.sql.query(`SELECT count(*)::int AS n FROM "${h.schema}".directory_users WHERE email = lower($1)`, [alice.user.email]);
    expect(rows[0].n).toBe(1);
  });

  it('would have counted a call to gateway.findUser (the zeros above can fail)', async () => {
    const before = findUserRequests.getReceived();
    const alice = await h.newUser();
    expect(await h.call(auth.findUser, { id: alice.user.id })).toMatchObject({ ok: true });
    await h.nc.flush();
    expect(findUserRequests.getReceived()).toBe(before + 1);
  });
});
