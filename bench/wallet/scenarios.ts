import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { operationSubject, type ReplyEnvelope, wallet } from '@platform/contracts';
import autocannon from 'autocannon';
import { namespace } from './environment.js';
import { closedLoop, type ScenarioResult } from './measure.js';

export interface BenchUser {
  id: string;
  token: string;
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];

/** Registers users through the gateway and gives each plenty of money with a deposit. */
export async function createFundedUsers(gatewayUrl: string, count: number, depositEach: string): Promise<BenchUser[]> {
  const post = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${gatewayUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as any;
    if (!res.ok) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(json)}`);
    return json;
  };
  const users: BenchUser[] = [];
  // Registration hashes a password (scrypt, ~50 ms of CPU): two at a time is what 2 cores allow.
  for (let i = 0; i < count; i += 2) {
    const batch = await Promise.all(
      [i, i + 1]
        .filter((n) => n < count)
        .map(async (n) => {
          // Set-up, not measured: a busy machine can miss the gateway's deadline; a retry registers another address.
          for (let attempt = 1; ; attempt++) {
            try {
              return await post('/api/auth/register', {
                email: `bench-${namespace}-${n}-${attempt}@example.com`,
                password: 'bench-password',
                name: `Bench ${n}`,
                clubId: 'psg',
              });
            } catch (error) {
              if (attempt >= 10 || !/answered 50[34]/.test((error as Error).message)) throw error;
            }
          }
        }),
    );
    users.push(...batch.map((session) => ({ id: session.user.id, token: session.token })));
  }
  await Promise.all(users.map((user) => post('/api/wallet/deposit', { amount: depositEach }, user.token)));
  return users;
}

/** POST /api/wallet/send through the gateway with autocannon: random sender and recipient, 0.01 each. */
export async function gatewaySends(
  name: string,
  options: { gatewayUrl: string; users: BenchUser[]; connections: number; seconds: number; idempotencyKeys: boolean },
): Promise<ScenarioResult> {
  const result = await autocannon({
    url: options.gatewayUrl,
    connections: options.connections,
    duration: options.seconds,
    requests: [
      {
        method: 'POST',
        path: '/api/wallet/send',
        setupRequest: (request: any) => {
          const from = pick(options.users);
          let to = pick(options.users);
          while (to === from) to = pick(options.users);
          return {
            ...request,
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${from.token}`,
              ...(options.idempotencyKeys ? { 'idempotency-key': randomUUID() } : {}),
            },
            body: JSON.stringify({ recipientId: to.id, amount: '0.01' }),
          };
        },
      },
    ],
  });
  const ok = (result as any)['2xx'] as number;
  return {
    name,
    perSecond: Math.round(ok / result.duration),
    p50Ms: Math.round(result.latency.p50),
    p99Ms: Math.round(result.latency.p99),
    ok,
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

/** wallet.debit straight over NATS, as shop/tickets/esim call it: every call with its own idempotency key. */
export function natsDebits(name: string, options: { nc: NatsConnection; users: BenchUser[]; callers: number; seconds: number }): Promise<ScenarioResult> {
  const subject = operationSubject(wallet.debit, namespace);
  return closedLoop(name, { callers: options.callers, seconds: options.seconds }, async () => {
    const input = {
      userId: pick(options.users).id,
      amount: '0.01',
      merchant: pick(wallet.merchants),
      reference: `order-${randomUUID()}`,
      idempotencyKey: randomUUID(),
      category: 'bench',
    };
    const msg = await options.nc.request(subject, JSON.stringify({ input, ctx: { requestId: 'bench', deadline: Date.now() + 5_000 } }), { timeout: 5_000 });
    return msg.json<ReplyEnvelope>().ok;
  });
}
