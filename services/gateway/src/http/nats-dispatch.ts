import { NoRespondersError, RequestError, TimeoutError, type NatsConnection } from '@nats-io/transport-node';
import { operationSubject, type ReplyEnvelope } from '@platform/contracts';
import type { Dispatch, Logger } from '@platform/service-kit';

const unavailable = (service: string): ReplyEnvelope<never> => ({
  ok: false,
  error: { code: 'SERVICE_UNAVAILABLE', status: 503, message: `The ${service} service is not available right now; retry shortly` },
});

/**
 * Forwards an operation to its service over NATS request/reply. No responder
 * means the service is down (503); no reply before the deadline is a 504.
 */
export function natsDispatch(nc: NatsConnection, namespace: string, log: Logger): Dispatch {
  return async (op, input, ctx) => {
    const timeout = Math.max(1, ctx.deadline - Date.now());
    try {
      const reply = await nc.request(operationSubject(op, namespace), JSON.stringify({ input, ctx }), { timeout });
      return reply.json<ReplyEnvelope>();
    } catch (error) {
      const noResponders = error instanceof NoRespondersError || (error instanceof RequestError && error.isNoResponders());
      if (noResponders) return unavailable(op.service);
      if (error instanceof TimeoutError || (error instanceof RequestError && error.cause instanceof TimeoutError)) {
        return { ok: false, error: { code: 'DEADLINE_EXCEEDED', status: 504, message: `The ${op.service} service did not answer in time` } };
      }
      log.warn({ err: error, operation: op.name }, 'nats request failed');
      return unavailable(op.service);
    }
  };
}
