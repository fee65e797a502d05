import { randomBytes } from 'node:crypto';
import { adminSession } from './admin.js';
import { retryWhileBusy } from './commerce.js';
import type { TestApi } from './http.js';
import { type LoadRecord, LoadRecorder, type MixedRoute, type Outcome } from './load-recorder.js';

/**
 * The mixed load of the faults suite and of bench/mixed, through the gateway:
 * wallet sends between random users, ticket purchases for events with few
 * seats, bookings racing for the same slots, and orders-snapshot posts. It
 * records every answer (see LoadRecorder) and remembers what the platform
 * accepted, so the invariant checks can compare it with what was stored.
 */

export interface MixedWorkloadOptions {
  users?: number;
  /** Deposited into each user's wallet before the load, in whole euros. */
  depositEuros?: number;
  /** Seats of each ticket event: small ones sell out under the load (buyers race for the last seats), a large one keeps charging wallets. */
  ticketCapacities?: readonly number[];
  ticketPriceEuros?: number;
  snapshotEvents?: number;
  /** Distinct `service_name`s bookings spread over; each has 20 days × 9 slots. */
  bookingServices?: number;
  /** The gateway's database, for promoting the admin that creates the ticket events (default: testkit's infra). */
  databaseUrl?: string;
}

export const MIXED_ROUTES: readonly MixedRoute[] = ['wallet.send', 'tickets.purchase', 'bookings.create', 'orders.snapshot'];

export interface LoadShape {
  /** Concurrent request loops per route. */
  loops?: Partial<Record<MixedRoute, number>>;
  /** Pause of each loop between two requests; 0 runs closed-loop at full speed. */
  pauseMs?: number;
}

interface Session {
  token: string;
  user: { id: string; email: string };
}

/** Answers that are the platform working as intended: refusals the load provokes on purpose, by status and error code. */
const INTENDED_REFUSALS: Record<MixedRoute, ReadonlyArray<{ status: number; code: string }>> = {
  'wallet.send': [{ status: 402, code: 'INSUFFICIENT_FUNDS' }], // the sender's balance ran out
  'tickets.purchase': [
    { status: 402, code: 'INSUFFICIENT_FUNDS' },
    { status: 409, code: 'CONFLICT' }, // sold out (the only conflict the load can meet: no price sent, fresh keys, events on sale)
  ],
  'bookings.create': [{ status: 409, code: 'CONFLICT' }], // slot taken by a concurrent booking
  'orders.snapshot': [],
};

/** The error code of an answer in any of the three error styles: {error: {code}}, {code} (flat and success-flag). */
const errorCode = (body: unknown): unknown => {
  const answer = body as { code?: unknown; error?: { code?: unknown } } | undefined;
  return typeof answer?.error === 'object' ? answer.error?.code : answer?.code;
};

