import type { Subscription } from '@nats-io/transport-node';
import { auth, operationSubject } from '@platform/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HARNESS_START_TIMEOUT_MS, type SocialHarness, startSocialHarness } from './harness.js';

/**
 * Names, clubs and message recipients come from social's own read model of
 * the gateway's user events (docs/decisions/0975): no request asks the
 * gateway, and a user registered a moment ago can be written to and followed.
 */
describe('social users from the user read model', { timeout: 90_000 }, () => {
  let h: SocialHarness;
  let findUserRequests: Subscription;
  beforeAll(async () => {
    h = await startSocialHarness();
    findUserRequests = h.nc.subscribe(operationSubject(auth.findUser, h.namespace));
    await h.nc.flush();
  }, HARNESS_START_TIMEOUT_MS);
  afterAll(async () => h?.close());

  it('messages and follows a user registered a moment ago, names them, and never calls gateway.findUser', async () => {
    const ana = await h.newUser('Ana');
    for (let n = 0; n < 3; n++) {
      const ben = await h.api.register({ name: `Ben ${n}` });
      // At once after the 201.
      const sent = await h.api.post('/api/social/messages', { recipientId: ben.user.id, message: 'welcome!' }, ana.token);
      expect(sent.status, JSON.stringify(sent.body)).toBe(201);
      const follow = await h.api.request('PUT', `/api/social/follows/users/${ben.user.id}`, { token: ana.token });
      expect(follow.status, JSON.stringify(follow.body)).toBe(200);

      const conversations = await h.api.get('/api/social/conversations', ben.token);
      expect(conversations.body.conversations[0].participants).toEqual(
        expect.arrayContaining([
          { id: ana.user.id, name: 'Ana' },
          { id: ben.user.id, name: `Ben ${n}` },
        ]),
      );
    }
    const follows = await h.api.get('/api/social/follows', ana.token);
    expect(follows.body.follows.map((f: any) => f.name).sort()).toEqual(['Ben 0', 'Ben 1', 'Ben 2']);

    const nobody = await h.api.post('/api/social/messages', { recipientId: '00000000-0000-4000-8000-0000000000ff', message: 'hello?' }, ana.token);
    expect(nobody.status).toBe(404);
    await h.nc.flush();
    expect(findUserRequests.getReceived()).toBe(0);
  });
});
