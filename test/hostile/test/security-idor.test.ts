import { randomUUID } from 'node:crypto';
import { uniqueNamespace } from '@platform/testkit';
import type { AdminSession } from '@platform/testkit/admin';
import { PLATFORM_START_TIMEOUT_MS } from '@platform/testkit/commerce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HostileAnswer, jsonRequest, refusalMessage, sendHostile } from '../src/hostile-http.js';
import { type HostilePlatform, type Session, startHostilePlatform } from '../src/hostile-platform.js';

const ANSWER_WITHIN_MS = 30_000;

/** Everything Alice owns, by the ids Bob will try. */
interface AlicesThings {
  orderId: string;
  ticketId: string;
  ticketToken: string;
  depositId: string;
  esimId: string;
  activationCode: string;
  conversationId: string;
  messageId: string;
  privateObjectId: string;
  privateKey: string;
  publicObjectId: string;
  pendingObjectId: string;
  multipartObjectId: string;
  assetId: string;
  bookingId: string;
}

interface Attempt {
  what: string;
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

describe("one user's resources requested by another (IDOR) and presigned upload names", () => {
  let hostile: HostilePlatform;
  let alice: Session;
  let bob: Session;
  let carol: Session;
  let admin: AdminSession;
  let things: AlicesThings;

  const call = (as: { token: string } | undefined, attempt: Attempt): Promise<HostileAnswer> =>
    sendHostile(
      hostile.platform.api.baseUrl,
      jsonRequest(attempt.method, attempt.path, { token: as?.token, headers: attempt.headers, body: attempt.body }),
      ANSWER_WITHIN_MS,
    );

  async function ok(as: { token: string }, attempt: Attempt): Promise<any> {
    const answer = await call(as, { ...attempt, headers: { 'idempotency-key': randomUUID(), ...attempt.headers } });
    if (answer.status >= 300) throw new Error(`set-up: ${attempt.what} answered ${answer.status} ${answer.text.slice(0, 300)}`);
    return answer.json;
  }

  /** Uploads bytes through a presigned PUT and confirms them: a private (or public) object that really exists. */
  async function storedObject(owner: Session, visibility: 'private' | 'public') {
    const bytes = Buffer.from(`${visibility} bytes of ${owner.user.email}`);
    const upload = await ok(owner, {
      what: 'upload URL',
      method: 'POST',
      path: '/api/v1/storage/upload-url',
      body: { filename: 'photo.png', contentType: 'image/png', size: bytes.length, visibility },
    });
    const put = await fetch(upload.upload_url, { method: 'PUT', headers: upload.headers, body: new Uint8Array(bytes) });
    expect(put.status).toBe(200);
    await ok(owner, { what: 'confirm', method: 'POST', path: `/api/v1/storage/objects/${upload.object_id}/confirm` });
    return { id: upload.object_id as string, key: upload.key as string };
  }

  beforeAll(async () => {
    hostile = await startHostilePlatform(uniqueNamespace('idor'), { only: ['gateway', 'wallet', 'shop', 'tickets', 'esim', 'social', 'storage', 'bookings'] });
    [alice, bob, carol, admin] = await Promise.all([hostile.newUser(), hostile.newUser(), hostile.newUser(), hostile.newAdmin()]);

    await ok(admin, { what: 'club', method: 'PUT', path: '/api/shop/admin/clubs/psg', body: { name: 'Paris' } });
    const product = await ok(admin, {
      what: 'product',
      method: 'POST',
      path: '/api/shop/admin/products',
      body: { clubId: 'psg', category: 'jersey', name: 'Jersey', price: '20.00', stock: 100 },
    });
    const event = await ok(admin, {
      what: 'event',
      method: 'POST',
      path: '/api/tickets/admin/events',
      body: {
        clubId: 'psg',
        title: 'PSG - OM',
        venue: 'Parc',
        startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
        categories: [{ code: 'standard', name: 'Standard', price: '15.00', capacity: 100 }],
      },
    });
    const plan = await ok(admin, {
      what: 'plan',
      method: 'POST',
      path: '/api/esim/admin/plans',
      body: { name: 'Europe', dataMb: 1024, validityDays: 7, countries: ['FR'], price: '5.00' },
    });

    const deposit = await ok(alice, { what: 'deposit', method: 'POST', path: '/api/wallet/deposit', body: { amount: '500.00' } });
    await ok(alice, { what: 'cart', method: 'POST', path: '/api/shop/cart/add', body: { productId: product.id, quantity: 1 } });
    const order = await ok(alice, { what: 'checkout', method: 'POST', path: '/api/shop/checkout', body: { total: '20.00' } });
    const ticket = await ok(alice, { what: 'ticket', method: 'POST', path: '/api/tickets/purchase', body: { eventId: event.id, category: 'standard' } });
    const qr = await ok(alice, { what: 'ticket QR', method: 'GET', path: `/api/tickets/${ticket.id}/qr` });
    const esim = await ok(alice, { what: 'eSIM', method: 'POST', path: '/api/esim/activate', body: { planId: plan.id } });
    const message = await ok(alice, {
      what: 'message',
      method: 'POST',
      path: '/api/social/messages',
      body: { recipientId: carol.user.id, message: 'secret plans' },
    });
    const privateObject = await storedObject(alice, 'private');
    const publicObject = await storedObject(alice, 'public');
    const pending = await ok(alice, {
      what: 'pending upload',
      method: 'POST',
      path: '/api/v1/storage/upload-url',
      body: { filename: 'later.png', contentType: 'image/png', size: 10 },
    });
    const multipart = await ok(alice, {
      what: 'multipart',
      method: 'POST',
      path: '/api/v1/storage/multipart',
      body: { filename: 'clip.mp4', contentType: 'video/mp4', size: 20 * 1024 * 1024 },
    });
    const asset = await ok(alice, { what: 'asset', method: 'POST', path: '/api/v1/storage/assets', body: { kind: 'model' } });
    const booking = await ok(alice, {
      what: 'booking',
      method: 'POST',
      path: '/api/bookings/create-reservation',
      body: { date: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10), timeSlot: '10:00-11:00', prestation: 'coupe', service_name: 'Coiffure' },
    });
    // Bob has a conversation of his own, to point at Alice's message from.
    await ok(bob, { what: "Bob's message", method: 'POST', path: '/api/social/messages', body: { recipientId: carol.user.id, message: 'hello' } });

    things = {
      orderId: order.order.id,
      ticketId: ticket.id,
      ticketToken: qr.token,
      depositId: deposit.transaction.id,
      esimId: esim.esim.id,
      activationCode: esim.esim.activationCode,
      conversationId: message.message.conversationId,
      messageId: message.message.id,
      privateObjectId: privateObject.id,
      privateKey: privateObject.key,
      publicObjectId: publicObject.id,
      pendingObjectId: pending.object_id,
      multipartObjectId: multipart.object_id,
      assetId: asset.asset_id,
      bookingId: booking.booking_id,
    };
    hostile.secrets.remember('ticket token', things.ticketToken);
    hostile.secrets.remember('eSIM activation code', things.activationCode);
  }, PLATFORM_START_TIMEOUT_MS * 2);

  afterAll(async () => {
    await hostile?.platform.stop();
  });

  /** Each attempt is refused (403, or 404 so ids do not reveal what exists), says why, and shows none of Alice's secrets. */
  async function expectRefused(as: { token: string } | undefined, attempts: Attempt[]) {
    const leaks = [things.ticketToken, things.activationCode, 'secret plans', things.privateKey, alice.user.email];
    for (const attempt of attempts) {
      const answer = await call(as, attempt);
      expect([403, 404], `${attempt.what}: ${answer.status} ${answer.text.slice(0, 200)}`).toContain(answer.status);
      expect(refusalMessage(answer.json), attempt.what).toBeTruthy();
      for (const secret of leaks) expect(answer.text, attempt.what).not.toContain(secret);
    }
  }

  it("refuses Bob Alice's ticket QR, her order, her wallet transaction and her eSIM", async () => {
    await expectRefused(bob, [
      { what: 'ticket QR (JSON)', method: 'GET', path: `/api/tickets/${things.ticketId}/qr` },
      { what: 'ticket QR (PNG)', method: 'GET', path: `/api/tickets/${things.ticketId}/qr`, headers: { accept: 'image/png' } },
      { what: 'cancel the ticket', method: 'POST', path: `/api/tickets/admin/tickets/${things.ticketId}/cancel`, body: { reason: 'mine now' } },
      { what: 'check the ticket in', method: 'POST', path: '/api/tickets/check-in', body: { token: things.ticketToken, nonce: `scan-${randomUUID()}` } },
      { what: 'order', method: 'GET', path: `/api/shop/orders/${things.orderId}` },
      { what: 'wallet transaction', method: 'GET', path: `/api/wallet/transactions/${things.depositId}` },
      { what: 'eSIM', method: 'GET', path: `/api/esim/${things.esimId}` },
      { what: 'eSIM QR (JSON)', method: 'GET', path: `/api/esim/${things.esimId}/qr` },
      { what: 'eSIM QR (PNG)', method: 'GET', path: `/api/esim/${things.esimId}/qr`, headers: { accept: 'image/png' } },
    ]);
    const bobs = {
      orders: (await call(bob, { what: 'orders', method: 'GET', path: '/api/shop/orders' })).text,
      tickets: (await call(bob, { what: 'tickets', method: 'GET', path: '/api/tickets/my-tickets' })).text,
      transactions: (await call(bob, { what: 'transactions', method: 'GET', path: '/api/wallet/transactions' })).text,
      esims: (await call(bob, { what: 'eSIMs', method: 'GET', path: '/api/esim/active' })).text,
    };
    expect(bobs.orders).not.toContain(things.orderId);
    expect(bobs.tickets).not.toContain(things.ticketId);
    expect(bobs.transactions).not.toContain(things.depositId);
    expect(bobs.esims).not.toContain(things.esimId);
    // Alice's ticket is still hers and still valid: Bob's check-in did not redeem it.
    const mine = await call(alice, { what: 'QR', method: 'GET', path: `/api/tickets/${things.ticketId}/qr` });
    expect(mine.json).toMatchObject({ ticket: { status: 'valid' } });
  });

  it("refuses Bob Alice's conversation and its messages", async () => {
    await expectRefused(bob, [
      { what: 'conversation', method: 'GET', path: `/api/social/conversations/${things.conversationId}` },
      { what: 'messages', method: 'GET', path: `/api/social/conversations/${things.conversationId}/messages` },
      { what: 'mark read', method: 'POST', path: `/api/social/conversations/${things.conversationId}/read`, body: {} },
      { what: 'post into it', method: 'POST', path: '/api/social/messages', body: { conversationId: things.conversationId, message: 'let me in' } },
    ]);
    const bobsConversations = await call(bob, { what: 'list', method: 'GET', path: '/api/social/conversations' });
    expect(bobsConversations.text).not.toContain(things.conversationId);
    const bobsConversationId = (bobsConversations.json as { conversations: Array<{ id: string }> }).conversations[0]!.id;
    // Alice's message id used as a read marker in Bob's own conversation moves nothing and reveals nothing.
    const marker = await call(bob, {
      what: 'foreign read marker',
      method: 'POST',
      path: `/api/social/conversations/${bobsConversationId}/read`,
      body: { upToMessageId: things.messageId },
    });
    expect(marker.status).toBeGreaterThanOrEqual(400);
    expect(marker.status).toBeLessThan(500);
    expect(marker.text).not.toContain('secret plans');
  });

  it("refuses Bob (and anyone signed out) Alice's private objects, uploads and assets, and lets them read but not delete her public one", async () => {
    const objectAttempts = (id: string): Attempt[] => [
      { what: `object ${id}`, method: 'GET', path: `/api/v1/storage/objects/${id}` },
      { what: `download URL ${id}`, method: 'GET', path: `/api/v1/storage/objects/${id}/download-url` },
      { what: `content ${id}`, method: 'GET', path: `/api/v1/storage/objects/${id}/content` },
      { what: `content bytes ${id}`, method: 'GET', path: `/api/v1/storage/objects/${id}/content`, headers: { accept: 'application/octet-stream' } },
    ];
    const changeAttempts: Attempt[] = [
      { what: 'delete the private object', method: 'DELETE', path: `/api/v1/storage/objects/${things.privateObjectId}` },
      { what: 'confirm the pending upload', method: 'POST', path: `/api/v1/storage/objects/${things.pendingObjectId}/confirm` },
      { what: 'presign parts', method: 'POST', path: `/api/v1/storage/multipart/${things.multipartObjectId}/parts`, body: { part_numbers: [1] } },
      {
        what: 'complete multipart',
        method: 'POST',
        path: `/api/v1/storage/multipart/${things.multipartObjectId}/complete`,
        body: { parts: [{ part_number: 1, etag: 'x' }] },
      },
      { what: 'abort multipart', method: 'DELETE', path: `/api/v1/storage/multipart/${things.multipartObjectId}` },
      { what: 'asset', method: 'GET', path: `/api/v1/storage/assets/${things.assetId}` },
      { what: 'asset upload URL', method: 'POST', path: `/api/v1/storage/assets/${things.assetId}/upload-url`, body: { variant: 'model', size: 100 } },
      {
        what: 'asset multipart',
        method: 'POST',
        path: '/api/v1/storage/multipart',
        body: { asset_id: things.assetId, variant: 'model', size: 20 * 1024 * 1024 },
      },
    ];
    await expectRefused(bob, [...objectAttempts(things.privateObjectId), ...objectAttempts(things.pendingObjectId), ...changeAttempts]);
    await expectRefused(undefined, [...objectAttempts(things.privateObjectId), ...objectAttempts(things.pendingObjectId)]);
    expect((await call(bob, { what: 'list', method: 'GET', path: '/api/v1/storage/objects' })).text).not.toContain(things.privateObjectId);

    expect((await call(bob, { what: 'public object', method: 'GET', path: `/api/v1/storage/objects/${things.publicObjectId}` })).status).toBe(200);
    const deletePublic = await call(bob, { what: 'delete public', method: 'DELETE', path: `/api/v1/storage/objects/${things.publicObjectId}` });
    expect(deletePublic.status).toBe(403);
    // Everything Alice uploaded is still there and still hers.
    expect(await hostile.platform.bucket.private.keys(`uploads/${alice.user.id}/`)).toContain(things.privateKey);
    const own = await call(alice, { what: 'own content', method: 'GET', path: `/api/v1/storage/objects/${things.privateObjectId}/content` });
    expect(own.status).toBe(200);
  });

  it("refuses to cancel Alice's booking for a wrong email, and Bob her booking list", async () => {
    await expectRefused(undefined, [
      {
        what: 'anonymous cancel with a wrong email',
        method: 'POST',
        path: '/api/bookings/cancel',
        body: { booking_id: things.bookingId, email: bob.user.email },
      },
    ]);
    await expectRefused(bob, [
      { what: "Bob's cancel", method: 'POST', path: '/api/bookings/cancel', body: { booking_id: things.bookingId } },
      // Signed in, the token's email counts, not the one in the body.
      {
        what: "Bob's cancel naming Alice's email",
        method: 'POST',
        path: '/api/bookings/cancel',
        body: { booking_id: things.bookingId, email: alice.user.email },
      },
      { what: "Alice's bookings", method: 'GET', path: `/api/bookings/user/${encodeURIComponent(alice.user.email)}` },
    ]);
    const hers = await call(alice, { what: 'her bookings', method: 'GET', path: `/api/bookings/user/${encodeURIComponent(alice.user.email)}` });
    expect(hers.json).toMatchObject({ bookings: [{ _id: things.bookingId, status: 'confirmed' }] });
  });

  it("keeps presigned upload keys inside the uploader's own prefix whatever the file is called", async () => {
    const names = [
      '../../etc/passwd',
      '..\\..\\windows\\win.ini',
      '/absolute/path.png',
      `uploads/${bob.user.id}/mine.png`,
      '../' + bob.user.id + '/overwrite.png',
      '%2e%2e%2f%2e%2e%2fescape.png',
      'a/../../b.png',
      '....//....//x.png',
      '.hidden',
      '\u0000\u001f.png',
      '\u2215etc\u2215passwd',
      '\uff0e\uff0e\uff0fx.png',
      'e\u0301\u0301.png',
      'x'.repeat(1024),
    ];
    const prefix = `uploads/${alice.user.id}/`;
    for (const filename of names) {
      const upload = await call(alice, {
        what: filename,
        method: 'POST',
        path: '/api/v1/storage/upload-url',
        body: { filename, contentType: 'image/png', size: 4 },
      });
      expect(upload.status, filename).toBe(200);
      const { key, upload_url: url } = upload.json as { key: string; upload_url: string };
      const rest = key.slice(prefix.length);
      expect(key.startsWith(prefix), `${filename} -> ${key}`).toBe(true);
      expect(rest, `${filename} -> ${key}`).toMatch(/^[A-Za-z0-9._-]+$/);
      expect(rest.startsWith('.') || rest.includes('..'), `${filename} -> ${key}`).toBe(false);
      // The URL writes a staging copy in the private bucket, named by the object id and the same safe filename.
      expect(decodeURIComponent(new URL(url).pathname), filename).toBe(
        `/${hostile.platform.bucket.private.bucket}/pending/${rest.slice(0, 36)}/${rest.slice(37)}`,
      );
    }
    // The same holds for a multipart upload's key; and one URL really uploads where its key says.
    const multipart = await call(alice, {
      what: 'multipart',
      method: 'POST',
      path: '/api/v1/storage/multipart',
      body: { filename: '../../../videos/x.mp4', contentType: 'video/mp4', size: 20 * 1024 * 1024 },
    });
    expect((multipart.json as { key: string }).key.startsWith(prefix)).toBe(true);
    const upload = await ok(alice, {
      what: 'traversal upload',
      method: 'POST',
      path: '/api/v1/storage/upload-url',
      body: { filename: '../../escape.png', contentType: 'image/png', size: 4 },
    });
    expect((await fetch(upload.upload_url, { method: 'PUT', headers: upload.headers, body: 'abcd' })).status).toBe(200);
    await ok(alice, { what: 'confirm traversal upload', method: 'POST', path: `/api/v1/storage/objects/${upload.object_id}/confirm` });
    const everything = [...(await hostile.platform.bucket.keys()), ...(await hostile.platform.bucket.private.keys())];
    expect(everything).toContain(upload.key);
    expect(everything.filter((key) => key.includes('escape')).every((key) => key.startsWith(prefix))).toBe(true);
  });

  it('leaves no password, token, API key or S3 secret in any log', () => {
    expect(hostile.secrets.leaksIn(hostile.platform.output())).toEqual([]);
  });
});
