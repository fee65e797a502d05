import type { NatsConnection } from '@nats-io/transport-node';
import { type ServiceName, serviceNames, wallet } from '@platform/contracts';
import { TestApi, uniqueNamespace, waitFor } from '@platform/testkit';
import { adminSession } from '@platform/testkit/admin';
import { retryWhileBusy } from '@platform/testkit/commerce';
import { readStreamEvents } from '@platform/testkit/event-stream';
import { connectTestNats } from '@platform/testkit/nats';
import { startPlatform, type TestPlatform } from '@platform/testkit/platform';
import { TestWebSocket } from '@platform/testkit/websocket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { census, censusWhen, handledBetween, printTable } from './instance-reports.js';
import { LedgerProbe } from './ledger.js';
import { RawPublishes } from './raw-publishes.js';
import { type Fan, SendLoad, type SendRecord, send } from './wallet-load.js';

/** The ask: two of the gateway and of every service (24 processes). */
const REPLICAS = Object.fromEntries(serviceNames.map((service) => [service, 2])) as Record<ServiceName, number>;
const FANS = 8;
const DEPOSIT = '100.00';
const DEPOSIT_MINOR = 10_000;
const CONCURRENCY = 8;

const instanceOf = async (url: string): Promise<string> => (await (await fetch(`${url}/health`)).json()).instance;
const sum = (values: Iterable<number>) => [...values].reduce((total, value) => total + value, 0);

