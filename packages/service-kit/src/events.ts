import { randomUUID } from 'node:crypto';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type JetStreamClient, type JsMsg } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { eventStreamName, eventSubject, type EventContract, type EventEnvelope, type PayloadOf } from '@platform/contracts';
import type { Logger } from './logger.js';

/** JetStream drops a second publish with the same Nats-Msg-Id within this window. */
export const EVENT_DUPLICATE_WINDOW_MS = 10 * 60_000;
/** How long the stream keeps events: a new consumer can replay this much history. */
export const EVENT_RETENTION_MS = 30 * 24 * 3_600_000;

/** Creates the platform event stream when missing. Idempotent; every service may call it at start. */
export async function ensureEventStream(nc: NatsConnection, namespace = ''): Promise<string> {
  const jsm = await jetstreamManager(nc);
  const name = eventStreamName(namespace);
  try {
    await jsm.streams.info(name);
  } catch {
    try {
      await jsm.streams.add({
        name,
        subjects: [eventSubject('evt.>', namespace)],
        duplicate_window: nanos(EVENT_DUPLICATE_WINDOW_MS),
        max_age: nanos(EVENT_RETENTION_MS),
      });
    } catch (error) {
      // Another instance created it between our two calls.
      await jsm.streams.info(name).catch(() => {
        throw error;
      });
    }
  }
  return name;
}

export function buildEvent<E extends EventContract>(event: E, data: PayloadOf<E>, id: string = randomUUID()): EventEnvelope<PayloadOf<E>> {
  return { id, subject: event.subject, v: event.version, occurredAt: new Date().toISOString(), data: event.payload.parse(data) as PayloadOf<E> };
}

/**
 * Publishes events with Nats-Msg-Id = event id, so JetStream drops a
 * duplicate publish of the same event (a relay retry, a crash mid-batch).
 */
export class EventPublisher {
  private readonly js: JetStreamClient;

  constructor(
    nc: NatsConnection,
    private readonly namespace = '',
    /** Called after each acknowledged publish, duplicates included (per-instance metrics). */
    private readonly onPublished?: () => void,
  ) {
    this.js = jetstream(nc);
  }

  async publishEnvelope(envelope: EventEnvelope): Promise<{ duplicate: boolean }> {
    const ack = await this.js.publish(eventSubject(envelope.subject, this.namespace), JSON.stringify(envelope), { msgID: envelope.id });
    this.onPublished?.();
    return { duplicate: ack.duplicate };
  }

  publish<E extends EventContract>(event: E, data: PayloadOf<E>, id?: string): Promise<{ duplicate: boolean }> {
    return this.publishEnvelope(buildEvent(event, data, id));
  }
}

export interface ConsumeOptions<E extends EventContract> {
  nc: NatsConnection;
  namespace?: string;
  /** Durable name prefix, usually the consuming service's name. */
  durable: string;
  event: E;
  logger: Logger;
  handler: (envelope: EventEnvelope<PayloadOf<E>>, msg: JsMsg) => Promise<void>;
  /** Where a brand-new consumer starts; existing durables resume where they were. */
  deliverPolicy?: DeliverPolicy;
}

/** The durable consumer's name for one event subject: `<prefix>__<subject with . > * as _>`. */
export const durableNameOf = (prefix: string, event: Pick<EventContract, 'subject'>): string => `${prefix}__${event.subject.replace(/[.>*]/g, '_')}`;

export interface RunningConsumer {
  stop(): Promise<void>;
}

/**
 * A durable pull consumer with explicit ack. One consumer per event subject:
 * NATS 2.9 has no multi-filter consumers. A failed handler naks the message
 * with a delay, so it is redelivered; handlers must therefore be idempotent.
 */
export async function consumeEvent<E extends EventContract>(options: ConsumeOptions<E>): Promise<RunningConsumer> {
  const namespace = options.namespace ?? '';
  const stream = await ensureEventStream(options.nc, namespace);
  const jsm = await jetstreamManager(options.nc);
  const durable = durableNameOf(options.durable, options.event);
  try {
    await jsm.consumers.info(stream, durable);
  } catch {
    await jsm.consumers.add(stream, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: options.deliverPolicy ?? DeliverPolicy.All,
      filter_subject: eventSubject(options.event.subject, namespace),
      ack_wait: nanos(30_000),
      max_deliver: -1,
    });
  }
  const consumer = await jetstream(options.nc).consumers.get(stream, durable);
  const messages = await consumer.consume({ max_messages: 256 });
  const done = (async () => {
    for await (const msg of messages) {
      try {
        const envelope = msg.json<EventEnvelope<PayloadOf<E>>>();
        await options.handler(envelope, msg);
        msg.ack();
      } catch (err) {
        options.logger.warn({ err, subject: msg.subject, seq: msg.seq }, 'event handler failed; will be redelivered');
        msg.nak(1_000);
      }
    }
  })();
  return {
    async stop() {
      await messages.close();
      await done;
    },
  };
}
