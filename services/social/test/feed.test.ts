import { randomUUID } from 'node:crypto';
import { type EventEnvelope, eventSubject, tickets } from '@platform/contracts';
import { EventPublisher } from '@platform/service-kit';
import { waitFor } from '@platform/testkit';
import { adminSession } from '@platform/testkit/admin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HARNESS_START_TIMEOUT_MS, type Session, type SocialHarness, startSocialHarness } from './harness.js';

describe('feed, posts, follows and activity cards', { timeout: 90_000 }, () => {
  let h: SocialHarness;
  let publisher: EventPublisher;
  beforeAll(async () => {
    h = await startSocialHarness();
    publisher = new EventPublisher(h.nc, h.namespace);
  }, HARNESS_START_TIMEOUT_MS);
  afterAll(async () => {
    await h?.close();
  });

  const feed = async (session: Session, query = '') => {
    const res = await h.api.get(`/api/social/feed${query}`, session.token);
    expect(res.status).toBe(200);
    return res.body as { items: any[]; nextCursor: string | null };
  };
  const post = async (session: Pick<Session, 'token'>, text: string, extra: Record<string, unknown> = {}, headers?: Record<string, string>) =>
    h.api.post('/api/social/posts', { text, ...extra }, session.token, headers);
  /** A user whose club nobody else posts for, so their feed holds only what a test puts there. */
  const loner = async () => h.api.register({ clubId: `club-${randomUUID().slice(0, 8)}` });
  const followUser = (session: Session, userId: string) => h.api.request('PUT', `/api/social/follows/users/${userId}`, { token: session.token });

  /** What the tickets service publishes when a ticket is bought (contract: tickets.ticketPurchased). */
  const purchase = (buyer: Session, clubId: string) => ({
    ticketId: randomUUID(),
    userId: buyer.user.id,
    eventId: 'psg-om-2026',
    clubId,
    category: 'premium',
    priceMinor: 8999,
    price: '89.99',
    currency: 'EUR' as const,
    transferId: randomUUID(),
    occurredAt: new Date().toISOString(),
  });

  it('shows posts of the people and clubs you follow, yours, and your club’s; unfollowing removes them', async () => {
    const admin = await adminSession(h.api, h.namespace);
    const [ana, ben, carl] = [await h.newUser('Ana'), await h.newUser('Ben'), await h.api.register({ name: 'Carl', clubId: 'OM' })];
    const bensPost = await post(ben, 'Allez Paris !');
    expect(bensPost.status).toBe(201);
    expect(bensPost.body).toMatchObject({ kind: 'post', author: { kind: 'user', id: ben.user.id, name: 'Ben' }, text: 'Allez Paris !', activity: null });
    const carlsPost = await post(carl, 'Allez l’OM !');
    const clubPost = await post(admin, 'Billetterie ouverte', { clubId: 'PSG' });
    expect(clubPost.status).toBe(201);
    expect(clubPost.body.author).toEqual({ kind: 'club', id: 'psg', name: null });
    const omPost = await post(admin, 'Match à Marseille', { clubId: 'om' });
    const anasPost = await post(ana, 'Mon premier post');

    // Ana is a PSG fan (registered with clubId psg): her club's posts and her own, nothing else yet.
    expect((await feed(ana)).items.map((i) => i.id)).toEqual([anasPost.body.id, clubPost.body.id]);

    expect((await followUser(ana, ben.user.id)).status).toBe(200);
    const follow = await h.api.request('PUT', '/api/social/follows/clubs/OM', { token: ana.token });
    expect(follow.body).toMatchObject({ following: true, follow: { kind: 'club', id: 'om' } });
    expect((await followUser(ana, ben.user.id)).status).toBe(200); // following again changes nothing
    expect((await feed(ana)).items.map((i) => i.id)).toEqual([anasPost.body.id, omPost.body.id, clubPost.body.id, bensPost.body.id]);
    expect((await feed(ana)).items.some((i) => i.id === carlsPost.body.id)).toBe(false);

    const follows = await h.api.get('/api/social/follows', ana.token);
    expect(follows.body.follows.map((f: any) => [f.kind, f.id, f.name])).toEqual([
      ['club', 'om', null],
      ['user', ben.user.id, 'Ben'],
    ]);

    const unfollow = await h.api.request('DELETE', `/api/social/follows/users/${ben.user.id}`, { token: ana.token });
    expect(unfollow.body).toEqual({ following: false, kind: 'user', id: ben.user.id });
    expect((await feed(ana)).items.some((i) => i.id === bensPost.body.id)).toBe(false);
  });

  it('refuses club posts by non-admins, following yourself or nobody, and bad input, naming the field', async () => {
    const ana = await h.newUser();
    const asClub = await post(ana, 'Je suis le club', { clubId: 'psg' });
    expect(asClub.status).toBe(403);
    expect(asClub.body.error.field).toBe('clubId');
    expect((await post(ana, '   ')).body.error.field).toBe('text');
    expect((await post(ana, 'x'.repeat(2_001))).body.error.field).toBe('text');
    expect((await followUser(ana, ana.user.id)).status).toBe(400);
    const nobody = await followUser(ana, randomUUID());
    expect(nobody.status).toBe(404);
    expect(nobody.body.error.field).toBe('id');
    const badKind = await h.api.request('PUT', '/api/social/follows/teams/psg', { token: ana.token });
    expect(badKind.status).toBe(400);
    expect(badKind.body.error.field).toBe('kind');
    const badUser = await followUser(ana, 'not-a-uuid');
    expect(badUser.body.error.field).toBe('id');
    const badSetting = await h.api.request('PUT', '/api/social/settings', { token: ana.token, body: { shareActivity: 'yes' } });
    expect(badSetting.status).toBe(400);
    expect(badSetting.body.error.field).toBe('shareActivity');
  });

  it('makes a post once per Idempotency-Key', async () => {
    const ana = await loner();
    const key = { 'idempotency-key': `post-${randomUUID()}` };
    const [a, b] = await Promise.all([post(ana, 'Une fois', {}, key), post(ana, 'Une fois', {}, key)]);
    expect(a.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
    expect((await feed(ana)).items).toHaveLength(1);
    const other = await post(ana, 'Autre texte', {}, key);
    expect(other.status).toBe(409);
  });

  it('turns ticket purchases into activity cards for followers and club fans, only for buyers who opted in', async () => {
    const [buyer, shy, follower, fan, stranger] = [
      await h.newUser('Buyer'),
      await h.newUser('Shy'),
      await h.api.register({ name: 'Follower', clubId: 'lyon' }),
      await h.api.register({ name: 'Fan', clubId: 'psg' }),
      await h.api.register({ name: 'Stranger', clubId: 'lyon' }),
    ];
    expect((await h.api.get('/api/social/settings', buyer.token)).body).toEqual({ shareActivity: false });
    const optIn = await h.api.request('PUT', '/api/social/settings', { token: buyer.token, body: { shareActivity: true } });
    expect(optIn.body).toEqual({ shareActivity: true });
    await followUser(follower, buyer.user.id);
    await followUser(follower, shy.user.id);

    const shared = await publisher.publish(tickets.ticketPurchased, purchase(buyer, 'psg'));
    expect(shared.duplicate).toBe(false);
    await publisher.publish(tickets.ticketPurchased, purchase(shy, 'psg')); // Shy never opted in

    for (const viewer of [follower, fan, buyer]) {
      const card = await waitFor(async () => (await feed(viewer)).items.find((i) => i.kind === 'activity'), { what: 'an activity card' });
      expect(card).toMatchObject({
        kind: 'activity',
        author: { kind: 'user', id: buyer.user.id, name: 'Buyer' },
        text: null,
        activity: { type: 'ticket.purchased', eventId: 'psg-om-2026', clubId: 'psg', category: 'premium' },
      });
    }
    // A sentinel card published after Shy's purchase: once it is visible, Shy's event was handled too.
    await publisher.publish(tickets.ticketPurchased, purchase(buyer, 'lyon'));
    await waitFor(async () => (await feed(follower)).items.filter((i) => i.kind === 'activity').length === 2, { what: 'the sentinel card' });
    expect((await feed(follower)).items.every((i) => i.author.id === buyer.user.id)).toBe(true);
    expect((await feed(stranger)).items.map((i) => i.activity?.clubId)).toEqual(['lyon']); // a Lyon fan sees the Lyon card only

    // Opting out hides the cards already made.
    await h.api.request('PUT', '/api/social/settings', { token: buyer.token, body: { shareActivity: false } });
    expect((await feed(follower)).items).toEqual([]);
  });

  it('builds one card from an event delivered twice', async () => {
    const [buyer, fan] = [await h.newUser(), await h.api.register({ clubId: 'nantes' })];
    await h.api.request('PUT', '/api/social/settings', { token: buyer.token, body: { shareActivity: true } });
    const envelope: EventEnvelope = {
      id: randomUUID(),
      subject: tickets.ticketPurchased.subject,
      v: 1,
      occurredAt: new Date().toISOString(),
      data: purchase(buyer, 'nantes'),
    };
    // Plain publishes carry no Nats-Msg-Id, so JetStream stores both copies: the consumer must de-duplicate.
    const subject = eventSubject(tickets.ticketPurchased.subject, h.namespace);
    h.nc.publish(subject, JSON.stringify(envelope));
    h.nc.publish(subject, JSON.stringify(envelope));
    await publisher.publish(tickets.ticketPurchased, purchase(buyer, 'nantes')); // sentinel, after both copies
    await waitFor(async () => (await feed(fan)).items.length >= 2, { what: 'two cards' });
    const cards = (await feed(fan)).items;
    expect(cards).toHaveLength(2);
  });

  it('pages the feed without repeats or gaps while new posts arrive', async () => {
    const [author, reader] = [await h.newUser(), await loner()];
    await followUser(reader, author.user.id);
    const before: string[] = [];
    for (let i = 0; i < 9; i++) before.push((await post(author, `post ${i}`)).body.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await feed(reader, `?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
      await post(author, 'pendant la lecture');
    } while (cursor);
    expect(seen).toEqual([...before].reverse());
  });
});
