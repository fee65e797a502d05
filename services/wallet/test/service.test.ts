import { createHmac } from 'node:crypto';
import { DEMO_USERS, serviceStatsSubject, wallet } from '@platform/contracts';
import { parseConfig } from '@platform/service-kit';
import { serviceEnv, TEST_JWT_SECRET, TestApi } from '@platform/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fundingProviderName, walletEnvSchema } from '../src/config.js';
import { seedDemoBalances } from '../src/store/demo-balances.js';
import { Ledger } from '../src/store/ledger.js';
import { startWalletHarness, type WalletHarness } from './harness.js';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
function accessToken(user: { id: string; email: string }): string {
  const head = b64({ alg: 'HS256', typ: 'JWT' });
  const body = b64({ sub: user.id, email: user.email, role: 'user', typ: 'access', exp: Math.floor(Date.now() / 1000) + 600 });
  return `${head}.${body}.${createHmac('sha256', TEST_JWT_SECRET).update(`${head}.${body}`).digest('base64url')}`;
}

describe('the wallet service itself', () => {
  let h: WalletHarness;
  let own: TestApi;
  beforeAll(async () => {
    h = await startWalletHarness();
    own = new TestApi(await h.wallet.listen(0));
  });
  afterAll(async () => h?.close());

  it('serves /health, /ready and /metrics on its own port', async () => {
    expect((await own.get('/health')).body).toMatchObject({ status: 'up', service: 'wallet' });
    const ready = await own.get('/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toMatchObject({ postgres: { status: 'up' }, nats: { status: 'up' } });
    const metrics = await fetch(`${own.baseUrl}/metrics`);
    expect(await metrics.text()).toContain('operations_total');
  });

  it('serves its routes standalone when JWT_SECRET is set, checking the token itself', async () => {
    const alice = await h.newUser();
    const bob = await h.newUser();
    const token = accessToken(alice.user);
    expect((await own.post('/api/wallet/deposit', { amount: 5 }, token)).status).toBe(200);
    const sent = await own.post('/api/wallet/send', { recipientId: bob.user.id, amount: 2 }, token);
    expect(sent.status).toBe(200);
    expect((await own.get('/api/wallet/balance', token)).body.balanceMinor).toBe(300);
    expect((await own.get('/api/wallet/balance')).status).toBe(401);
    expect((await own.get('/api/wallet/balance', `${token}x`)).status).toBe(401);
    // The deposit and the send each went through the ledger's batches: the histogram counted their calls.
    const metrics = await (await fetch(`${own.baseUrl}/metrics`)).text();
    const calls = Number(/^wallet_transfer_batch_records_count\{[^}]*\} (\d+)$/m.exec(metrics)?.[1]);
    expect(calls).toBeGreaterThanOrEqual(2);
  });

  it('appears in the gateway API document with its bodies and the Idempotency-Key header', async () => {
    const doc = await h.api.get('/docs/json');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/wallet/balance', '/api/wallet/transactions', '/api/wallet/transactions/{id}', '/api/wallet/send', '/api/wallet/deposit']),
    );
    const send = doc.body.paths['/api/wallet/send'].post;
    expect(JSON.stringify(send.requestBody)).toContain('recipientId');
    expect(JSON.stringify(send.parameters)).toContain('idempotency-key');
    // Internal operations are never routed.
    expect(JSON.stringify(doc.body.paths)).not.toContain('debit');
  });

  it('answers the gateway health and stats probes', async () => {
    const health = await h.wallet.healthReport();
    expect(health).toMatchObject({ service: 'wallet', status: 'up' });
    const reply = (await h.nc.request(`${h.namespace}.${serviceStatsSubject('wallet')}`, '', { timeout: 5_000 })).json<any>();
    expect(reply).toMatchObject({ ok: true, data: { pendingEvents: expect.any(Number), transfersApprox: expect.any(Number) } });
  });

  it('refuses to change or delete ledger history, even with direct SQL', async () => {
    const alice = await h.newUser();
    await h.fund(alice, 1);
    await expect(h.sql.query(`UPDATE "${h.schema}".entries SET amount_minor = 1000000`)).rejects.toThrow(/append-only/);
    await expect(h.sql.query(`DELETE FROM "${h.schema}".transfers`)).rejects.toThrow(/append-only/);
    await expect(h.sql.query(`TRUNCATE "${h.schema}".entries`)).rejects.toThrow(/append-only/);
    await expect(h.sql.query(`DELETE FROM "${h.schema}".accounts WHERE kind = 'user'`)).rejects.toThrow(/never changed or removed/);
    // And a direct overdraft is stopped by the table itself.
    await expect(h.sql.query(`UPDATE "${h.schema}".accounts SET balance_minor = -1 WHERE kind = 'user'`)).rejects.toThrow(/accounts_no_overdraft/);
    expect(await h.audit()).toMatchObject({ total_minor: 0, accounts_off_history: 0, orphan_entries: 0, orphan_transfers: 0, unbalanced_transfers: 0 });
  });

  it('seeds the demo users once, with a deposit from the funding account', async () => {
    const ledger = new Ledger(h.sql, h.schema);
    expect(await seedDemoBalances(ledger, 50_000)).toEqual({ credited: DEMO_USERS.length });
    expect(await seedDemoBalances(ledger, 50_000)).toEqual({ credited: 0 });
    const reply = await h.call(wallet.balance, { userId: DEMO_USERS[0].id });
    expect(reply).toMatchObject({ ok: true, data: { balanceMinor: 50_000, balance: 500 } });
    const { rows } = await h.sql.query(
      `SELECT t.kind, f.kind AS from_kind FROM "${h.schema}".transfers t JOIN "${h.schema}".accounts f ON f.id = t.from_account_id
        JOIN "${h.schema}".accounts u ON u.id = t.to_account_id WHERE u.owner = $1`,
      [DEMO_USERS[0].id],
    );
    expect(rows).toEqual([{ kind: 'deposit', from_kind: 'funding' }]);
  });

  it('reads its configuration from the environment with safe defaults', () => {
    const env = serviceEnv('wallet', 'cfg');
    delete (env as Record<string, string>).JWT_SECRET;
    const config = parseConfig(walletEnvSchema, env);
    expect(config).toMatchObject({ HTTP_PORT: 3101, WALLET_MAX_AMOUNT: 1_000_000, WALLET_IDEMPOTENCY_RETENTION_HOURS: 24 });
    expect(config.JWT_SECRET).toBeUndefined();
    expect(parseConfig(walletEnvSchema, { ...env, JWT_SECRET: '' }).JWT_SECRET).toBeUndefined();
    expect(fundingProviderName(config)).toBe('development');
    expect(() => parseConfig(walletEnvSchema, { ...env, WALLET_IDEMPOTENCY_RETENTION_HOURS: '1' })).toThrow(/WALLET_IDEMPOTENCY_RETENTION_HOURS/);
    expect(() => parseConfig(walletEnvSchema, { ...env, WALLET_MAX_AMOUNT: '12.345' })).toThrow(/WALLET_MAX_AMOUNT/);
    const production = parseConfig(walletEnvSchema, { ...env, NODE_ENV: 'production' });
    expect(fundingProviderName(production)).toBe('disabled');
    expect(() => fundingProviderName({ ...production, WALLET_FUNDING_PROVIDER: 'development' })).toThrow(/refused in production/);
  });
});
