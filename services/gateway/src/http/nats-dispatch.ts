import type { NatsConnection } from '@nats-io/transport-node';
import { operationSubject, type ReplyEnvelope } from '@platform/contracts';
import { type Dispatch, type Logger, requestFailure } from '@platform/service-kit';

/**
 * Forwards an operation to its service over NATS. No responder means the
 * service is down (503); no reply before the deadline is a 504.
 */
export function natsDispatch(nc: NatsConnection, namespace: string, log: Logger): Dispatch {
  return async (op, input, ctx) => {
    const timeout = Math.max(1, ctx.deadline - Date.now());
    try {
      const reply = await nc.request(operationSubject(op, namespace), JSON.stringify({ input, ctx }), { timeout });
      return reply.json<ReplyEnvelope>();
    } catch (error) {
      const failure = requestFailure(error, op.service);
      if (failure.code === 'SERVICE_UNAVAILABLE') log.debug({ err: error, operation: op.name }, 'service unavailable');
      return { ok: false, error: failure };
    }
  };
}
