import { randomUUID } from 'node:crypto';
import type { ApiResponse, TestApi } from '@platform/testkit';
import type { KnownFieldValues } from './contract-inputs.js';
import type { Session } from './hostile-platform.js';

/** Known-good values of each operation's input fields, by operation name. */
export type KnownValues = Record<string, KnownFieldValues>;

async function expectOk<T extends ApiResponse>(request: Promise<T>, what: string): Promise<T> {
  const res = await request;
  if (res.status >= 300) throw new Error(`fuzz set-up: ${what} answered ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  return res;
}

/** Days from today, as the bookings' YYYY-MM-DD (inside its 30-day window). */
const dayFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * One of everything the fuzzed user can own (an order, a ticket, an eSIM, a
 * conversation, uploads, a booking, a snapshot), created through the API,
 * and the values that name them.
 */
export async function createFuzzTargets(api: TestApi, who: { user: Session; other: Session; adminToken: string; ordersApiKey: string }): Promise<KnownValues> {
  const { user, other, adminToken } = who;
  const asUser = (path: string, body: unknown, headers?: Record<string, string>) => api.post(path, body, user.token, headers);
  const idempotent = () => ({ 'idempotency-key': randomUUID() });

  await expectOk(api.request('PUT', '/api/shop/admin/clubs/psg', { body: { name: 'Paris' }, token: adminToken }), 'create club');
  const product = await expectOk(
    api.post('/api/shop/admin/products', { clubId: 'psg', category: 'jersey', name: 'Fuzz jersey', price: '19.90', stock: 10_000 }, adminToken),
    'create product',
  );
  const event = await expectOk(
    api.post(
      '/api/tickets/admin/events',
      {
        clubId: 'psg',
        title: 'Fuzz match',
        venue: 'Parc',
        startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        categories: [{ code: 'standard', name: 'Standard', price: '10.00', capacity: 10_000 }],
      },
      adminToken,
    ),
    'create event',
  );
  const plan = await expectOk(
    api.post('/api/esim/admin/plans', { name: 'Fuzz plan', dataMb: 1024, validityDays: 7, countries: ['FR'], price: '4.99' }, adminToken),
    'create plan',
  );
  const deposit = await expectOk(asUser('/api/wallet/deposit', { amount: '10000.00' }, idempotent()), 'deposit');
  await expectOk(asUser('/api/shop/cart/add', { productId: product.body.id, quantity: 1 }), 'add to cart');
  const order = await expectOk(asUser('/api/shop/checkout', { total: '19.90' }, idempotent()), 'checkout');
  const ticket = await expectOk(asUser('/api/tickets/purchase', { eventId: event.body.id, category: 'standard' }, idempotent()), 'ticket purchase');
  const qr = await expectOk(api.get(`/api/tickets/${ticket.body.id}/qr`, user.token), 'ticket QR');
  const esim = await expectOk(asUser('/api/esim/activate', { planId: plan.body.id }, idempotent()), 'eSIM activation');
  const message = await expectOk(asUser('/api/social/messages', { recipientId: other.user.id, message: 'coucou' }), 'message');
  const upload = await expectOk(asUser('/api/v1/storage/upload-url', { filename: 'fuzz.png', contentType: 'image/png', size: 64 }), 'upload URL');
  const asset = await expectOk(asUser('/api/v1/storage/assets', { kind: 'model' }), 'asset');
  const multipart = await expectOk(
    asUser('/api/v1/storage/multipart', { filename: 'fuzz.mp4', contentType: 'video/mp4', size: 20 * 1024 * 1024 }),
    'multipart upload',
  );
  const bookingDates = [1, 2, 3, 5, 8, 13, 21].map(dayFromNow);
  const booking = await expectOk(
    asUser('/api/bookings/create-reservation', { date: bookingDates[0], timeSlot: '10:00-11:00', prestation: 'coupe', service_name: 'Coiffure' }),
    'booking',
  );
  await expectOk(
    api.post('/api/orders/snapshot', { event_id: 'FUZZ1', orders: [{ order_id: 'o-1' }] }, undefined, { 'x-api-key': who.ordersApiKey }),
    'orders snapshot',
  );

  const productId = [product.body.id];
  const eventId = [event.body.id];
  const planId = [plan.body.id];
  const objectIds = [upload.body.object_id, multipart.body.object_id];
  const conversation = [message.body.message.conversationId];
  const emails = [user.user.email];
  return {
    'wallet.myTransaction': { id: [deposit.body.transaction.id] },
    'wallet.send': { recipientId: [other.user.id], recipientEmail: [other.user.email] },
    'shop.getProduct': { id: productId },
    'shop.addToCart': { productId },
    'shop.setCartQuantity': { productId },
    'shop.removeFromCart': { productId },
    'shop.checkout': { total: ['19.90', 19.9] },
    'shop.getOrder': { id: [order.body.order.id] },
    'shop.updateProduct': { id: productId },
    'shop.setStock': { id: productId },
    'tickets.getEvent': { eventId },
    'tickets.purchase': { eventId, category: ['standard'] },
    'tickets.qr': { id: [ticket.body.id] },
    'tickets.checkIn': { token: [qr.body.token], eventId },
    'tickets.adminAddCategory': { eventId },
    'tickets.adminUpdateCategory': { eventId, category: ['standard'] },
    'tickets.adminCancelEvent': { eventId },
    'tickets.adminRevokeTicket': { id: [ticket.body.id] },
    'tickets.adminCancelTicket': { id: [ticket.body.id] },
    'esim.activate': { planId },
    'esim.get': { id: [esim.body.esim.id] },
    'esim.qrCode': { id: [esim.body.esim.id] },
    'esim.updatePlan': { id: planId },
    'social.getConversation': { id: conversation },
    'social.listMessages': { id: conversation },
    'social.markRead': { id: conversation, upToMessageId: [message.body.message.id] },
    'social.sendMessage': { conversationId: conversation, recipientId: [other.user.id] },
    'social.follow': { id: [other.user.id, 'psg'] },
    'social.unfollow': { id: [other.user.id, 'psg'] },
    'storage.getAsset': { asset_id: [asset.body.asset_id] },
    'storage.createAssetUploadUrl': { asset_id: [asset.body.asset_id] },
    'storage.createMultipartUpload': { asset_id: [asset.body.asset_id] },
    'storage.presignMultipartParts': { object_id: objectIds },
    'storage.completeMultipartUpload': { object_id: objectIds },
    'storage.abortMultipartUpload': { object_id: objectIds },
    'storage.confirmUpload': { object_id: objectIds },
    'storage.getObject': { object_id: objectIds },
    'storage.getDownloadUrl': { object_id: objectIds },
    'storage.downloadObject': { object_id: objectIds },
    'storage.deleteObject': { object_id: objectIds },
    'bookings.createReservation': { date: bookingDates, email: emails },
    'bookings.occupiedSlots': { date: bookingDates, service: ['Coiffure'] },
    'bookings.cancel': { booking_id: [booking.body.booking_id], email: emails },
    'bookings.userBookings': { email: emails },
    'orders-snapshot.getSnapshot': { event_id: ['FUZZ1'] },
    // The front end's own order shape, kept as sent: nested text for the mutations to reach.
    'orders-snapshot.postSnapshot': {
      event_id: ['FUZZ1'],
      orders: [[{ order_id: 'o-2', event_id: 'FUZZ1', client_name: 'Dupont Jean', items: [{ photo: 'IMG_0001.jpg', format: '13x18' }], status: 'pending' }]],
    },
  };
}