describe('two instances of every service', () => {
  const namespace = uniqueNamespace('so');
  let platform: TestPlatform;
  let gateways: TestApi[];
  let adminToken: string;
  let nc: NatsConnection;
  let ledger: LedgerProbe;
  let publishes: RawPublishes<{ transferId: string }>;
  const fans: Fan[] = [];
  /** Every send this file made, all phases: each must end as exactly one transfer. */
  const sends: SendRecord[] = [];

  beforeAll(async () => {
    // 24 cold tsx starts on a shared 2-core machine: far slower than one service.
    platform = await startPlatform(namespace, { replicas: REPLICAS, timeoutMs: 300_000 });
    gateways = platform.instances.get('gateway')!.map((gateway) => new TestApi(gateway.url));
    nc = await connectTestNats();
    // Subscribed before the first transfer, so every publish of every row is seen.
    publishes = new RawPublishes(nc, namespace, wallet.transferCompleted.subject);
    await nc.flush();
    ledger = new LedgerProbe(namespace);
    adminToken = (await adminSession(gateways[0], namespace)).token;
    for (let i = 0; i < FANS; i++) {
      const api = gateways[i % gateways.length];
      const fan = await retryWhileBusy(() => api.register());
      await retryWhileBusy(async () => {
        const res = await api.post('/api/wallet/deposit', { amount: DEPOSIT }, fan.token, { 'idempotency-key': `deposit-${fan.user.id}` });
        if (res.status !== 200) throw new Error(`deposit failed: ${res.status} ${JSON.stringify(res.body)}`);
      });
      fans.push(fan);
    }
  }, 420_000);

  afterAll(async () => {
    publishes?.stop();
    await nc?.close();
    await ledger?.close();
    await platform?.stop();
  }, 120_000);

  it('spreads wallet sends over both wallet instances and both gateways', async () => {
    const before = await censusWhen(gateways[0], adminToken, REPLICAS);
    const load = new SendLoad(gateways, fans, CONCURRENCY);
    await waitFor(() => load.completed().length >= 160, { timeoutMs: 150_000, intervalMs: 100, what: '160 wallet sends' });
    const records = await load.stop();
    sends.push(...records);
    expect(records.filter((record) => record.status !== 200).map((record) => record.status)).toEqual([]);

    const after = await census(gateways[0], adminToken);
    const walletSends = handledBetween(before, after, 'wallet', (report) => report.operations['wallet.send'] ?? 0);
    const gatewayRequests = handledBetween(before, after, 'gateway', (report) => report.httpRequests);
    printTable(
      `${records.length} wallet sends, ${CONCURRENCY} at a time, alternating gateways`,
      ['instance', 'requests handled'],
      [
        ...[...gatewayRequests].map(([instance, n]): [string, number] => [`gateway ${instance}`, n]),
        ...[...walletSends].map(([instance, n]): [string, number] => [`wallet ${instance}`, n]),
      ],
    );

    // Every send reached exactly one wallet instance, and NATS' queue group gave each a real share.
    expect(walletSends.size).toBe(2);
    expect(sum(walletSends.values())).toBe(records.length);
    for (const handled of walletSends.values()) expect(handled).toBeGreaterThanOrEqual(records.length * 0.2);
    // Each gateway process answered its half (plus the census requests to the first one).
    expect(gatewayRequests.size).toBe(2);
    for (const handled of gatewayRequests.values()) expect(handled).toBeGreaterThanOrEqual(records.length * 0.45);

    // Each instance's own /metrics says the same, under its own `instance` label.
    for (const process of platform.instances.get('wallet')!) {
      const instance = await instanceOf(process.url);
      const metrics = await (await fetch(`${process.url}/metrics`)).text();
      const counted = [...metrics.matchAll(/^operations_total\{([^}]*)\} (\d+)$/gm)]
        .filter(([, labels]) => labels.includes('operation="wallet.send"') && labels.includes(`instance="${instance}"`))
        .reduce((total, [, , value]) => total + Number(value), 0);
      expect(counted).toBe(after.find((report) => report.instance === instance)!.operations['wallet.send']);
    }
  }, 240_000);

  it('publishes every transfer once, though both wallet instances run an outbox relay', async () => {
    await waitFor(async () => (await ledger.outbox()).unpublished === 0, { timeoutMs: 30_000, what: 'the wallet outbox to drain' });
    const transfers = await ledger.transferIds();
    const reports = await censusWhen(gateways[0], adminToken, { wallet: 2 });
    const relayPublishes = new Map(reports.filter((report) => report.service === 'wallet').map((report) => [report.instance, report.eventsPublished]));
    printTable(`${transfers.length} transfers, outbox publishes by relay`, ['wallet instance', 'events published'], [...relayPublishes]);

    // What the two relays sent, before JetStream's de-duplication could hide a double publish.
    expect(publishes.repeats).toBe(0);
    expect(
      publishes
        .events()
        .map((event) => event.data.transferId)
        .sort(),
    ).toEqual([...transfers].sort());
    expect(sum(relayPublishes.values())).toBe(transfers.length);
    // Both relays really raced for the same rows (SKIP LOCKED), rather than one doing all the work.
    for (const published of relayPublishes.values()) expect(published).toBeGreaterThan(0);
    // The shared durable consumer of the two ai instances consumed each transfer once.
    await waitFor(async () => (await ledger.aiConsumedTransferEvents()) >= transfers.length, { timeoutMs: 60_000, what: 'ai to consume every transfer' });
    expect(await ledger.aiConsumedTransferEvents()).toBe(transfers.length);
  }, 120_000);

  it('pushes a message sent through one gateway to a socket connected to the other', async () => {
    const [gatewayA, gatewayB] = platform.instances.get('gateway')!;
    const [x, y] = fans;
    const socketOnA = await TestWebSocket.open(`${gatewayA.url.replace('http', 'ws')}/api/social/ws`, { protocols: ['bearer', x.token] });
    const socketOnB = await TestWebSocket.open(`${gatewayB.url.replace('http', 'ws')}/api/social/ws`, { protocols: ['bearer', y.token] });
    try {
      await socketOnA.next((frame) => frame.type === 'ready', { what: 'ready on gateway A' });
      await socketOnB.next((frame) => frame.type === 'ready', { what: 'ready on gateway B' });

      const viaB = await gateways[1].post('/api/social/messages', { recipientId: x.user.id, message: 'sent through gateway B' }, y.token);
      expect(viaB.status).toBe(201);
      const onA = await socketOnA.next((frame) => frame.type === 'message' && frame.message.id === viaB.body.message.id, {
        timeoutMs: 20_000,
        what: 'the message on gateway A',
      });
      expect(onA.message.text).toBe('sent through gateway B');

      const viaA = await gateways[0].post(
        '/api/social/messages',
        { conversationId: viaB.body.message.conversationId, message: 'answered through gateway A' },
        x.token,
      );
      expect(viaA.status).toBe(201);
      const onB = await socketOnB.next((frame) => frame.type === 'message' && frame.message.id === viaA.body.message.id, {
        timeoutMs: 20_000,
        what: 'the answer on gateway B',
      });
      expect(onB.message.text).toBe('answered through gateway A');
    } finally {
      socketOnA.close();
      socketOnB.close();
    }
  }, 60_000);

  it('loses at most the requests in flight when a wallet instance is SIGKILLed under load, and breaks no invariant', async () => {
    const [victim, survivor] = platform.instances.get('wallet')!;
    const survivorInstance = await instanceOf(survivor.url);
    const before = await censusWhen(gateways[0], adminToken, { wallet: 2 });
    const repeatsBefore = publishes.repeats;

    const load = new SendLoad(gateways, fans, CONCURRENCY);
    await waitFor(() => load.completed().length >= 40, { timeoutMs: 120_000, intervalMs: 50, what: 'the load to be under way' });
    const killStartedAt = performance.now();
    await victim.stop('SIGKILL');
    // Refused connections mean the kernel has closed every socket of the process, its NATS connection included.
    await waitFor(
      () =>
        fetch(`${victim.url}/health`).then(
          () => false,
          () => true,
        ),
      { timeoutMs: 10_000, what: 'the killed wallet to be gone' },
    );
    const killedAt = performance.now();
    await waitFor(() => load.completed().filter((record) => record.startedAt >= killedAt).length >= 80, {
      timeoutMs: 150_000,
      intervalMs: 100,
      what: '80 sends after the kill',
    });
    const records = await load.stop();
    sends.push(...records);

    // The kill is not an instant: from the signal until the process's sockets are closed, a request can
    // still be handed to it. In flight at the kill: not finished when the signal went, started before the end.
    const atSignal = records.filter((record) => record.startedAt < killStartedAt && record.endedAt! > killStartedAt);
    const duringKill = records.filter((record) => record.startedAt >= killStartedAt && record.startedAt < killedAt);
    const inFlightAtKill = new Set([...atSignal, ...duringKill]);
    const failed = records.filter((record) => record.status !== 200);
    const afterKill = records.filter((record) => record.startedAt >= killedAt);
    printTable(
      `SIGKILL of one wallet instance under ${CONCURRENCY} concurrent sends`,
      ['', 'requests'],
      [
        ['sends', records.length],
        ['in flight when the signal was sent', atSignal.length],
        [`started before its sockets closed (${Math.round(killedAt - killStartedAt)} ms later)`, duringKill.length],
        ['failed: 504 at the 15 s deadline, reply lost', failed.length],
        ['… of which started before its sockets closed', failed.filter((record) => duringKill.includes(record)).length],
        ['started after the kill', afterKill.length],
        ['failed after the kill', afterKill.filter((record) => record.status !== 200).length],
      ],
    );
    expect(failed.filter((record) => !inFlightAtKill.has(record))).toEqual([]);
    expect(failed.map((record) => record.status)).toEqual(failed.map(() => 504));
    expect(afterKill.map((record) => record.status)).toEqual(afterKill.map(() => 200));

    // A lost reply is not lost money: the same Idempotency-Key returns what happened, or does it now.
    for (const record of failed) expect(await send(gateways[0], record.from, record.to, record.idempotencyKey)).toBe(200);
    console.log(`${failed.length} failed sends retried with their Idempotency-Key: all 200`);

    // The survivor took every request after the kill.
    const after = await censusWhen(gateways[0], adminToken, { wallet: 1 });
    expect(after.find((report) => report.service === 'wallet')!.instance).toBe(survivorInstance);
    const survivorSends = handledBetween(before, after, 'wallet', (report) => report.operations['wallet.send'] ?? 0).get(survivorInstance)!;
    expect(survivorSends).toBeGreaterThanOrEqual(afterKill.length + failed.length);

    // No invariant broken: the ledger audits clean and money is conserved.
    const audit = await ledger.audit();
    expect(audit).toMatchObject({
      total_minor: 0,
      negative_accounts: 0,
      accounts_off_history: 0,
      running_balance_mismatches: 0,
      unbalanced_transfers: 0,
      orphan_entries: 0,
      orphan_transfers: 0,
    });
    const balances = await Promise.all(fans.map((fan) => retryWhileBusy(() => gateways[1].get('/api/wallet/balance', fan.token))));
    expect(sum(balances.map((res) => res.body.balanceMinor))).toBe(FANS * DEPOSIT_MINOR);
    // Each request, retried or not, made exactly one transfer.
    const transfers = await ledger.transferIds();
    expect(transfers.length).toBe(FANS + sends.length);

    // Every transfer has exactly one event: one outbox row, published, one stream message.
    await waitFor(async () => (await ledger.outbox()).unpublished === 0, { timeoutMs: 30_000, what: 'the survivor to drain the outbox' });
    expect((await ledger.outbox()).transferIds.sort()).toEqual([...transfers].sort());
    const streamed = await readStreamEvents<{ transferId: string }>(namespace, wallet.transferCompleted.subject);
    expect(streamed.map((event) => event.data.transferId).sort()).toEqual([...transfers].sort());
    console.log(`outbox publishes repeated by the survivor after the kill (dropped by JetStream): ${publishes.repeats - repeatsBefore}`);
  }, 300_000);
});
