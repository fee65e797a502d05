import { consumeEvent, type Logger, type RunningConsumer } from '@platform/service-kit';
import type { NatsConnection } from '@nats-io/transport-node';
import { z } from 'zod';
import type { Projection } from './projections.js';

/** The envelope fields the read model relies on; a message without them is as unusable as a bad payload. */
const envelopeShape = z.object({ id: z.string().min(1).max(200), subject: z.string(), data: z.unknown() });

/** Counters since this instance started; the read model's own totals come from its tables. */
export class ConsumerCounters {
  applied = 0;
  duplicatesSkipped = 0;
  rejected = 0;
}

/**
 * One durable pull consumer per subject (NATS 2.9 has no multi-filter
 * consumers), named `ai__<subject>`, so every instance of the service shares
 * the work and a restart resumes where the last one stopped. A brand-new
 * consumer starts at the beginning of the stream: a fresh read model is built
 * from every event the stream still holds.
 *
 * A handler that fails (database down) throws, and the kit redelivers the
 * message later. A payload that does not match its contract can never
 * succeed: it is logged and acknowledged rather than redelivered forever.
 */
export async function startConsumers(options: {
  nc: NatsConnection;
  namespace: string;
  logger: Logger;
  projections: readonly Projection[];
  counters: ConsumerCounters;
}): Promise<RunningConsumer[]> {
  const { counters, logger } = options;
  return Promise.all(
    options.projections.map((projection) =>
      consumeEvent({
        nc: options.nc,
        namespace: options.namespace,
        durable: 'ai',
        event: projection.event,
        logger,
        handler: async (envelope, msg) => {
          try {
            envelopeShape.parse(envelope);
            const outcome = await projection.apply(envelope);
            if (outcome === 'applied') counters.applied++;
            else counters.duplicatesSkipped++;
          } catch (err) {
            if (!(err instanceof z.ZodError)) throw err;
            counters.rejected++;
            logger.error(
              { subject: msg.subject, seq: msg.seq, eventId: envelope.id, issues: err.issues.slice(0, 3) },
              'event does not match its contract; skipped',
            );
          }
        },
      }),
    ),
  );
}
