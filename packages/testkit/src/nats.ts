import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { eventStreamName, eventSubject, type EventEnvelope, operationSubject, type Operation, type RawInputOf, type ReplyEnvelope } from '@platform/contracts';
import { infra } from './infra.js';

/** NATS helpers for tests: `import { ... } from '@platform/testkit/nats'`. */
export const connectTestNats = (): Promise<NatsConnection> => connect({ servers: infra.natsUrl });

/**
 * Calls an operation over NATS exactly as the gateway or another service
 * does (for internal operations that have no HTTP route).
 */
export async function callOperation<Op extends Operation>(
  nc: NatsConnection,
  op: Op,
  namespace: string,
  input: RawInputOf<Op> | Record<string, unknown>,
  options: { timeoutMs?: number; ctx?: Record<string, unknown> } = {},
): Promise<ReplyEnvelope<any>> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const ctx = { requestId: `test-${Math.random().toString(36).slice(2, 10)}`, deadline: Date.now() + timeoutMs, ...(options.ctx ?? {}) };
  const msg = await nc.request(operationSubject(op, namespace), JSON.stringify({ input, ctx }), { timeout: timeoutMs + 500 });
  return msg.json<ReplyEnvelope<any>>();
}

/** Every event of one subject on a namespace's stream, oldest first (reads the stream directly, no consumer). */
export async function streamEvents<T = unknown>(nc: NatsConnection, namespace: string, subject: string): Promise<EventEnvelope<T>[]> {
  const jsm = await jetstreamManager(nc);
  const stream = eventStreamName(namespace);
  const info = await jsm.streams.info(stream).catch(() => undefined);
  if (!info) return [];
  const events: EventEnvelope<T>[] = [];
  const wanted = eventSubject(subject, namespace);
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const msg = await jsm.streams.getMessage(stream, { seq }).catch(() => undefined);
    if (msg && msg.subject === wanted) events.push(msg.json<EventEnvelope<T>>());
  }
  return events;
}

/** Deletes a namespace's event stream. Call in afterAll. */
export async function deleteEventStream(nc: NatsConnection, namespace: string): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await jsm.streams.delete(eventStreamName(namespace)).catch(() => undefined);
}