const BOOKING_SLOTS = ['09:00-10:00', '10:00-11:00', '11:00-12:00', '12:00-13:00', '14:00-15:00', '15:00-16:00', '16:00-17:00', '17:00-18:00', '18:00-19:00'];
const BOOKING_DAYS = 20;

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A day `days` after today (UTC), as YYYY-MM-DD; starting two days out keeps clear of the service's time zone's "today". */
const dayFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export class MixedWorkload {
  readonly recorder = new LoadRecorder();
  /** Snapshot event id → order ids the service answered 200 for. */
  readonly acceptedOrders = new Map<string, Set<string>>();
  /** Total deposited before the load, in minor units: what the users and merchants hold between them. */
  depositedMinor = 0;
  private sequence = 0;
  private readonly pending = new Map<MixedRoute, number>();
  private running = false;
  private loops: Promise<void>[] = [];

  private constructor(
    private readonly api: TestApi,
    private readonly runId: string,
    readonly users: Session[],
    readonly ticketEvents: string[],
    readonly snapshotEvents: string[],
    private readonly bookingServices: string[],
  ) {}

  /** Registers and funds the users and creates the ticket events (through the gateway, as an admin). */
  static async prepare(api: TestApi, namespace: string, options: MixedWorkloadOptions = {}): Promise<MixedWorkload> {
    const runId = randomBytes(3).toString('hex');
    const users: Session[] = [];
    const count = options.users ?? 20;
    const depositEuros = options.depositEuros ?? 500;
    // A few at a time: password hashing is deliberately slow.
    for (let i = 0; i < count; i += 4) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(4, count - i) }, async () => {
          const session = await retryWhileBusy(() => api.register());
          await retryWhileBusy(async () => {
            const res = await api.post('/api/wallet/deposit', { amount: depositEuros }, session.token, {
              'idempotency-key': `mixed-deposit-${session.user.id}`,
            });
            if (res.status !== 200) throw new Error(`deposit failed: ${res.status} ${JSON.stringify(res.body)}`);
          });
          return session;
        }),
      );
      users.push(...batch);
    }
    const admin = await adminSession(api, namespace, options.databaseUrl);
    const ticketEvents: string[] = [];
    for (const [i, capacity] of (options.ticketCapacities ?? [25, 25, 1000]).entries()) {
      const res = await api.post(
        '/api/tickets/admin/events',
        {
          clubId: 'psg',
          title: `Mixed load ${runId} #${i}`,
          venue: 'Parc des Princes',
          startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
          categories: [{ code: 'standard', name: 'Standard', price: String(options.ticketPriceEuros ?? 5), capacity }],
        },
        admin.token,
      );
      if (res.status !== 201) throw new Error(`ticket event creation failed: ${res.status} ${JSON.stringify(res.body)}`);
      ticketEvents.push(res.body.id);
    }
    const snapshotEvents = Array.from({ length: options.snapshotEvents ?? 3 }, (_, i) => `MIX${runId}-${i}`);
    const bookingServices = Array.from({ length: options.bookingServices ?? 1 }, (_, i) => `Mixed ${runId} ${i}`);
    const workload = new MixedWorkload(api, runId, users, ticketEvents, snapshotEvents, bookingServices);
    workload.depositedMinor = count * depositEuros * 100;
    return workload;
  }

  /** Starts the request loops; they run until stop(). */
  start(shape: LoadShape = {}): void {
    if (this.running) return;
    this.running = true;
    const loops = { 'wallet.send': 3, 'tickets.purchase': 2, 'bookings.create': 1, 'orders.snapshot': 2, ...shape.loops };
    this.loops = (Object.entries(loops) as [MixedRoute, number][]).flatMap(([route, n]) =>
      Array.from({ length: n }, async () => {
        while (this.running) {
          await this.once(route);
          if (shape.pauseMs) await sleep(shape.pauseMs);
        }
      }),
    );
  }

  /**
   * Posts an empty order list for every snapshot event: the service then writes
   * any logged order the object does not hold yet (one whose post timed out).
   */
  async flushSnapshots(): Promise<void> {
    for (const eventId of this.snapshotEvents) {
      await retryWhileBusy(async () => {
        const answer = await this.api.post('/api/orders/snapshot', { event_id: eventId, orders: [] });
        if (answer.status !== 200) throw new Error(`snapshot flush of ${eventId}: ${answer.status} ${JSON.stringify(answer.body)}`);
      });
    }
  }

  /** Stops the loops and waits for the requests in flight. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
    this.loops = [];
  }

  /** Requests of a route sent and not answered yet. */
  inFlight(route: MixedRoute): number {
    return this.pending.get(route) ?? 0;
  }

  /** Sends one request of a route, records its answer and returns the record. */
  async once(route: MixedRoute): Promise<LoadRecord> {
    const startedAt = Date.now();
    let status = 0;
    let body: unknown;
    this.pending.set(route, this.inFlight(route) + 1);
    try {
      const res = await this.request(route);
      status = res.status;
      body = res.body;
    } catch (error) {
      body = (error as Error).message; // connection refused or reset: status 0
    } finally {
      this.pending.set(route, this.inFlight(route) - 1);
    }
    const record: LoadRecord = { route, startedAt, endedAt: Date.now(), status, outcome: classify(route, status, body) };
    this.recorder.record(record, body);
    return record;
  }

  private request(route: MixedRoute) {
    const key = `mixed-${this.runId}-${++this.sequence}`;
    switch (route) {
      case 'wallet.send': {
        const [from, to] = twoDistinct(this.users);
        const amount = (1 + Math.floor(Math.random() * 1500) / 100).toFixed(2);
        return this.api.post('/api/wallet/send', { recipientId: to.user.id, amount, note: 'mixed load' }, from.token, { 'idempotency-key': key });
      }
      case 'tickets.purchase':
        return this.api.post('/api/tickets/purchase', { eventId: pick(this.ticketEvents), category: 'standard' }, pick(this.users).token, {
          'idempotency-key': key,
        });
      case 'bookings.create':
        return this.api.post(
          '/api/bookings/create-reservation',
          {
            date: dayFromNow(2 + Math.floor(Math.random() * BOOKING_DAYS)),
            timeSlot: pick(BOOKING_SLOTS),
            prestation: 'coupe_homme',
            service_name: pick(this.bookingServices),
          },
          pick(this.users).token,
          { 'idempotency-key': key },
        );
      case 'orders.snapshot':
        return this.postOrders(key);
    }
  }

  private async postOrders(key: string) {
    const eventId = pick(this.snapshotEvents);
    const accepted = this.acceptedOrders.get(eventId) ?? new Set<string>();
    const orders = Array.from({ length: 1 + Math.floor(Math.random() * 3) }, (_, i) => ({ order_id: `${key}-${i}`, client_name: 'Dupont Jean', items: [] }));
    // Now and then a repost of an order already in: it must be neither lost nor counted twice.
    if (accepted.size > 0 && Math.random() < 0.2) orders.push({ order_id: pick([...accepted]), client_name: 'Dupont Jean', items: [] });
    const res = await this.api.post('/api/orders/snapshot', { event_id: eventId, orders });
    if (res.status === 200) {
      for (const order of orders) accepted.add(order.order_id);
      this.acceptedOrders.set(eventId, accepted);
    }
    return res;
  }
}

function classify(route: MixedRoute, status: number, body: unknown): Outcome {
  if (status >= 200 && status < 300) return 'ok';
  return INTENDED_REFUSALS[route].some((refusal) => refusal.status === status && refusal.code === errorCode(body)) ? 'refused' : 'error';
}

function twoDistinct<T>(items: readonly T[]): [T, T] {
  const first = Math.floor(Math.random() * items.length);
  const second = (first + 1 + Math.floor(Math.random() * (items.length - 1))) % items.length;
  return [items[first], items[second]];
}
