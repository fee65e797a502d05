import type { EventEnvelope } from '@platform/contracts';
import type { EventPublisher, Logger } from '@platform/service-kit';
import type { Collection } from 'mongodb';
import type { EventRelay } from './booking-store.js';
import type { BookingDocument } from './mongo-booking-store.js';

export interface MongoOutboxRelayOptions {
  bookings: Collection<BookingDocument>;
  publisher: EventPublisher;
  logger: Logger;
  batchSize?: number;
  pollIntervalMs?: number;
}

/**
 * Publishes the events each booking document carries in `pending_events`
 * (written in the same single-document operation as the change), then pulls
 * them off the document. Guarantee: at least once into the stream, and exactly
 * once within JetStream's duplicate window, because the Nats-Msg-Id is the
 * event id, derived from booking id and verb. A crash between publish and pull
 * republishes the same ids; several instances relaying at once do the same.
 * No replica set is needed: MongoDB writes one document atomically.
 */
export class MongoOutboxRelay implements EventRelay {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly options: MongoOutboxRelayOptions) {}

  async start(): Promise<void> {
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** Publishes one batch of documents' events; returns how many events it published. */
  async publishBatch(): Promise<number> {
    const docs = await this.options.bookings
      .find({ 'pending_events.id': { $exists: true } }, { projection: { pending_events: 1 } })
      .limit(this.options.batchSize ?? 100)
      .toArray();
    let published = 0;
    for (const doc of docs) {
      const events: EventEnvelope[] = doc.pending_events ?? [];
      // In order within a booking: created before cancelled.
      for (const envelope of events) await this.options.publisher.publishEnvelope(envelope);
      await this.options.bookings.updateOne({ _id: doc._id }, { $pull: { pending_events: { id: { $in: events.map((e) => e.id) } } } });
      published += events.length;
    }
    return published;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let published = 0;
      try {
        published = await this.publishBatch();
        failures = 0;
      } catch (err) {
        failures++;
        this.options.logger.warn({ err, failures }, 'mongo outbox relay batch failed; will retry');
      }
      if (published > 0 && this.running) continue;
      const wait = failures > 0 ? Math.min(5_000, 100 * 2 ** failures) : (this.options.pollIntervalMs ?? 500);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}
