import { createHmac, randomUUID } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import { eventStreamName, storage, type EventEnvelope } from '@platform/contracts';
import { consumeEvent, createLogger, parseConfig, type RunningConsumer, type Service } from '@platform/service-kit';
import { dropNamespaceSchemas, infra, serviceEnv, startGateway, TEST_JWT_SECRET, type TestApi, type TestGateway, uniqueNamespace } from '@platform/testkit';
import { createTestBucket, type TestBucket } from '@platform/testkit/s3';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { buildStorageService } from '../src/app.js';
import { storageEnvSchema } from '../src/config.js';
import { cleanupQueuePrefix } from '../src/jobs/cleanup.js';

export interface StorageHarness {
  namespace: string;
  bucket: TestBucket;
  gateway: TestGateway;
  api: TestApi;
  service: Service;
  /** evt.storage.* envelopes published so far. */
  events: EventEnvelope<any>[];
  /** A user registered through the gateway. */
  user(): Promise<{ token: string; id: string }>;
  /** An administrator's access token (signed like the gateway signs them). */
  adminToken(): string;
  close(): Promise<void>;
}

export const MiB = 1024 * 1024;

/** The real gateway (child process) in front of an in-process storage service, with its own bucket, schema, queue prefix and stream. */
export async function startStorageHarness(env: Record<string, string> = {}): Promise<StorageHarness> {
  const namespace = uniqueNamespace('st');
  const bucket = await createTestBucket(namespace);
  const gateway = await startGateway(namespace);
  const service = await buildStorageService(
    parseConfig(storageEnvSchema, serviceEnv('storage', namespace, { ...bucket.env, STORAGE_MAX_UPLOAD_BYTES: String(MiB), ...env })),
  );
  const events: EventEnvelope<any>[] = [];
  const logger = createLogger({ service: 'test', instance: 'test', level: 'silent' });
  const consumers: RunningConsumer[] = [];
  for (const event of storage.storageEvents) {
    consumers.push(
      await consumeEvent({
        nc: service.nc,
        namespace,
        durable: 'storage-test',
        event,
        logger,
        handler: async (envelope) => {
          events.push(envelope);
        },
      }),
    );
  }
  return {
    namespace,
    bucket,
    gateway,
    api: gateway.api,
    service,
    events,
    async user() {
      const session = await gateway.api.register();
      return { token: session.token, id: session.user.id };
    },
    adminToken: () => signAccessToken({ sub: randomUUID(), role: 'admin', email: 'admin@example.com' }),
    async close() {
      for (const consumer of consumers) await consumer.stop();
      await service.stop();
      await gateway.stop();
      await obliterateCleanupQueue(`${namespace}:`);
      await deleteStream(namespace);
      await bucket.destroy();
      await dropNamespaceSchemas(namespace);
    },
  };
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function signAccessToken(claims: { sub: string; role: 'user' | 'admin'; email: string }): string {
  const head = b64({ alg: 'HS256', typ: 'JWT' });
  const body = b64({ ...claims, typ: 'access', iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600 });
  const signature = createHmac('sha256', TEST_JWT_SECRET).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}

async function deleteStream(namespace: string): Promise<void> {
  const nc = await connect({ servers: infra.natsUrl });
  try {
    await nc.request(`$JS.API.STREAM.DELETE.${eventStreamName(namespace)}`, '', { timeout: 2_000 }).catch(() => undefined);
  } finally {
    await nc.close();
  }
}

/** Removes the test namespace's BullMQ keys (the daily schedule included). */
export async function obliterateCleanupQueue(redisPrefix: string): Promise<void> {
  const connection = new Redis(infra.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(storage.STORAGE_CLEANUP_QUEUE, { connection, prefix: cleanupQueuePrefix(redisPrefix) });
  try {
    await queue.obliterate({ force: true });
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

/** PUTs bytes to a presigned URL with the given headers, as a browser or app would. */
export function putTo(url: string, body: Buffer | string, headers: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'PUT', body: typeof body === 'string' ? body : new Uint8Array(body), headers });
}

export const bytesOf = (size: number, seed = 1) => {
  const buffer = Buffer.alloc(size);
  for (let i = 0; i < size; i++) buffer[i] = (i * 31 + seed * 7) % 251;
  return buffer;
};
