import { randomBytes, randomUUID, scrypt } from 'node:crypto';
import { Agent, request } from 'node:http';
import { cpus } from 'node:os';
import { createSigner } from 'fast-jwt';

/** A fan as the apps hold one: a session, and the address its carrier shows the gateway. */
export interface Fan {
  id: string;
  token: string;
}

/** One phase's answers: how many of each status, latencies of the successes, wall time. */
export interface PhaseResult {
  name: string;
  attempts: number;
  ok: number;
  byStatus: Record<number, number>;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  seconds: number;
  /** Requests sent again with the same Idempotency-Key after a 503/504 (the drop only). */
  retries?: number;
  cpuMs?: Record<string, number>;
}

const pct = (sorted: number[], p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0);

/** `x.y.z.w` for fan i: one carrier address per `perAddress` fans. */
export const addressOf = (i: number, addresses: number) => {
  const n = i % addresses;
  return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
};

/**
 * Runs `items` through `attempt` with at most `concurrency` in flight; each
 * answers an HTTP status. Latency percentiles are of the successes (2xx).
 */
export async function wave<T>(name: string, items: T[], concurrency: number, attempt: (item: T, index: number) => Promise<number>): Promise<PhaseResult> {
  const latencies: number[] = [];
  const byStatus: Record<number, number> = {};
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        const t0 = performance.now();
        const status = await attempt(items[index], index).catch(() => 0);
        byStatus[status] = (byStatus[status] ?? 0) + 1;
        if (status >= 200 && status < 300) latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const ok = latencies.length;
  return { name, attempts: items.length, ok, byStatus, perSecond: ok / seconds, p50Ms: pct(latencies, 0.5), p99Ms: pct(latencies, 0.99), seconds };
}

