import {
  operationSubject,
  serviceHealthSubject,
  serviceStatsSubject,
  system,
  type Operation,
  type ReplyEnvelope,
  type RequestEnvelope,
} from '@platform/contracts';
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import { sendAtEndOfTurn } from './end-of-turn.js';
import type { InFlight } from './in-flight.js';
import type { Logger } from './logger.js';
import { type OperationMetrics, recordOperation } from './metrics.js';
import { type OperationHandler, runOperation } from './run-operation.js';

const badEnvelope: ReplyEnvelope<never> = {
  ok: false,
  error: { code: 'BAD_REQUEST', status: 400, message: 'request envelope is not valid JSON with {input, ctx}' },
};

/**
 * Serves operations over NATS request/reply. Every instance of a service joins
 * the same queue group, so NATS spreads requests across instances.
 */
export class OperationServer {
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly nc: NatsConnection,
    private readonly options: {
      service: string;
      namespace: string;
      logger: Logger;
      metrics: OperationMetrics;
      inFlight: InFlight;
    },
  ) {}

  handle<Op extends Operation>(op: Op, handler: OperationHandler<Op>): void {
    if (op.service !== this.options.service) {
      throw new Error(`${this.options.service} cannot serve ${op.name}: it belongs to ${op.service}`);
    }
    const { logger, metrics, inFlight } = this.options;
    const subject = operationSubject(op, this.options.namespace);
    const sub = this.nc.subscribe(subject, {
      queue: this.options.service,
      callback: (err, msg) => {
        if (err) return logger.error({ err, subject }, 'subscription error');
        void inFlight.track(async () => {
          const reply = await recordOperation(metrics, op.name, async () => {
            const envelope = decode(msg);
            return envelope ? runOperation(op, handler, envelope.input, envelope.ctx, logger) : badEnvelope;
          });
          respond(this.nc, msg, reply, logger, op.name);
        });
      },
    });
    this.subscriptions.push(sub);
  }

  /** Answers the gateway's health and stats probes for this service: one instance answers each. */
  serveSystemProbes(probes: { health: () => Promise<unknown>; stats: () => Promise<unknown> }): void {
    const { service } = this.options;
    this.serveProbe(serviceHealthSubject(service), probes.health, service);
    this.serveProbe(serviceStatsSubject(service), probes.stats, service);
  }

  /**
   * Answers the gateway's instance census. No queue group here: every
   * instance of every service must answer the one request, which is how the
   * gateway sees each replica's load without knowing any address.
   */
  serveInstanceReport(produce: () => Promise<unknown>): void {
    this.serveProbe(system.instanceReportSubject, produce);
  }

  private serveProbe(subject: string, produce: () => Promise<unknown>, queue?: string): void {
    const { namespace, logger } = this.options;
    this.subscriptions.push(
      this.nc.subscribe(namespace ? `${namespace}.${subject}` : subject, {
        queue,
        callback: (_err, msg) => {
          void produce()
            .then((data) => respond(this.nc, msg, { ok: true, data }, logger, subject))
            .catch((error) => respond(this.nc, msg, { ok: false, error: { code: 'INTERNAL', status: 500, message: String(error) } }, logger, subject));
        },
      }),
    );
  }

  /** Stops taking new requests; requests already received still complete. */
  async stopAccepting(): Promise<void> {
    await Promise.allSettled(this.subscriptions.map((sub) => sub.drain()));
  }
}

function decode(msg: Msg): RequestEnvelope | undefined {
  try {
    const envelope = msg.json<RequestEnvelope>();
    if (!envelope || typeof envelope !== 'object' || !envelope.ctx || typeof envelope.ctx.deadline !== 'number') return undefined;
    return envelope;
  } catch {
    return undefined;
  }
}

/**
 * The envelope to send for `reply`. A reply larger than the server's
 * max_payload cannot travel: nats.js would throw on publish and the caller
 * would wait for its whole deadline (a silent 504). The caller gets an
 * explicit REPLY_TOO_LARGE (502) at once instead, and the log says which
 * operation produced how many bytes.
 */
export function replyPayload(reply: ReplyEnvelope, maxPayload: number | undefined, logger: Logger, operation: string): string {
  const payload = JSON.stringify(reply);
  if (maxPayload === undefined) return payload;
  const bytes = Buffer.byteLength(payload);
  if (bytes <= maxPayload) return payload;
  logger.error({ operation, bytes, maxPayload }, 'reply too large for NATS; answered REPLY_TOO_LARGE');
  return JSON.stringify({
    ok: false,
    error: {
      code: 'REPLY_TOO_LARGE',
      status: 502,
      message: `The answer of ${operation} is ${bytes} bytes, more than the ${maxPayload} bytes a message may carry; this is a bug in the service (it should page, stream or redirect)`,
      details: { bytes, maxPayload },
    },
  } satisfies ReplyEnvelope);
}

function respond(nc: NatsConnection, msg: Msg, reply: ReplyEnvelope, logger: Logger, operation: string): void {
  if (!msg.reply) return;
  const payload = replyPayload(reply, nc.info?.max_payload, logger, operation);
  sendAtEndOfTurn(() => {
    try {
      msg.respond(payload);
    } catch (err) {
      logger.warn({ err }, 'could not send reply (caller gone or connection closed)');
    }
  });
}
