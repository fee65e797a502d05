import { type ConsumerInfo, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { eventStreamName } from '@platform/contracts';
import { waitFor } from './infra.js';

/**
 * Durable consumers of a namespace's event stream, for tests of services that
 * listen to events: `import { ... } from '@platform/testkit/event-consumers'`.
 * The kit names a durable `<prefix>__<subject with dots as underscores>`.
 */
export async function eventConsumers(nc: NatsConnection, namespace: string, durablePrefix: string): Promise<ConsumerInfo[]> {
  const jsm = await jetstreamManager(nc);
  const all = await jsm.consumers.list(eventStreamName(namespace)).next();
  return all.filter((info) => info.name.startsWith(`${durablePrefix}__`));
}

/**
 * Waits until every consumer with the prefix has been given every message
 * and has acknowledged them all: the service has handled everything published
 * so far. With `expectConsumers`, also until that many consumers exist.
 */
export async function waitForConsumersCaughtUp(
  nc: NatsConnection,
  namespace: string,
  durablePrefix: string,
  options: { expectConsumers?: number; timeoutMs?: number } = {},
): Promise<void> {
  await waitFor(
    async () => {
      const consumers = await eventConsumers(nc, namespace, durablePrefix);
      if (options.expectConsumers !== undefined && consumers.length < options.expectConsumers) return false;
      return consumers.length > 0 && consumers.every((c) => c.num_pending === 0 && c.num_ack_pending === 0);
    },
    { timeoutMs: options.timeoutMs ?? 30_000, intervalMs: 100, what: `${durablePrefix} consumers to catch up on ${eventStreamName(namespace)}` },
  );
}

/** Deletes the prefix's durables: the next start of the service creates them again and replays the whole stream. */
export async function deleteEventConsumers(nc: NatsConnection, namespace: string, durablePrefix: string): Promise<number> {
  const jsm = await jetstreamManager(nc);
  const consumers = await eventConsumers(nc, namespace, durablePrefix);
  for (const consumer of consumers) await jsm.consumers.delete(eventStreamName(namespace), consumer.name);
  return consumers.length;
}
