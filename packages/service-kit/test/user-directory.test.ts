import type { NatsConnection } from '@nats-io/transport-node';
import { auth, DomainError } from '@platform/contracts';
import { baseEnvSchema, parseConfig, Service, UserDirectory } from '@platform/service-kit';
import { serviceEnv, uniqueNamespace } from '@platform/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { natsConnect } from './nats-client.js';

const ada = {
  id: '11111111-1111-4111-8111-111111111111',
  email: 'ada@example.com',
  name: 'Ada',
  clubId: 'PSG',
  role: 'user' as const,
  createdAt: '2026-01-01T00:00:00.000Z',
};

describe('UserDirectory: users through gateway.findUser, cached', () => {
  let nc: NatsConnection;
  let gateway: Service | undefined;
  const namespace = uniqueNamespace('kud');
  const lookups: unknown[] = [];

  /** A stand-in for the gateway's findUser handler, on the real NATS, counting lookups. */
  const startGateway = () =>
    new Service({ name: 'gateway', config: parseConfig(baseEnvSchema, serviceEnv('gateway', namespace)) })
      .handle(auth.findUser, async (input) => {
        lookups.push(input);
        if (input.id === ada.id || input.email === ada.email) return ada;
        throw new DomainError('NOT_FOUND', 'no such user');
      })
      .connect();

  beforeAll(async () => {
    nc = await natsConnect();
    gateway = await startGateway();
  });
  afterAll(async () => {
    await gateway?.stop();
    await nc?.close();
  });

  it('finds a user once, then from the cache, by id or by the email it was found with', async () => {
    const directory = new UserDirectory(nc, namespace, 60_000);
    lookups.length = 0;
    expect(await directory.find({ email: ' ADA@example.com' })).toEqual({ id: ada.id, name: 'Ada', clubId: 'PSG' });
    expect(await directory.find({ id: ada.id })).toMatchObject({ name: 'Ada' });
    expect(await directory.find({ email: 'ada@example.com' })).toMatchObject({ id: ada.id });
    expect(lookups).toHaveLength(1);
  });

  it('shares one lookup between concurrent finds of the same user, with or without a cache', async () => {
    for (const ttlMs of [60_000, 0]) {
      const directory = new UserDirectory(nc, namespace, ttlMs);
      lookups.length = 0;
      const users = await Promise.all(Array.from({ length: 50 }, () => directory.find({ id: ada.id })));
      expect(users.every((user) => user?.name === 'Ada')).toBe(true);
      expect(lookups).toHaveLength(1);
    }
  });

  it('answers undefined for an unknown user and does not cache it (a fresh sign-up is found at once)', async () => {
    const directory = new UserDirectory(nc, namespace, 60_000);
    lookups.length = 0;
    const nobody = { id: '22222222-2222-4222-8222-222222222222' };
    expect(await directory.find(nobody)).toBeUndefined();
    expect(await directory.find(nobody)).toBeUndefined();
    expect(lookups).toHaveLength(2);
    expect(await directory.names([ada.id, nobody.id, ada.id])).toEqual(new Map([[ada.id, 'Ada']]));
  });

  it('caches nothing with a zero TTL', async () => {
    const directory = new UserDirectory(nc, namespace, 0);
    lookups.length = 0;
    await directory.find({ id: ada.id });
    await directory.find({ id: ada.id });
    expect(lookups).toHaveLength(2);
  });

  it('answers 503 when the gateway cannot answer, and keeps serving what it has cached', async () => {
    const directory = new UserDirectory(nc, namespace, 60_000);
    await directory.find({ id: ada.id });
    await gateway?.stop();
    gateway = undefined;
    await expect(directory.find({ email: 'someone@example.com' })).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503 });
    expect(await directory.find({ id: ada.id })).toMatchObject({ name: 'Ada' });
    expect(await directory.names([ada.id, '33333333-3333-4333-8333-333333333333'])).toEqual(new Map([[ada.id, 'Ada']]));
  });
});
