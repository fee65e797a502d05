import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { type EventEnvelope, eventSubject } from '@platform/contracts';

/**
 * Counts every publish of one event subject, by event id, as a plain NATS
 * subscriber sees it: before JetStream's Nats-Msg-Id de-duplication, so a
 * row that two outbox relays both published shows up twice here even though
 * the stream keeps one.
 */
export class RawPublishes<T = unknown> {
  private readonly seen = new Map<string, { envelope: EventEnvelope<T>; count: number }>();
  private readonly subscription: Subscription;

  constructor(nc: NatsConnection, namespace: string, subject: string) {
    this.subscription = nc.subscribe(eventSubject(subject, namespace), {
      callback: (_err, msg) => {
        const envelope = msg.json<EventEnvelope<T>>();
        const entry = this.seen.get(envelope.id);
        if (entry) entry.count++;
        else this.seen.set(envelope.id, { envelope, count: 1 });
      },
    });
  }

  /** Every publish, repeats included. */
  get total(): number {
    let total = 0;
    for (const { count } of this.seen.values()) total += count;
    return total;
  }

  /** One envelope per distinct event. */
  events(): EventEnvelope<T>[] {
    return [...this.seen.values()].map(({ envelope }) => envelope);
  }

  /** How many publishes repeated an event already published. */
  get repeats(): number {
    return this.total - this.seen.size;
  }

  stop(): void {
    this.subscription.unsubscribe();
  }
}
