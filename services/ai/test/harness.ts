import type { NatsConnection } from '@nats-io/transport-node';
import { type EventContract, type PayloadOf, serviceStatsSubject } from '@platform/contracts';
import { EventPublisher, ensureEventStream, parseConfig, type Service } from '@platform/service-kit';
import { dropNamespaceSchemas, serviceEnv, type TestApi, type TestGateway, uniqueNamespace } from '@platform/testkit';
import { retryWhileBusy } from '@platform/testkit/commerce';
import { waitForConsumersCaughtUp } from '@platform/testkit/event-consumers';
import { connectTestNats, deleteEventStream } from '@platform/testkit/nats';
import { dropNamespaceKeys } from '@platform/testkit/redis';
import { randomUUID } from 'node:crypto';
import { buildAiService } from '../src/app.js';
import { type AiConfig, aiEnvSchema } from '../src/config.js';
import { startGatewayProcess } from './platform-processes.js';

export interface Fan {
  token: string;
  user: { id: string; email: string };
}

/** The five subjects the AI's own read model consumes (the users' read model has its own durables, `ai-users__*`). */
export const AI_CONSUMERS = 5;

export interface AiHarness {
  namespace: string;
  gateway: TestGateway;
  api: TestApi;
  ai: Service;
  config: AiConfig;
  nc: NatsConnection;
  /** A fresh fan registered through the gateway (retried when the gateway is too busy hashing passwords). */
  newFan(clubId?: string): Promise<Fan>;
  /** Several fans, one at a time: a burst of sign-ups on 2 cores misses the gateway's deadline. */
  newFans(...clubIds: string[]): Promise<Fan[]>;
  /** Publishes to the namespace's real stream, as the owning service's outbox relay does; returns the event id. */
  publish<E extends EventContract>(event: E, payload: PayloadOf<E>, id?: string): Promise<string>;
  /** Resolves once the AI has handled every event published so far. */
  caughtUp(): Promise<void>;
  /** GET through the gateway; fails the test on a non-200. */
  get(path: string, fan: Fan): Promise<any>;
  stats(): Promise<Record<string, number>>;
  /** Stops the in-process AI and builds a new one on the same schema. */
  restartAi(): Promise<void>;
  close(): Promise<void>;
}

/** Removes the namespace's stream, schemas and Redis keys, and closes the test's NATS connection. */
async function cleanUp(nc: NatsConnection, namespace: string): Promise<void> {
  await deleteEventStream(nc, namespace);
  await nc.close();
  await dropNamespaceSchemas(namespace);
  await dropNamespaceKeys(namespace);
}

/**
 * The real gateway in a child process and the AI in-process, in a fresh
 * namespace; platform events are published to the namespace's real stream.
 */
export async function startAiHarness(options: { now?: () => Date } = {}): Promise<AiHarness> {
  const namespace = uniqueNamespace('ai');
  const nc = await connectTestNats();
  const config = parseConfig(aiEnvSchema, serviceEnv('ai', namespace, { HTTP_PORT: '0' }));
  const publisher = new EventPublisher(nc, namespace);
  let gateway: TestGateway | undefined;
  let ai: Service;
  try {
    await ensureEventStream(nc, namespace);
    gateway = await startGatewayProcess(namespace);
    ai = await buildAiService(config, options);
  } catch (error) {
    // afterAll gets no harness to close: leave nothing behind here.
    await gateway?.stop();
    await cleanUp(nc, namespace);
    throw error;
  }

  const harness: AiHarness = {
    namespace,
    gateway,
    api: gateway.api,
    get ai() {
      return ai;
    },
    config,
    nc,
    newFan: (clubId = 'psg') => retryWhileBusy(() => gateway.api.register({ clubId })),
    async newFans(...clubIds) {
      const fans: Fan[] = [];
      for (const clubId of clubIds) fans.push(await harness.newFan(clubId));
      return fans;
    },
    async publish(event, payload, id = randomUUID()) {
      await publisher.publish(event, payload, id);
      return id;
    },
    caughtUp: () => waitForConsumersCaughtUp(nc, namespace, 'ai', { expectConsumers: AI_CONSUMERS, timeoutMs: 60_000 }),
    async get(path, fan) {
      const res = await gateway.api.get(path, fan.token);
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    async stats() {
      const msg = await nc.request(`${namespace}.${serviceStatsSubject('ai')}`, '{}', { timeout: 5_000 });
      const reply = msg.json<{ ok: boolean; data: Record<string, number> }>();
      if (!reply.ok) throw new Error(`stats failed: ${JSON.stringify(reply)}`);
      return reply.data;
    },
    async restartAi() {
      await ai.stop();
      ai = await buildAiService(config, options);
    },
    async close() {
      await ai.stop();
      await gateway!.stop();
      await cleanUp(nc, namespace);
    },
  };
  return harness;
}
