import { randomUUID } from 'node:crypto';
import { social } from '@platform/contracts';
import { type ApiResponse, waitFor } from '@platform/testkit';
import { streamEvents } from '@platform/testkit/nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HARNESS_START_TIMEOUT_MS, type Session, type SocialHarness, startSocialHarness } from './harness.js';

describe('social messaging through the gateway', { timeout: 90_000 }, () => {
  let h: SocialHarness;
  beforeAll(async () => {
    h = await startSocialHarness();
  }, HARNESS_START_TIMEOUT_MS);
  afterAll(async () => {
    await h?.close();
  });

  const conversations = async (session: Session) => {
    const res = await h.api.get('/api/social/conversations', session.token);
    expect(res.status).toBe(200);
    return res.body.conversations as any[];
  };
  const unreadIn = async (session: Session, conversationId: string) => (await conversations(session)).find((c) => c.id === conversationId)?.unreadCount;

  it('lets two users message each other while unread counts follow', async () => {
    const ana = await h.newUser('Ana Lopez');
    const ben = await h.newUser('Ben Moreau');

    const first = await h.send(ana, { recipientId: ben.user.id }, 'Salut Ben !');
    expect(first.conversationCreated).toBe(true);
    expect(first.replayed).toBe(false);
    expect(first.message).toMatchObject({ senderId: ana.user.id, text: 'Salut Ben !', clientMessageId: null });
    const conversationId = first.message.conversationId;

    // Sending to the same recipient again goes to the same conversation.
    const second = await h.send(ana, { recipientId: ben.user.id }, 'Tu viens samedi ?');
    expect(second.conversationCreated).toBe(false);
    expect(second.message.conversationId).toBe(conversationId);
    expect(second.message.seq).toBeGreaterThan(first.message.seq);

    const [bensView] = await conversations(ben);
    expect(bensView).toMatchObject({ id: conversationId, kind: 'direct', unreadCount: 2, lastMessage: { id: second.message.id, text: 'Tu viens samedi ?' } });
    expect(bensView.participants).toEqual(
      expect.arrayContaining([
        { id: ana.user.id, name: 'Ana Lopez' },
        { id: ben.user.id, name: 'Ben Moreau' },
      ]),
    );
    expect(await unreadIn(ana, conversationId)).toBe(0);

    // Reading the conversation marks it read.
    const read = await h.api.get(`/api/social/conversations/${conversationId}/messages`, ben.token);
    expect(read.status).toBe(200);
    expect(read.body.messages.map((m: any) => m.text)).toEqual(['Tu viens samedi ?', 'Salut Ben !']);
    expect(read.body).toMatchObject({ unreadCount: 0, totalUnread: 0, lastReadSeq: second.message.seq, nextCursor: null });
    expect(await unreadIn(ben, conversationId)).toBe(0);

    // Ben answers by conversation id (the seed's body); now Ana has one unread and Ben none.
    const reply = await h.send(ben, { conversationId }, 'Oui, à samedi !');
    expect(reply.message.conversationId).toBe(conversationId);
    expect(await unreadIn(ana, conversationId)).toBe(1);
    expect(await unreadIn(ben, conversationId)).toBe(0);
    const [anasView] = await conversations(ana);
    expect(anasView.lastMessage.text).toBe('Oui, à samedi !');

    const one = await h.api.get(`/api/social/conversations/${conversationId}`, ana.token);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: conversationId, unreadCount: 1 });
  });

  it('keeps conversations private: anyone else gets 404, as for a conversation that does not exist', async () => {
    const [ana, ben, eve] = [await h.newUser(), await h.newUser(), await h.newUser()];
    const { message } = await h.send(ana, { recipientId: ben.user.id }, 'Entre nous');
    const id = message.conversationId;

    for (const res of [
      await h.api.get(`/api/social/conversations/${id}/messages`, eve.token),
      await h.api.get(`/api/social/conversations/${id}`, eve.token),
      await h.api.post(`/api/social/conversations/${id}/read`, {}, eve.token),
      await h.api.post('/api/social/messages', { conversationId: id, message: 'Je m’incruste' }, eve.token),
      await h.api.get(`/api/social/conversations/${randomUUID()}/messages`, ana.token),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
    expect(await conversations(eve)).toEqual([]);
    const messages = await h.api.get(`/api/social/conversations/${id}/messages`, ben.token);
    expect(messages.body.messages.map((m: any) => m.text)).toEqual(['Entre nous']);

    const anonymous = await h.api.get('/api/social/conversations');
    expect(anonymous.status).toBe(401);
  });

  it('stores one message per clientMessageId, even for retries racing each other', async () => {
    const [ana, ben] = [await h.newUser(), await h.newUser()];
    const body = { recipientId: ben.user.id, message: 'Une seule fois', clientMessageId: 'device-1:0001' };
    const results = await Promise.all(Array.from({ length: 6 }, () => h.api.post('/api/social/messages', body, ana.token)));
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
    const ids = new Set(results.map((r) => r.body.message.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.body.replayed === false)).toHaveLength(1);
    expect(results.filter((r) => r.body.conversationCreated === true)).toHaveLength(1);

    const conversationId = results[0].body.message.conversationId;
    const listed = await h.api.get(`/api/social/conversations/${conversationId}/messages`, ben.token);
    expect(listed.body.messages).toHaveLength(1);
    expect(await unreadIn(ben, conversationId)).toBe(0); // the listing read it; one message, not six

    // The same id for another text is a client bug, refused rather than silently dropped.
    const reused = await h.api.post('/api/social/messages', { ...body, message: 'Autre chose' }, ana.token);
    expect(reused.status).toBe(409);
    expect(reused.body.error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'clientMessageId' });

    // An Idempotency-Key header works the same way for clients that send one.
    const keyed = () => h.api.post('/api/social/messages', { conversationId, message: 'Par en-tête' }, ana.token, { 'idempotency-key': 'retry-42' });
    const [a, b] = [await keyed(), await keyed()];
    expect(b.body.message.id).toBe(a.body.message.id);
    expect(b.body.replayed).toBe(true);
    const after = await h.api.get(`/api/social/conversations/${conversationId}/messages`, ben.token);
    expect(after.body.messages).toHaveLength(2);
  });

  it('creates one conversation when both users send their first message at the same time', async () => {
    const [ana, ben] = [await h.newUser(), await h.newUser()];
    const [fromAna, fromBen] = await Promise.all([h.send(ana, { recipientId: ben.user.id }, 'Coucou'), h.send(ben, { recipientId: ana.user.id }, 'Hello')]);
    expect(fromAna.message.conversationId).toBe(fromBen.message.conversationId);
    expect([fromAna.conversationCreated, fromBen.conversationCreated].filter(Boolean)).toHaveLength(1);
    expect(await conversations(ana)).toHaveLength(1);
    expect(await conversations(ben)).toHaveLength(1);
  });

  it('moves the read marker only forward, with an explicit read endpoint and markRead=false', async () => {
    const [ana, ben] = [await h.newUser(), await h.newUser()];
    const m1 = await h.send(ana, { recipientId: ben.user.id }, 'un');
    const conversationId = m1.message.conversationId;
    const m2 = await h.send(ana, { conversationId }, 'deux');
    await h.send(ana, { conversationId }, 'trois');

    const peek = await h.api.get(`/api/social/conversations/${conversationId}/messages?markRead=false`, ben.token);
    expect(peek.body.messages).toHaveLength(3);
    expect(peek.body.unreadCount).toBe(3);

    const upTo = await h.api.post(`/api/social/conversations/${conversationId}/read`, { upToMessageId: m2.message.id }, ben.token);
    expect(upTo.status).toBe(200);
    expect(upTo.body).toEqual({ conversationId, lastReadSeq: m2.message.seq, unreadCount: 1, totalUnread: 1 });

    const back = await h.api.post(`/api/social/conversations/${conversationId}/read`, { upToMessageId: m1.message.id }, ben.token);
    expect(back.body).toMatchObject({ lastReadSeq: m2.message.seq, unreadCount: 1 });

    const all = await h.api.post(`/api/social/conversations/${conversationId}/read`, {}, ben.token);
    expect(all.body).toMatchObject({ unreadCount: 0, totalUnread: 0 });

    const foreign = await h.api.post(`/api/social/conversations/${conversationId}/read`, { upToMessageId: randomUUID() }, ben.token);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.field).toBe('upToMessageId');
  });

  it('refuses bad input with a 4xx that names the field', async () => {
    const [ana, ben] = [await h.newUser(), await h.newUser()];
    const post = (body: unknown) => h.api.post('/api/social/messages', body, ana.token);
    const cases: Array<[unknown, number, string]> = [
      [{ recipientId: ben.user.id, message: '   \n ' }, 400, 'message'],
      [{ recipientId: ben.user.id, message: '' }, 400, 'message'],
      [{ recipientId: ben.user.id }, 400, 'message'],
      [{ recipientId: ben.user.id, message: 'x'.repeat(4_001) }, 400, 'message'],
      [{ recipientId: ben.user.id, message: 'nul \u0000 byte' }, 400, 'message'],
      [{ recipientId: ben.user.id, message: 42 }, 400, 'message'],
      [{ message: 'à qui ?' }, 400, 'conversationId'],
      [{ recipientId: ben.user.id, conversationId: randomUUID(), message: 'les deux' }, 400, 'conversationId'],
      [{ recipientId: 'not-a-uuid', message: 'hi' }, 400, 'recipientId'],
      [{ recipientId: ben.user.id, message: 'hi', clientMessageId: 'has spaces' }, 400, 'clientMessageId'],
      [{ recipientId: ben.user.id, message: 'hi', extra: true }, 400, 'extra'],
      [{ recipientId: ana.user.id, message: 'moi-même' }, 400, 'recipientId'],
      [{ recipientId: randomUUID(), message: 'personne' }, 404, 'recipientId'],
    ];
    for (const [body, status, field] of cases) {
      const res = await post(body);
      expect({ body, status: res.status, field: res.body.error?.field }).toEqual({ body, status, field });
    }
    // 4,000 characters are fine, counted as characters: 4,000 emoji are 8,000 UTF-16 units.
    const long = await post({ recipientId: ben.user.id, message: '⚽'.repeat(3_999) + '😀' });
    expect(long.status).toBe(201);

    const badCursor = await h.api.get('/api/social/conversations?cursor=bm90LWEtY3Vyc29y', ana.token);
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.field).toBe('cursor');
    const forgedCursor = await h.api.get(`/api/social/conversations?cursor=${Buffer.from(JSON.stringify([1, "x'; --"])).toString('base64url')}`, ana.token);
    expect(forgedCursor.status).toBe(400);
    const badId = await h.api.get('/api/social/conversations/123/messages', ana.token);
    expect(badId.status).toBe(400);
    expect(badId.body.error.field).toBe('id');
    const badLimit = await h.api.get('/api/social/conversations?limit=0', ana.token);
    expect(badLimit.body.error.field).toBe('limit');
    const malformed = await h.api.request('POST', '/api/social/messages', {
      rawBody: '{"message":',
      token: ana.token,
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
  });

  it('pages the conversation list by latest activity without repeating or skipping', async () => {
    const me = await h.newUser();
    const others = await Promise.all(Array.from({ length: 7 }, () => h.newUser()));
    for (const other of others) await h.send(other, { recipientId: me.user.id }, `from ${other.user.id}`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: ApiResponse = await h.api.get(`/api/social/conversations?limit=3${cursor ? `&cursor=${cursor}` : ''}`, me.token);
      expect(res.status).toBe(200);
      expect(res.body.conversations.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.conversations.map((c: any) => c.participants.find((p: any) => p.id !== me.user.id).id));
      cursor = res.body.nextCursor;
    } while (cursor);
    // Most recent activity first: the reverse of the order they wrote in.
    expect(seen).toEqual(others.map((o) => o.user.id).reverse());
  });

  it('writes message.sent and conversation.read events with the counts the realtime hub pushes', async () => {
    const [ana, ben] = [await h.newUser(), await h.newUser()];
    const { message } = await h.send(ana, { recipientId: ben.user.id }, 'événement');
    await h.api.post(`/api/social/conversations/${message.conversationId}/read`, {}, ben.token);

    const sent = await waitFor(
      async () => (await streamEvents<any>(h.nc, h.namespace, social.messageSent.subject)).find((e) => e.data.messageId === message.id),
      { what: 'message.sent in the stream' },
    );
    expect(sent.data).toMatchObject({ conversationId: message.conversationId, seq: message.seq, senderId: ana.user.id, recipientIds: [ben.user.id] });
    expect(sent.data.unread).toEqual(
      expect.arrayContaining([
        { userId: ben.user.id, unreadCount: 1, totalUnread: 1 },
        { userId: ana.user.id, unreadCount: 0, totalUnread: 0 },
      ]),
    );
    const read = await waitFor(
      async () => (await streamEvents<any>(h.nc, h.namespace, social.conversationRead.subject)).find((e) => e.data.userId === ben.user.id),
      { what: 'conversation.read in the stream' },
    );
    expect(read.data).toMatchObject({ conversationId: message.conversationId, lastReadSeq: message.seq, unreadCount: 0, totalUnread: 0 });
  });
});
