import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { describeValidationError, eventEnvelopeSchema, eventStreamName, eventSubject, wallet } from '@platform/contracts';
import type { ConsumerStore } from './store.js';

/** The event this consumer reacts to, and the one version of it that it understands. */
const event = wallet.transferCompleted;
const envelopeSchema = eventEnvelopeSchema(event);

export interface ConsumerProgress {
  applied: number;
  duplicates: number;
  skipped: number;
  rejected: number;
}

export interface RunningConsumer {
  progress: ConsumerProgress;
  /** Stops fetching, lets the message in hand finish, and returns. */
  stop(): Promise<void>;
}

export type Log = (message: string, fields?: Record<string, unknown>) => void;

/** Waits for the platform's stream: the services create it, a consumer never does (it does not own its settings). */
async function waitForStream(nc: NatsConnection, stream: string, log: Log): Promise<void> {
  const jsm = await jetstreamManager(nc);
  for (let attempt = 0; ; attempt++) {
    try {
      await jsm.streams.info(stream);
      return;
    } catch {
      if (attempt === 0) log('waiting for the event stream', { stream });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

/**
 * A durable pull consumer on one subject with explicit acks. JetStream keeps
 * its position under `durableName`: after a restart (or a crash) it delivers
 * every message not yet acknowledged, so nothing is missed; the store's
 * processed-event ids make the repeats harmless, so nothing is doubled.
 */
export async function startConsumer(options: {
  nc: NatsConnection;
  namespace: string;
  durableName: string;
  ackWaitSeconds: number;
  store: ConsumerStore;
  log: Log;
}): Promise<RunningConsumer> {
  const { nc, namespace, durableName, store, log } = options;
  const stream = eventStreamName(namespace);
  await waitForStream(nc, stream, log);

  const jsm = await jetstreamManager(nc);
  const existing = await jsm.consumers.info(stream, durableName).catch(() => undefined);
  if (!existing) {
    await jsm.consumers.add(stream, {
      durable_name: durableName,
      filter_subject: eventSubject(event.subject, namespace),
      ack_policy: AckPolicy.Explicit,
      // A new consumer starts from the oldest event the stream keeps (30 days): it replays history once.
      deliver_policy: DeliverPolicy.All,
      // A message not acknowledged within this time (the process died holding it) is delivered again.
      ack_wait: nanos(options.ackWaitSeconds * 1_000),
      max_deliver: -1,
    });
  }

  const progress: ConsumerProgress = { applied: 0, duplicates: 0, skipped: 0, rejected: 0 };
  const consumer = await jetstream(nc).consumers.get(stream, durableName);
  const messages = await consumer.consume({ max_messages: 64 });

  const handle = async (msg: JsMsg): Promise<void> => {
    let body: { v?: unknown };
    try {
      body = msg.json();
    } catch {
      await store.reject(msg.seq, msg.subject, 'not JSON', msg.string());
      progress.rejected++;
      return msg.term();
    }
    // Another version of the same subject, published side by side with ours: not for us.
    if (body?.v !== event.version) {
      progress.skipped++;
      return msg.ack();
    }
    const parsed = envelopeSchema.safeParse(body);
    if (!parsed.success) {
      // It will never parse: redelivering would loop forever. Kept for a person, then terminated.
      const reason = describeValidationError(parsed.error, 'event').message;
      await store.reject(msg.seq, msg.subject, reason, msg.string());
      progress.rejected++;
      log('rejected an event that does not match the contract', { seq: msg.seq, reason });
      // No reason on the term: NATS 2.9 ignores a `+TERM <reason>` and redelivers the message for ever.
      return msg.term();
    }
    const applied = await store.applyTransferOnce(parsed.data, msg.seq);
    if (applied) progress.applied++;
    else progress.duplicates++;
    msg.ack();
  };

  const done = (async () => {
    for await (const msg of messages) {
      try {
        await handle(msg);
      } catch (error) {
        // The database is down or similar: not acknowledged, so JetStream delivers it again.
        log('event handling failed; it will be redelivered', { seq: msg.seq, error: (error as Error).message });
        msg.nak(1_000);
      }
    }
  })();

  return {
    progress,
    async stop() {
      await messages.close();
      await done;
    },
  };
}
