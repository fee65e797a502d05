import type { NatsConnection } from '@nats-io/transport-node';
import { wallet } from '@platform/contracts';
import { ensureEventStream, parseConfig, type Service } from '@platform/service-kit';
import { dropNamespaceSchemas, type RunningProcess, serviceEnv, type TestApi, type TestGateway, uniqueNamespace, waitFor } from '@platform/testkit';
import { retryWhileBusy } from '@platform/testkit/commerce';
import { callOperation, connectTestNats, deleteEventStream } from '@platform/testkit/nats';
import { dropNamespaceKeys } from '@platform/testkit/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAiService } from '../src/app.js';
import { aiEnvSchema } from '../src/config.js';
import { monthOf } from '../src/domain/calendar.js';
import { SETUP_TIMEOUT_MS, startGatewayProcess, startWalletProcess, TEST_TIMEOUT_MS } from './platform-processes.js';

interface Shopper {
  token: string;
  user: { id: string };
}

/**
 * End to end with the real wallet (child process): money moves through the
 * wallet's own operations, the wallet publishes through its outbox, and the
 * AI's numbers must equal the wallet's own ledger.
 */
describe('insights equal the wallet ledger, end to end', { timeout: TEST_TIMEOUT_MS }, () => {
  const namespace = uniqueNamespace('aiw');
  let gateway: TestGateway;
  let walletProcess: RunningProcess;
  let api: TestApi;
  let nc: NatsConnection;
  let ai: Service;
  let fan: Shopper;
  let friend: Shopper;

  const charge = async (amount: string, merchant: 'shop' | 'tickets' | 'esim', category?: string) => {
    const reference = `order-${Math.random().toString(36).slice(2, 10)}`;
    const reply = await callOperation(nc, wallet.debit, namespace, {
      userId: fan.user.id,
      amount,
      merchant,
      reference,
      idempotencyKey: `${reference}-pay`,
      ...(category ? { category } : {}),
    });
    if (!reply.ok) throw new Error(`debit failed: ${JSON.stringify(reply.error)}`);
    return reply.data as { transferId: string };
  };

  /** The wallet's own view of the fan's history, every page. */
  const ledger = async (user: Shopper) => {
    const all: Array<{ type: string; amountMinor: number; timestamp: string }> = [];
    let cursor: string | null = null;
    do {
      const res: any = await api.get(`/api/wallet/transactions?limit=100${cursor ? `&cursor=${cursor}` : ''}`, user.token);
      expect(res.status).toBe(200);
      all.push(...res.body.transactions);
      cursor = res.body.nextCursor;
    } while (cursor);
    return all;
  };
  const sumOf = (entries: Array<{ type: string; amountMinor: number; timestamp: string }>, type: string, month: string) =>
    entries.filter((t) => t.type === type && monthOf(new Date(t.timestamp)) === month).reduce((sum, t) => sum + Math.abs(t.amountMinor), 0);

  /** A fan registered through the gateway, with money deposited through the gateway when asked. */
  const newUser = (deposit?: string) =>
    retryWhileBusy(async () => {
      const session = await api.register();
      if (deposit) {
        const res = await api.post('/api/wallet/deposit', { amount: deposit }, session.token);
        if (res.status !== 200) throw new Error(`deposit failed: ${res.status} ${JSON.stringify(res.body)}`);
      }
      return session as Shopper;
    });

  beforeAll(async () => {
    nc = await connectTestNats();
    await ensureEventStream(nc, namespace);
    [gateway, walletProcess] = await Promise.all([startGatewayProcess(namespace), startWalletProcess(namespace)]);
    api = gateway.api;
    ai = await buildAiService(parseConfig(aiEnvSchema, serviceEnv('ai', namespace, { HTTP_PORT: '0' })));
    fan = await newUser('200.00');
    friend = await newUser();
    const jersey = await charge('89.90', 'shop', 'jersey');
    await charge('45.00', 'tickets', 'match-ticket');
    await charge('19.90', 'esim');
    const refund = await callOperation(nc, wallet.refund, namespace, { transferId: jersey.transferId, merchant: 'shop', reason: 'returned' });
    expect(refund.ok).toBe(true);
    const send = await api.post('/api/wallet/send', { recipientId: friend.user.id, amount: '12.50' }, fan.token);
    expect(send.status).toBe(200);
  }, SETUP_TIMEOUT_MS);
  afterAll(async () => {
    await ai?.stop();
    await Promise.allSettled([gateway?.stop(), walletProcess?.stop()]);
    await deleteEventStream(nc, namespace);
    await nc?.close();
    await dropNamespaceSchemas(namespace);
    await dropNamespaceKeys(namespace);
  }, SETUP_TIMEOUT_MS);

  const insightsOf = async (user: Shopper, month: string) => {
    const res = await api.get(`/api/ai/insights?month=${month}`, user.token);
    expect(res.status).toBe(200);
    return res.body;
  };

  it('spending per month equals the ledger’s payments minus refunds; sends and deposits match too', async () => {
    const entries = await ledger(fan);
    expect(entries).toHaveLength(6);
    const months = [...new Set(entries.map((t) => monthOf(new Date(t.timestamp))))];
    for (const month of months) {
      // The wallet publishes through its outbox: wait until the AI has seen all of this month's movements.
      const expected = {
        paymentsMinor: sumOf(entries, 'payment', month),
        refundsMinor: sumOf(entries, 'refund', month),
        totalMinor: sumOf(entries, 'payment', month) - sumOf(entries, 'refund', month),
      };
      const insights = await waitFor(
        async () => {
          const body = await insightsOf(fan, month);
          return (
            body.spending.paymentsMinor === expected.paymentsMinor &&
            body.spending.refundsMinor === expected.refundsMinor &&
            body.transfers.sentMinor === sumOf(entries, 'send', month) &&
            body
          );
        },
        { timeoutMs: 60_000, what: `AI insights for ${month} to reach the ledger's sums` },
      );
      expect(insights.spending).toMatchObject(expected);
      expect(insights.transfers).toMatchObject({ sentMinor: sumOf(entries, 'send', month), depositedMinor: sumOf(entries, 'deposit', month) });
    }
    const all = await insightsOf(fan, monthOf(new Date(entries[0].timestamp)));
    if (months.length === 1) {
      expect(all.spending).toMatchObject({ paymentsMinor: 8_990 + 4_500 + 1_990, refundsMinor: 8_990, totalMinor: 6_490, paymentCount: 3, refundCount: 1 });
      // The wallet's refund carries no category: the AI takes the refunded payment's, so the jersey nets to zero.
      expect(all.byCategory).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ category: 'jersey', totalMinor: 0 }),
          expect.objectContaining({ category: 'esim', totalMinor: 1_990 }),
        ]),
      );
      expect(all.transfers).toMatchObject({ sentMinor: 1_250, depositedMinor: 20_000 });
      const received = await insightsOf(friend, all.month);
      expect(received.transfers.receivedMinor).toBe(1_250);
      expect(received.spending.totalMinor).toBe(0);
    }
  });

  it('projects from the wallet’s own balance', async () => {
    const balance = await api.get('/api/wallet/balance', fan.token);
    const balanceMinor = balance.body.balanceMinor;
    expect(balanceMinor).toBe(20_000 - 6_490 - 1_250);
    const res = await api.get('/api/ai/predictions', fan.token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'insufficient_history',
      balanceProjection: { currentBalanceMinor: balanceMinor, currentBalance: balanceMinor / 100, projectedBalance: null },
    });
  });

  it('serves the same routes on its own server for standalone use, with /health and /ready', async () => {
    const month = monthOf(new Date());
    const direct = await ai.http.inject({ method: 'GET', url: `/api/ai/insights?month=${month}`, headers: { authorization: `Bearer ${fan.token}` } });
    expect(direct.statusCode).toBe(200);
    const { generatedAt: _a, ...viaService } = direct.json();
    const { generatedAt: _b, ...viaGateway } = await insightsOf(fan, month);
    expect(viaService).toEqual(viaGateway);
    expect((await ai.http.inject({ method: 'GET', url: '/api/ai/insights' })).statusCode).toBe(401);
    expect((await ai.http.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    const ready = await ai.http.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(200);
  });
});