/**
 * Kept-alive connections, as phones keep theirs. node:http costs the load
 * generator about a third of what fetch() does per request, and this process
 * shares the two cores with the platform it measures.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 1_000 });

/** POST JSON to the gateway as one fan behind one address; resolves the status and the body. */
export function post(
  gatewayUrl: string,
  path: string,
  body: unknown,
  options: { token?: string; address?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${gatewayUrl}${path}`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.address ? { 'x-forwarded-for': options.address } : {}),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * The machine's bare password-hash rate: the gateway's production scrypt cost
 * (`owasp`: N=2^15, r=8, p=3, 64 bytes; docs/decisions/0941), as many at a
 * time as libuv's thread pool runs, for `seconds`. What registration could
 * reach if hashing were all it did.
 */
export async function bareHashRate(seconds: number): Promise<number> {
  const threads = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
  const until = performance.now() + seconds * 1000;
  let hashes = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.max(threads, cpus().length) }, async () => {
      while (performance.now() < until) {
        await new Promise<void>((resolve, reject) =>
          scrypt(randomUUID(), randomBytes(16), 64, { N: 32_768, r: 8, p: 3, maxmem: 64 * 1024 * 1024 }, (err) => (err ? reject(err) : resolve())),
        );
        hashes++;
      }
    }),
  );
  return hashes / ((performance.now() - started) / 1000);
}

/**
 * Registration wave: `count` fans at `concurrency`, each behind its own
 * address (a crowd of phones). Each fan's app does what a 503 says: it waits
 * Retry-After and sends the same request again with the same Idempotency-Key,
 * until its account exists. The rate is fans ready per second over the wave.
 */
export async function registrationWave(gatewayUrl: string, tag: string, count: number, concurrency: number): Promise<{ result: PhaseResult; fans: Fan[] }> {
  const fans: Fan[] = [];
  let retries = 0;
  const result = await wave(
    `registration wave (${count} fans, concurrency ${concurrency}, retrying 503 after Retry-After)`,
    Array.from({ length: count }, (_, i) => i),
    concurrency,
    async (i) => {
      const key = randomUUID();
      for (let attempt = 1; ; attempt++) {
        const res = await post(
          gatewayUrl,
          '/api/auth/register',
          { email: `fan-${tag}-${i}@example.com`, password: 'match-day-password', name: `Fan ${i}`, clubId: 'psg' },
          { address: addressOf(i, 100_000), headers: { 'idempotency-key': key } },
        );
        if (res.status === 201) fans.push({ id: res.body.user.id, token: res.body.token });
        if (res.status !== 503 || attempt >= 30) return res.status;
        retries++;
        const retryAfter = Number(res.body?.error?.retryAfter ?? 1);
        // Apps spread their retries a little, or they all come back in the same millisecond.
        await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 * (0.75 + Math.random() * 0.5)));
      }
    },
  );
  result.retries = retries;
  return { result, fans };
}

/**
 * Fans beyond the registration wave, signed in without registering: an access
 * token signed with the gateway's secret, as its login would sign one (HS256,
 * `sub`, `role`, `email`, `typ: access`). Registering 1,000 fans costs 1,000
 * password hashes, minutes on a shared 2-core machine; the drop does not need
 * them to have passwords. Their wallet accounts open with their first deposit.
 */
export function signedInFans(secret: string, tag: string, count: number): Fan[] {
  const sign = createSigner({ key: secret, algorithm: 'HS256', expiresIn: 3_600_000 });
  return Array.from({ length: count }, () => {
    const id = randomUUID();
    return { id, token: sign({ sub: id, role: 'user', email: `fan-${tag}-${id}@example.com`, typ: 'access' }) };
  });
}

/** Deposits `amount` for every fan (with an Idempotency-Key, retried while busy). */
export async function fund(gatewayUrl: string, fans: Fan[], amount: string): Promise<void> {
  await wave('funding', fans, 20, async (fan, i) => {
    for (let attempt = 1; ; attempt++) {
      const res = await post(
        gatewayUrl,
        '/api/wallet/deposit',
        { amount },
        { token: fan.token, address: addressOf(i, 100_000), headers: { 'idempotency-key': `fund-${fan.id}` } },
      );
      if (res.status === 200) return 200;
      if (attempt >= 10) throw new Error(`deposit kept failing: ${res.status} ${JSON.stringify(res.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  });
}

/**
 * The drop: every fan asks once for one seat, `concurrency` at a time, with an
 * Idempotency-Key as the apps send it. `addresses` carrier addresses (1: all
 * behind one NAT). Returns the answers and the purchased ticket ids.
 */
export async function drop(
  name: string,
  options: { gatewayUrl: string; fans: Fan[]; eventId: string; concurrency: number; addresses: number },
): Promise<{ result: PhaseResult; ticketIds: string[]; holders: Fan[] }> {
  const ticketIds: string[] = [];
  const holders: Fan[] = [];
  let retries = 0;
  const result = await wave(name, options.fans, options.concurrency, async (fan, i) => {
    // As the contract asks: 503/504 means "outcome unknown", so the app asks again with the same key
    // (a few times, half a second apart) and gets the purchase's real outcome.
    const key = randomUUID();
    for (let attempt = 1; ; attempt++) {
      const res = await post(
        options.gatewayUrl,
        '/api/tickets/purchase',
        { eventId: options.eventId, category: 'standard', price: 10 },
        { token: fan.token, address: addressOf(i, options.addresses), headers: { 'idempotency-key': key } },
      );
      if ((res.status === 503 || res.status === 504) && attempt < 5) {
        retries++;
        await new Promise((resolve) => setTimeout(resolve, 500));
        continue;
      }
      if (res.status === 201) {
        ticketIds.push(res.body.id);
        holders.push(fan);
      }
      return res.status;
    }
  });
  result.retries = retries;
  return { result, ticketIds, holders };
}

/** The signed token of each ticket, as the fan's phone fetches it (GET /api/tickets/:id/qr as JSON). */
export async function ticketTokens(gatewayUrl: string, ticketIds: string[], holders: Fan[]): Promise<string[]> {
  const tokens: string[] = [];
  await wave('tokens', ticketIds, 20, async (id, i) => {
    const res = await fetch(`${gatewayUrl}/api/tickets/${id}/qr`, {
      headers: { authorization: `Bearer ${holders[i].token}`, accept: 'application/json', 'x-forwarded-for': addressOf(i, 100_000) },
    });
    const body = (await res.json()) as { token?: string };
    if (!res.ok || !body.token) throw new Error(`qr of ${id}: ${res.status} ${JSON.stringify(body)}`);
    tokens.push(body.token);
    return res.status;
  });
  return tokens;
}

/** Gate check-in: each token scanned once by the gate (one staff session, one address), then a second scan of a few. */
export async function gate(
  name: string,
  options: { gatewayUrl: string; staffToken: string; eventId: string; tokens: string[]; concurrency: number },
): Promise<{ result: PhaseResult; accepted: number; secondScansRefused: number }> {
  let accepted = 0;
  const scan = (token: string) =>
    post(
      options.gatewayUrl,
      '/api/tickets/check-in',
      { token, nonce: randomUUID(), eventId: options.eventId },
      { token: options.staffToken, address: '10.250.0.1' },
    );
  const result = await wave(name, options.tokens, options.concurrency, async (token) => {
    const res = await scan(token);
    if (res.status === 200 && res.body.accepted) accepted++;
    return res.status;
  });
  let secondScansRefused = 0;
  for (const token of options.tokens.slice(0, 10)) {
    const res = await scan(token);
    if (res.status === 200 && res.body.accepted === false && res.body.reason === 'already_redeemed') secondScansRefused++;
  }
  return { result, accepted, secondScansRefused };
}
