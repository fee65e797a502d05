import { createHmac, randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { social } from '@platform/contracts';
import { baseEnvSchema, EventPublisher, ensureEventStream, parseConfig, Service } from '@platform/service-kit';
import { serviceEnv, TEST_JWT_SECRET, waitFor } from '@platform/testkit';
import { connectTestNats, deleteEventStream } from '@platform/testkit/nats';
import { TestWebSocket, WebSocketRefused } from '@platform/testkit/websocket';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startTestGateway } from './harness.js';

/**
 * The gateway's realtime hub on its own: events are published here as the
 * social service would, and a stand-in `social` service answers
 * social.messagesSince, so delivery order and connection rules can be pinned
 * down exactly. End-to-end tests with the real social service live in
 * services/social/test/realtime.test.ts.
 */
describe('gateway realtime hub (/api/social/ws)', () => {
  let h: GatewayHarness;
  let nc: NatsConnection;
  let publisher: EventPublisher;
  let stub: Service;
  /** What the stand-in social service answers to social.messagesSince, and when. */
  let since: (input: { userId: string; afterSeq?: number }) => Promise<any>;
  const sockets: TestWebSocket[] = [];

  const url = (query = '') => `${h.api.baseUrl.replace(/^http/, 'ws')}${social.REALTIME_PATH}${query}`;
  async function connect(token: string, options: { autoPong?: boolean; query?: string } = {}) {
    const socket = await TestWebSocket.open(url(options.query), { protocols: [social.REALTIME_SUBPROTOCOL, token], autoPong: options.autoPong });
    sockets.push(socket);
    await socket.next((m) => m.type === 'ready');
    return socket;
  }

  /** An access token as the gateway signs them (HS256), with a chosen lifetime. */
  function accessToken(userId: string, lifetimeSeconds: number, header: object = { alg: 'HS256', typ: 'JWT' }): string {
    const now = Math.floor(Date.now() / 1000);
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${encode(header)}.${encode({ sub: userId, role: 'user', email: 'x@example.com', typ: 'access', iat: now, exp: now + lifetimeSeconds })}`;
    return `${unsigned}.${createHmac('sha256', TEST_JWT_SECRET).update(unsigned).digest('base64url')}`;
  }

  let seq = 1_000;
  function sent(participantIds: string[], text = 'hello', at = ++seq) {
    return {
      messageId: randomUUID(),
      conversationId: randomUUID(),
      seq: at,
      senderId: participantIds[0],
      text,
      clientMessageId: null,
      participantIds,
      recipientIds: participantIds.slice(1),
      unread: participantIds.slice(1).map((userId) => ({ userId, unreadCount: 1, totalUnread: 1 })),
      sentAt: new Date().toISOString(),
    };
  }
  const asMessage = (event: ReturnType<typeof sent>) => ({
    id: event.messageId,
    conversationId: event.conversationId,
    seq: event.seq,
    senderId: event.senderId,
    text: event.text,
    clientMessageId: event.clientMessageId,
    sentAt: event.sentAt,
  });

  beforeAll(async () => {
    h = await startTestGateway({ REALTIME_MAX_CONNECTIONS_PER_USER: '2', REALTIME_HEARTBEAT_MS: '1000' });
    nc = await connectTestNats();
    await ensureEventStream(nc, h.namespace);
    publisher = new EventPublisher(nc, h.namespace);
    stub = new Service({ name: 'social', config: parseConfig(baseEnvSchema, serviceEnv('social', h.namespace)) });
    stub.handle(social.messagesSince, (input) => since(input));
    await stub.connect();
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.terminate();
  });
  afterAll(async () => {
    await stub?.stop();
    await h?.close();
    await deleteEventStream(nc, h.namespace);
    await nc?.close();
  });

  it('pushes an event only to the users it names', async () => {
    const [ana, ben] = [await h.api.register(), await h.api.register()];
    const [anaSocket, benSocket] = [await connect(ana.token), await connect(ben.token)];
    const toAna = sent([randomUUID(), ana.user.id], 'pour Ana');
    await publisher.publish(social.messageSent, toAna);
    await anaSocket.next((m) => m.type === 'message');
    expect(anaSocket.ofType('message')[0].message).toEqual(asMessage(toAna));
    expect(anaSocket.ofType('unread')[0]).toEqual({ type: 'unread', conversationId: toAna.conversationId, unreadCount: 1, totalUnread: 1 });

    const toBen = sent([randomUUID(), ben.user.id], 'pour Ben');
    await publisher.publish(social.messageSent, toBen);
    await benSocket.next((m) => m.type === 'message');
    expect(benSocket.ofType('message').map((m) => m.message.text)).toEqual(['pour Ben']);

    await publisher.publish(social.conversationRead, {
      userId: ana.user.id,
      conversationId: toAna.conversationId,
      lastReadSeq: toAna.seq,
      unreadCount: 0,
      totalUnread: 0,
      readAt: new Date().toISOString(),
    });
    await anaSocket.next((m) => m.type === 'unread' && m.unreadCount === 0);
    expect(benSocket.ofType('unread').map((m) => m.conversationId)).toEqual([toBen.conversationId]);
  });

  it('holds live events while a resume runs and sends them after the missed ones, once each', async () => {
    const ana = await h.api.register();
    const missed = [sent(['someone', ana.user.id], 'missed 1'), sent(['someone', ana.user.id], 'missed 2')];
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let asked: unknown;
    since = async (input) => {
      asked = input;
      await released;
      return { messages: missed.map(asMessage), hasMore: false, lastSeq: missed[1].seq, totalUnread: 2 };
    };
    const socket = await connect(ana.token);
    socket.send({ type: 'resume', afterSeq: 7 });
    await waitFor(() => asked !== undefined, { what: 'the resume to reach social' });
    expect(asked).toMatchObject({ userId: ana.user.id, afterSeq: 7 });

    const live = sent(['someone', ana.user.id], 'live');
    await publisher.publish(social.messageSent, missed[1]); // its live copy arrives during the resume
    await publisher.publish(social.messageSent, live);
    // Held: nothing is sent before the missed messages. A ping answered proves the connection is not blocked.
    socket.send({ type: 'ping' });
    await socket.next((m) => m.type === 'pong');
    expect(socket.ofType('message')).toEqual([]);

    release();
    await socket.next((m) => m.type === 'message' && m.message.text === 'live');
    const order = socket.messages.filter((m) => m.type === 'message' || m.type === 'resumed').map((m) => (m.type === 'message' ? m.message.text : m.type));
    expect(order).toEqual(['missed 1', 'missed 2', 'resumed', 'live']);
    expect(socket.ofType('resumed')[0]).toEqual({ type: 'resumed', delivered: 2, lastSeq: missed[1].seq, complete: true, totalUnread: 2 });
  });

  it('pages a long resume and says when it stopped short', async () => {
    const ana = await h.api.register();
    const pages: number[] = [];
    since = async (input) => {
      const after = input.afterSeq ?? 0;
      pages.push(after);
      const messages = Array.from({ length: 200 }, (_, i) => asMessage(sent(['someone', ana.user.id], `n${after + i + 1}`, after + i + 1)));
      return { messages, hasMore: true, lastSeq: after + 200, totalUnread: 5_000 };
    };
    const socket = await connect(ana.token, { query: '?afterSeq=0' });
    const resumed = await socket.next((m) => m.type === 'resumed');
    expect(pages).toEqual([0, 200, 400, 600, 800]);
    expect(resumed).toMatchObject({ delivered: 1_000, complete: false, lastSeq: 1_000 });
    expect(socket.ofType('message')).toHaveLength(1_000);
  });

  it('closes the oldest connection of a user beyond the cap', async () => {
    const ana = await h.api.register();
    const first = await connect(ana.token);
    const second = await connect(ana.token);
    const third = await connect(ana.token);
    expect(await first.closed).toMatchObject({ code: social.REALTIME_CLOSE.replaced });
    expect(second.isClosed).toBe(false);
    expect(third.isClosed).toBe(false);
  });

  it('closes a socket when its access token expires', async () => {
    const ana = await h.api.register();
    const socket = await connect(accessToken(ana.user.id, 2));
    const ready = socket.ofType('ready')[0];
    expect(Date.parse(ready.tokenExpiresAt)).toBeGreaterThan(Date.now() - 5_000);
    expect(await socket.closed).toMatchObject({ code: social.REALTIME_CLOSE.tokenExpired });
  });

  it('drops a client that stops answering pings, and keeps one that answers', async () => {
    const [ana, ben] = [await h.api.register(), await h.api.register()];
    const silent = await connect(ana.token, { autoPong: false });
    const lively = await connect(ben.token);
    const closed = await silent.closed;
    expect(closed.code).toBe(1006); // terminated, no closing handshake
    expect(silent.pings).toBeGreaterThan(0);
    await waitFor(() => lively.pings >= 2, { what: 'two pings answered' });
    expect(lively.isClosed).toBe(false);
  });

  it('refuses forged tokens: unsigned (alg none), another secret, a non-access token', async () => {
    const ana = await h.api.register();
    const unsigned = `${accessToken(ana.user.id, 60, { alg: 'none', typ: 'JWT' }).split('.').slice(0, 2).join('.')}.`;
    const foreign = (() => {
      const [header, payload] = accessToken(ana.user.id, 60).split('.');
      return `${header}.${payload}.${createHmac('sha256', 'another-secret-that-is-long-enough-for-hs256').update(`${header}.${payload}`).digest('base64url')}`;
    })();
    for (const token of [unsigned, foreign, ana.refreshToken]) {
      const refused = await TestWebSocket.open(url(), { protocols: [social.REALTIME_SUBPROTOCOL, token] }).catch((e) => e);
      expect(refused).toBeInstanceOf(WebSocketRefused);
      expect(refused.status).toBe(401);
    }
  });

  it('says goodbye with 1001 when the gateway shuts down', async () => {
    const ana = await h.api.register();
    const socket = await connect(ana.token);
    await h.gateway.stop();
    expect(await socket.closed).toMatchObject({ code: 1001 });
  });
});
