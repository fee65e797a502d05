import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { type EventEnvelope, eventStreamName, eventSubject } from '@platform/contracts';
import { infra } from './infra.js';

/**
 * The events a namespace's stream holds on one subject, in stream order. It
 * reads what JetStream stored (after its Nats-Msg-Id de-duplication), so a
 * test can assert "exactly one event per change". Reads by sequence, which
 * NATS 2.9 supports; meant for the few hundred messages of a test stream.
 */
export async function readStreamEvents<T = unknown>(namespace: string, subject: string): Promise<EventEnvelope<T>[]> {
  const nc = await connect({ servers: infra.natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    const stream = eventStreamName(namespace);
    const info = await jsm.streams.info(stream).catch(() => undefined);
    if (!info || info.state.messages === 0) return [];
    const wanted = eventSubject(subject, namespace);
    const events: EventEnvelope<T>[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
      const msg = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
      if (msg && msg.subject === wanted) events.push(msg.json<EventEnvelope<T>>());
    }
    return events;
  } finally {
    await nc.close();
  }
}

/** Deletes a namespace's event stream. Call in afterAll next to dropNamespaceSchemas. */
export async function deleteEventStream(namespace: string): Promise<void> {
  const nc = await connect({ servers: infra.natsUrl });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(eventStreamName(namespace)).catch(() => undefined);
  } finally {
    await nc.close();
  }
}
