import type { Msg, NatsConnection } from '@nats-io/transport-node';
import { operationSubject, type ReplyEnvelope } from '@platform/contracts';
import { type Dispatch, type Logger, requestFailure, sendAtEndOfTurn } from '@platform/service-kit';

/**
 * Forwards an operation to its service over NATS. No responder means the
 * service is down (503); no reply before the deadline is a 504. Requests
 * leave at the end of the event-loop turn, so the requests of one batch of
 * HTTP reads share one socket write (see sendAtEndOfTurn).
 */
export function natsDispatch(nc: NatsConnection, namespace: string, log: Logger): Dispatch {
  return async (op, input, ctx) => {
    const timeout = Math.max(1, ctx.deadline - Date.now());
    try {
      const payload = JSON.stringify({ input, ctx });
      const reply = await new Promise<Msg>((resolve, reject) =>
        sendAtEndOfTurn(() => nc.request(operationSubject(op, namespace), payload, { timeout }).then(resolve, reject)),
      );
      return reply.json<ReplyEnvelope>();
    } catch (error) {
      const failure = requestFailure(error, op.service);
      if (failure.code === 'SERVICE_UNAVAILABLE') log.debug({ err: error, operation: op.name }, 'service unavailable');
      return { ok: false, error: failure };
    }
  };
}
