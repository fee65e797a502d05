import { randomUUID } from 'node:crypto';
import { social } from '@platform/contracts';
import type { TestGateway } from '@platform/testkit';
import { TestWebSocket, WebSocketRefused } from '@platform/testkit/websocket';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HARNESS_START_TIMEOUT_MS, type Session, type SocialHarness, startSocialHarness } from './harness.js';

/**
 * The WebSocket at the gateway, end to end: social writes the events to its
 * outbox, the relay publishes them, and each of two gateway instances pushes
 * them to the sockets connected to it.
 */
describe('realtime WebSocket at /api/social/ws (two gateway instances)', { timeout: 90_000 }, () => {
  let h: SocialHarness;
  const sockets: TestWebSocket[] = [];

  const wsUrl = (gateway: TestGateway) => `${gateway.api.baseUrl.replace(/^http/, 'ws')}${social.REALTIME_PATH}`;

  /** Opens a socket with the token as subprotocol (or in the query) and waits for the server's `ready`. */
  async function connect(session: Session, gateway: TestGateway = h.gateway, how: 'subprotocol' | 'query' = 'subprotocol', query = '') {
    const socket =
      how === 'subprotocol'
        ? await TestWebSocket.open(`${wsUrl(gateway)}${query ? `?${query}` : ''}`, { protocols: [social.REALTIME_SUBPROTOCOL, session.token] })
        : await TestWebSocket.open(`${wsUrl(gateway)}?access_token=${encodeURIComponent(session.token)}${query ? `&${query}` : ''}`);
    sockets.push(socket);
    await socket.next((m) => m.type === 'ready', { what: 'ready' });
    return socket;
  }
  const messageFrame = (socket: TestWebSocket, id: string) => socket.next((m) => m.type === 'message' && m.message.id === id, { what: `message ${id}` });

  beforeAll(async () => {
    h = await startSocialHarness({ gateways: 2 });
  }, HARNESS_START_TIMEOUT_MS);
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.terminate();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('delivers a new message and unread count to every device of the recipient, on either instance, and to no one else', async () => {
    const [ana, ben, carl] = [await h.newUser('Ana'), await h.newUser('Ben'), await h.newUser('Carl')];
    const benPhone = await connect(ben, h.gateways[0]);
    const benLaptop = await connect(ben, h.gateways[1], 'query');
    const carlPhone = await connect(carl, h.gateways[0]);
    const anaPhone = await connect(ana, h.gateways[1]);
    expect(benPhone.protocol).toBe(social.REALTIME_SUBPROTOCOL);
    expect(benPhone.ofType('ready')[0]).toMatchObject({ userId: ben.user.id });

    const { message } = await h.send(ana, { recipientId: ben.user.id }, 'Tu es là ?');
    for (const device of [benPhone, benLaptop]) {
      const frame = await messageFrame(device, message.id);
      expect(frame.message).toEqual(message);
      const unread = await device.next((m) => m.type === 'unread' && m.conversationId === message.conversationId);
      expect(unread).toEqual({ type: 'unread', conversationId: message.conversationId, unreadCount: 1, totalUnread: 1 });
    }
    // The sender's own devices get it too, so all of them show the same conversation.
    expect((await messageFrame(anaPhone, message.id)).message.seq).toBe(message.seq);

    // Sentinels: each socket gets its own next message; anything it should not have seen would have arrived before.
    const toCarl = await h.send(ana, { recipientId: carl.user.id }, 'Salut Carl');
    await messageFrame(carlPhone, toCarl.message.id);
    expect(carlPhone.ofType('message').map((m) => m.message.id)).toEqual([toCarl.message.id]);
    expect(carlPhone.ofType('unread').map((m) => m.conversationId)).toEqual([toCarl.message.conversationId]);

    const again = await h.send(ana, { conversationId: message.conversationId }, 'Ben ?');
    for (const device of [benPhone, benLaptop]) {
      await messageFrame(device, again.message.id);
      expect(device.ofType('message').map((m) => m.message.id)).toEqual([message.id, again.message.id]);
    }
  });

  it('updates the unread count on every device when one of them reads the conversation', async () => {
    const [ana, ben] = [await h.newUser(), await h.newUser()];
    const benPhone = await connect(ben, h.gateways[0]);
    const benLaptop = await connect(ben, h.gateways[1]);
    const { message } = await h.send(ana, { recipientId: ben.user.id }, 'lu ?');
    await messageFrame(benLaptop, message.id);

    const read = await h.api.post(`/api/social/conversations/${message.conversationId}/read`, {}, ben.token);
    expect(read.status).toBe(200);
    for (const device of [benPhone, benLaptop]) {
      await device.next((m) => m.type === 'unread' && m.unreadCount === 0, { what: 'unread 0' });
      expect(device.ofType('unread').map((m) => m.unreadCount)).toEqual([1, 0]);
    }
  });

  it('lets a reconnecting client catch up from its last seen message, before any live message', async () => {
    const [ana, ben] = [await h.newUser(), await h.newUser()];
    let benPhone = await connect(ben);
    const first = await h.send(ana, { recipientId: ben.user.id }, 'un');
    const conversationId = first.message.conversationId;
    await messageFrame(benPhone, first.message.id);
    benPhone.terminate(); // the phone loses its network

    const missed = [await h.send(ana, { conversationId }, 'deux'), await h.send(ana, { conversationId }, 'trois')];

    // Resuming from the upgrade URL: live frames are held from the first moment, so the order is strict
    // even while the missed messages' own events are still on their way.
    benPhone = await connect(ben, h.gateways[1], 'subprotocol', `afterSeq=${first.message.seq}`);
    const resumed = await benPhone.next((m) => m.type === 'resumed', { what: 'resumed' });
    expect(resumed).toMatchObject({ delivered: 2, complete: true, lastSeq: missed[1].message.seq, totalUnread: 3 });
    const live = await h.send(ana, { conversationId }, 'quatre');
    await messageFrame(benPhone, live.message.id);
    const order = benPhone.messages.filter((m) => m.type === 'message' || m.type === 'resumed').map((m) => (m.type === 'resumed' ? 'resumed' : m.message.text));
    expect(order).toEqual(['deux', 'trois', 'resumed', 'quatre']);
  });

  it('resumes from a {type: "resume"} frame by seq or by message id, and reveals nothing of others', async () => {
    const [ana, ben] = [await h.newUser(), await h.newUser()];
    const benLaptop = await connect(ben, h.gateways[1]);
    const first = await h.send(ana, { recipientId: ben.user.id }, 'un');
    const conversationId = first.message.conversationId;
    const later = [await h.send(ana, { conversationId }, 'deux'), await h.send(ana, { conversationId }, 'trois')];
    await messageFrame(benLaptop, later[1].message.id); // every event is out: nothing live is left to arrive

    for (const position of [{ afterSeq: first.message.seq }, { afterMessageId: first.message.id }]) {
      const phone = await connect(ben);
      phone.send({ type: 'resume', ...position });
      const resumed = await phone.next((m) => m.type === 'resumed');
      expect(resumed).toMatchObject({ delivered: 2, complete: true });
      expect(phone.ofType('message').map((m) => m.message.text)).toEqual(['deux', 'trois']);
    }

    const [eve, zoe] = [await h.newUser(), await h.newUser()];
    const foreign = await h.send(eve, { recipientId: zoe.user.id }, 'privé');
    const phone = await connect(ben);
    phone.send({ type: 'resume', afterMessageId: foreign.message.id });
    expect(await phone.next((m) => m.type === 'error')).toMatchObject({ code: 'NOT_FOUND', field: 'afterMessageId' });
    expect(phone.ofType('message')).toEqual([]);
  });

  it('refuses an upgrade without a valid access token with 401, before any socket opens', async () => {
    const ben = await h.newUser();
    const attempts: Array<Promise<TestWebSocket>> = [
      TestWebSocket.open(wsUrl(h.gateway)),
      TestWebSocket.open(wsUrl(h.gateway), { protocols: [social.REALTIME_SUBPROTOCOL, 'not.a.jwt'] }),
      TestWebSocket.open(`${wsUrl(h.gateway)}?access_token=${ben.token.slice(0, -4)}AAAA`),
      TestWebSocket.open(wsUrl(h.gateway), { protocols: [social.REALTIME_SUBPROTOCOL, (ben as any).refreshToken] }),
    ];
    for (const attempt of attempts) {
      const error = await attempt.then(
        (socket) => {
          socket.terminate();
          return undefined;
        },
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(WebSocketRefused);
      expect((error as WebSocketRefused).status).toBe(401);
      expect((error as WebSocketRefused).body.error.code).toBe('UNAUTHENTICATED');
    }
    const plainHttp = await h.api.get(social.REALTIME_PATH, ben.token);
    expect(plainHttp.status).toBe(426);
    const badPosition = await TestWebSocket.open(`${wsUrl(h.gateway)}?afterSeq=soon`, { protocols: [social.REALTIME_SUBPROTOCOL, ben.token] }).catch(
      (e: unknown) => e as any,
    );
    expect(badPosition).toBeInstanceOf(WebSocketRefused);
    expect(badPosition.status).toBe(400);
    expect(badPosition.body.error.field).toBe('afterSeq');
  });

  it('answers pings and names the field of a bad frame without closing', async () => {
    const ben = await h.newUser();
    const socket = await connect(ben);
    socket.sendText('not json');
    socket.send({ type: 'resume' });
    socket.send({ type: 'resume', afterSeq: -1 });
    socket.send({ type: 'subscribe' });
    socket.send({ type: 'ping' });
    await socket.next((m) => m.type === 'pong');
    expect(socket.ofType('error').map((e) => [e.code, e.field])).toEqual([
      ['VALIDATION_FAILED', 'frame'],
      ['VALIDATION_FAILED', 'afterSeq'],
      ['VALIDATION_FAILED', 'afterSeq'],
      ['VALIDATION_FAILED', 'type'],
    ]);
    socket.send({ type: 'resume', afterMessageId: randomUUID() });
    expect(await socket.next((m) => m.type === 'error' && m.code === 'NOT_FOUND')).toMatchObject({ field: 'afterMessageId' });
    expect(socket.isClosed).toBe(false);
  });
});
