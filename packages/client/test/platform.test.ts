import { createHash, randomBytes } from 'node:crypto';
import { esim, shop, tickets } from '@platform/contracts';
import { uniqueNamespace, waitFor } from '@platform/testkit';
import { adminSession } from '@platform/testkit/admin';
import { startPlatform, type TestPlatform } from '@platform/testkit/platform';
import { decodeQrPng } from '@platform/testkit/qr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, type ChatMessage, PaieCashFanAPIClient } from '../src/index.js';

/**
 * The SDK against the whole platform (every service as a real process), with
 * the seed's method names: each test is what a front end does.
 */

const ORDERS_API_KEY = 'sdk-test-orders-key-0123456789';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The error a call rejects with, asserted to be an ApiError. */
async function apiErrorOf(call: Promise<unknown>): Promise<ApiError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const dayFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('PaieCashFanAPIClient on the running platform', () => {
  const namespace = uniqueNamespace('sdk');
  let platform: TestPlatform;
  let admin: PaieCashFanAPIClient;
  /** Requests the fan's client sent, to check the headers the SDK adds. */
  const sent: Array<{ method: string; url: string; headers: Headers }> = [];

  const newClient = (options: { apiKey?: string; record?: boolean } = {}) =>
    new PaieCashFanAPIClient({
      baseURL: `${platform.api.baseUrl}/api`,
      apiKey: options.apiKey,
      fetch: options.record
        ? (input, init) => {
            sent.push({ method: init?.method ?? 'GET', url: String(input), headers: new Headers(init?.headers) });
            return fetch(input, init);
          }
        : undefined,
    });

  async function newFan(options: { deposit?: number; record?: boolean } = {}) {
    const api = newClient(options);
    const session = await api.register(`fan-${randomBytes(4).toString('hex')}@example.com`, 'password-123', 'Sdk Fan', 'psg');
    if (options.deposit) await api.depositMoney(options.deposit);
    return { api, user: session.user };
  }

  beforeAll(async () => {
    platform = await startPlatform(namespace, {
      only: ['gateway', 'wallet', 'shop', 'tickets', 'esim', 'social', 'ai', 'bookings', 'storage', 'orders-snapshot'],
      serviceEnv: { 'orders-snapshot': { ORDERS_API_KEY } },
    });
    const session = await adminSession(platform.api, namespace);
    admin = newClient();
    await admin.login(session.email, session.password);
  }, 600_000);
  afterAll(async () => {
    await platform?.stop();
  });

  describe('wallet', () => {
    it('deposits, sends by id and by email, and lists the transactions', async () => {
      const alice = await newFan();
      const bob = await newFan();
      expect(await alice.api.depositMoney('100.00')).toMatchObject({ success: true, status: 'completed', balanceMinor: 10_000 });
      const sentToBob = await alice.api.sendMoney(bob.user.id, 12.5, { note: 'Match tickets' });
      expect(sentToBob).toMatchObject({ balanceMinor: 8750, transaction: { type: 'send', amountMinor: -1250, note: 'Match tickets' } });
      await alice.api.sendMoney(bob.user.email, '0.10');
      expect(await bob.api.getWalletBalance()).toMatchObject({ balance: 12.6, balanceMinor: 1260, currency: 'EUR' });
      const { transactions } = await alice.api.getTransactions({ type: 'send' });
      expect(transactions.map((t) => t.amountMinor)).toEqual([-10, -1250]);
      expect((await alice.api.getTransaction(sentToBob.transaction.id)).counterparty.id).toBe(bob.user.id);
    });

    it('generates an Idempotency-Key for each POST that takes one, and only for those', async () => {
      const fan = await newFan({ deposit: 50, record: true });
      const other = await newFan();
      sent.length = 0;
      await fan.api.sendMoney(other.user.id, 1);
      await fan.api.sendMoney(other.user.id, 1);
      await fan.api.getWalletBalance();
      const keys = sent.map((request) => request.headers.get('idempotency-key'));
      expect(keys[0]).toMatch(UUID_V4);
      expect(keys[1]).toMatch(UUID_V4);
      expect(keys[1]).not.toBe(keys[0]);
      expect(keys[2]).toBeNull();
      expect(sent.every((request) => request.headers.get('authorization')?.startsWith('Bearer '))).toBe(true);
    });

    it('makes one transfer from two calls with the same explicit key', async () => {
      const fan = await newFan({ deposit: 30 });
      const other = await newFan();
      const idempotencyKey = `retry-${randomBytes(6).toString('hex')}`;
      const first = await fan.api.sendMoney(other.user.id, 10, { idempotencyKey });
      const retried = await fan.api.sendMoney(other.user.id, 10, { idempotencyKey });
      expect(retried.transaction.id).toBe(first.transaction.id);
      expect((await fan.api.getWalletBalance()).balanceMinor).toBe(2000);
      expect((await other.api.getWalletBalance()).balanceMinor).toBe(1000);
    });
  });

  describe('typed errors', () => {
    it('carries status, code, message, field, details and the request id in every error style', async () => {
      const fan = await newFan({ deposit: 5 });
      const other = await newFan();
      const poor = await apiErrorOf(fan.api.sendMoney(other.user.id, 6));
      expect(poor).toMatchObject({ status: 402, code: 'INSUFFICIENT_FUNDS', field: 'amount', details: { balanceMinor: 500 } });
      expect(poor.message).toMatch(/5\.00/);
      expect(poor.requestId).toBeTruthy();
      expect(await apiErrorOf(fan.api.depositMoney('12.345'))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', field: 'amount' });
      expect(await apiErrorOf(fan.api.getTransaction('5f0c1b2a-3d4e-4f50-8a6b-7c8d9e0f1a2b'))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
      // bookings answer in the seed's {success: false, error, code, field} style
      const booking = await apiErrorOf(fan.api.getOccupiedSlots('2026-02-30', 'Coiffure'));
      expect(booking).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', field: 'date' });
      expect(booking.message).toMatch(/calendar date/);
      const offline = new PaieCashFanAPIClient({ baseURL: 'http://127.0.0.1:1' });
      expect(await apiErrorOf(offline.health())).toMatchObject({ status: 0, code: 'NETWORK_ERROR' });
    });
  });

  describe('commerce from one wallet, then what the AI makes of it', () => {
    let fan: Awaited<ReturnType<typeof newFan>>;
    let productId: string;
    let planId: string;
    const eventId = `sdk-${randomBytes(3).toString('hex')}`;
    beforeAll(async () => {
      fan = await newFan({ deposit: 500 });
      await admin.call(shop.upsertClub, { id: 'psg', name: 'Paris Saint-Germain' });
      productId = (await admin.call(shop.createProduct, { clubId: 'psg', category: 'jersey', name: `Jersey ${namespace}`, price: '20.00', stock: 5 })).id;
      planId = (await admin.call(esim.createPlan, { name: `Plan ${namespace}`, dataMb: 5120, validityDays: 7, countries: ['FR', 'ES'], price: '9.90' })).id;
      const startsAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
      await admin.call(tickets.adminCreateEvent, {
        id: eventId,
        clubId: 'psg',
        title: 'PSG - OM',
        venue: 'Parc des Princes',
        startsAt,
        categories: [{ code: 'premium', name: 'Premium', price: '89.99', capacity: 10 }],
      });
    });

    it('shop: products, cart, a stale total refused, then checkout', async () => {
      const { products } = await fan.api.getProducts('psg', 'jersey');
      expect(products.map((p) => p.id)).toContain(productId);
      expect(await fan.api.addToCart(productId, 2)).toMatchObject({ success: true, itemCount: 2, totalMinor: 4000 });
      expect((await fan.api.getCart()).items).toEqual([expect.objectContaining({ productId, quantity: 2, available: true })]);
      const stale = await apiErrorOf(fan.api.checkout(35));
      expect(stale).toMatchObject({ status: 409, code: 'PRICE_CHANGED', field: 'total', details: { totalMinor: 4000 } });
      const { order } = await fan.api.checkout(40);
      expect(order).toMatchObject({ status: 'confirmed', totalMinor: 4000, itemCount: 2 });
      expect((await fan.api.getCart()).itemCount).toBe(0);
      expect((await fan.api.getOrders()).orders.map((o) => o.id)).toEqual([order.id]);
    });

    it('tickets: events, purchase at the shown price, my tickets, a QR code that scans to the signed token', async () => {
      const { events } = await fan.api.getEvents('psg');
      expect(events.find((e) => e.id === eventId)?.categories[0]).toMatchObject({ code: 'premium', priceMinor: 8999, seatsLeft: 10 });
      const ticket = await fan.api.purchaseTicket(eventId, 'premium', 89.99);
      expect(ticket).toMatchObject({ eventId, category: 'premium', status: 'valid', priceMinor: 8999 });
      expect((await fan.api.getMyTickets()).tickets.map((t) => t.id)).toContain(ticket.id);
      const qr = await fan.api.getTicketQR(ticket.id);
      expect(decodeQrPng(qr.qrDataUrl)).toBe(qr.token);
      expect((await fan.api.getEvent(eventId)).categories[0]!.seatsLeft).toBe(9);
    });

    it('esim: plans for a country, activation with a GSMA code, the active eSIM', async () => {
      expect((await fan.api.getESIMPlans('ES')).plans.map((p) => p.id)).toContain(planId);
      expect((await fan.api.getESIMPlans('JP')).plans.map((p) => p.id)).not.toContain(planId);
      const { esim: activated } = await fan.api.activateESIM(planId);
      expect(activated).toMatchObject({ planId, status: 'active' });
      expect(activated.activationCode).toMatch(/^LPA:1\$/);
      expect(decodeQrPng(activated.qrCodeDataUrl!)).toBe(activated.activationCode);
      expect((await fan.api.getActiveESIM()).esim?.id).toBe(activated.id);
      expect((await fan.api.getWalletBalance()).balanceMinor).toBe(50_000 - 4000 - 8999 - 990);
    });

    it('ai: insights count the three purchases; recommendations and predictions answer for the fan', async () => {
      const insights = await waitFor(
        async () => {
          const answer = await fan.api.getAIInsights();
          return answer.spending.paymentCount === 3 ? answer : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 500, what: 'the AI service to see the three payments' },
      );
      expect(insights.spending.totalMinor).toBe(4000 + 8999 + 990);
      expect(insights.topMerchants.map((m) => m.merchant).sort()).toEqual(['esim', 'shop', 'tickets']);
      expect((await fan.api.getAIRecommendations({ limit: 5 })).userId).toBe(fan.user.id);
      // A wallet a few minutes old has too little history to forecast honestly.
      expect(await fan.api.getAIPredictions()).toMatchObject({ userId: fan.user.id, status: 'insufficient_history', predictedSpending: null });
    });
  });

  describe('social', () => {
    it('delivers a message over realtime, and resumes what was missed while disconnected', async () => {
      const alice = await newFan();
      const bob = await newFan();
      const received: ChatMessage[] = [];
      const realtime = await alice.api.connectRealtime({ onMessage: (message) => received.push(message) });
      const first = await bob.api.sendMessageToUser(alice.user.id, 'Allez Paris !', { clientMessageId: 'm-1' });
      expect(first.conversationCreated).toBe(true);
      const conversationId = first.message.conversationId;
      await waitFor(() => received.some((m) => m.id === first.message.id), { timeoutMs: 20_000, what: 'the message over realtime' });
      const { conversations } = await alice.api.getConversations();
      expect(conversations[0]).toMatchObject({ id: conversationId, unreadCount: 1 });
      realtime.close();

      const missed = await bob.api.sendMessage(conversationId, 'Tu viens au Parc ?');
      const resumed: ChatMessage[] = [];
      const again = await alice.api.connectRealtime({ afterSeq: realtime.lastSeq, onMessage: (message) => resumed.push(message) });
      await waitFor(() => resumed.some((m) => m.id === missed.message.id), { timeoutMs: 20_000, what: 'the missed message on resume' });
      expect(resumed.map((m) => m.id)).not.toContain(first.message.id);
      again.close();

      await alice.api.sendMessage(conversationId, 'Oui, à ce soir');
      expect((await bob.api.getMessages(conversationId)).messages.map((m) => m.text)).toEqual(['Oui, à ce soir', 'Tu viens au Parc ?', 'Allez Paris !']);
    });

    it('refuses realtime without a session', async () => {
      await expect(newClient().connectRealtime()).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    });
  });

  describe('bookings', () => {
    it('books a slot as the signed-in user, reads it back, refuses the same slot, cancels', async () => {
      const fan = await newFan();
      const date = dayFromNow(2);
      const service = `Coiffure ${namespace}`;
      const created = await fan.api.createReservation({ date, timeSlot: '10:00-11:00', prestation: 'coupe_homme', service_name: service });
      expect(created.reservation).toMatchObject({ email: fan.user.email, status: 'confirmed', date });
      expect((await fan.api.getOccupiedSlots(date, service)).occupied_slots).toEqual(['10:00-11:00']);
      expect((await fan.api.getUserBookings(fan.user.email)).bookings.map((b) => b._id)).toEqual([created.booking_id]);
      const other = await newFan();
      const taken = await apiErrorOf(other.api.createReservation({ date, timeSlot: '10:00-11:00', prestation: 'coupe_homme', service_name: service }));
      expect(taken).toMatchObject({ status: 409, code: 'CONFLICT' });
      expect(await fan.api.cancelReservation(created.booking_id)).toMatchObject({ status: 'cancelled' });
      expect((await fan.api.getOccupiedSlots(date, service)).occupied_slots).toEqual([]);
    });
  });

  describe('storage', () => {
    it('uploads bytes and a Blob through presigned URLs, and reads them back', async () => {
      const fan = await newFan();
      const bytes = new Uint8Array(randomBytes(4096));
      const stored = await fan.api.uploadFile(bytes, { name: 'photo.png', contentType: 'image/png' });
      expect(stored).toMatchObject({ status: 'confirmed', size: 4096, content_type: 'image/png', owner_id: fan.user.id });
      expect(sha256(await platform.bucket.private.bytes(stored.key))).toBe(sha256(bytes));
      expect(sha256((await fan.api.downloadFile(stored.object_id)).bytes)).toBe(sha256(bytes));

      const blob = await fan.api.uploadFile(new Blob(['hello from a Blob'], { type: 'application/octet-stream' }), { name: 'hello.bin' });
      expect(await platform.bucket.private.text(blob.key)).toBe('hello from a Blob');
      expect((await fan.api.getFiles()).objects.map((o) => o.object_id).sort()).toEqual([stored.object_id, blob.object_id].sort());
      expect(await apiErrorOf(fan.api.uploadFile(bytes))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', field: 'name' });
    });

    it('uploads a large file in parts', async () => {
      const fan = await newFan();
      const bytes = new Uint8Array(randomBytes(5 * 1024 * 1024 + 4321));
      const stored = await fan.api.uploadLargeFile(bytes, { name: 'clip.mp4', contentType: 'video/mp4', partSize: 5 * 1024 * 1024 });
      expect(stored).toMatchObject({ status: 'confirmed', size: bytes.length });
      expect(sha256(await platform.bucket.private.bytes(stored.key))).toBe(sha256(bytes));
    });
  });

  describe('orders snapshot', () => {
    it('posts orders with the API key and finds them in the bucket, counted once', async () => {
      const photographer = newClient({ apiKey: ORDERS_API_KEY });
      const orders = [{ order_id: 'o-1', client_name: 'Dupont Jean', items: [{ photo: 'IMG_1', qty: 2 }] }];
      expect(await photographer.postOrdersSnapshot('BJ025', orders)).toMatchObject({ event_id: 'BJ025', new_orders: 1, total_orders: 1 });
      expect(await photographer.postOrdersSnapshot('BJ025', orders)).toMatchObject({ new_orders: 0, total_orders: 1 });
      const stored = JSON.parse(await platform.bucket.private.text('orders/BJ025/pending_orders.json'));
      expect(stored.orders).toEqual(orders);
      expect((await photographer.getOrdersSnapshot('BJ025')).count).toBe(1);
      expect(await apiErrorOf(newClient().postOrdersSnapshot('BJ025', orders))).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    });
  });
});
