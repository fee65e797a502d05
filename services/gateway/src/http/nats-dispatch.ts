import type { Msg, NatsConnection } from '@nats-io/transport-node';
import { type ErrorPayload, type Operation, operationSubject, type ReplyEnvelope, type RequestContext } from '@platform/contracts';
import { type Dispatch, type Logger, requestFailure, requestWhenConnected, sendAtEndOfTurn } from '@platform/service-kit';

/**
 * Forwards an operation to its service over NATS. No responder, or no NATS
 * connection at the moment, means the service cannot be reached (503); no
 * reply before the deadline is a 504. Requests
 * leave at the end of the event-loop turn, so the requests of one batch of
 * HTTP reads share one socket write (see sendAtEndOfTurn).
 */
export function natsDispatch(nc: NatsConnection, namespace: string, log: Logger): Dispatch {
  return async (op, input, ctx) => {
    const timeout = Math.max(1, ctx.deadline - Date.now());
    const encoded = encodeRequest(nc, op, input, ctx);
    if ('error' in encoded) return { ok: false, error: encoded.error };
    const { payload } = encoded;
    try {
      const reply = await new Promise<Msg>((resolve, reject) =>
        sendAtEndOfTurn(() => requestWhenConnected(nc, operationSubject(op, namespace), payload, { timeout }).then(resolve, reject)),
      );
      return reply.json<ReplyEnvelope>();
    } catch (error) {
      const failure = requestFailure(error, op.service);
      if (failure.code === 'SERVICE_UNAVAILABLE') log.debug({ err: error, operation: op.name }, 'service unavailable');
      return { ok: false, error: failure };
    }
  };
}

/**
 * The request as one NATS message, or why it cannot be one. A body the JSON
 * parser took (it does not recurse) can be too deep for JSON.stringify (it
 * does), and a body under the HTTP limit can, with its context, outgrow the
 * server's max_payload. Both are the client's to fix, not an outage.
 */
function encodeRequest(nc: NatsConnection, op: Operation, input: unknown, ctx: RequestContext): { payload: Uint8Array } | { error: ErrorPayload } {
  let payload: Uint8Array;
  try {
    // Encoded once here: its length is the size check, and NATS sends these bytes as they are.
    payload = Buffer.from(JSON.stringify({ input, ctx }));
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { error: { code: 'VALIDATION_FAILED', status: 400, message: 'body: is nested too deeply', field: 'body' } };
  }
  const maxPayload = nc.info?.max_payload;
  if (maxPayload !== undefined && payload.byteLength > maxPayload) {
    return {
      error: { code: 'PAYLOAD_TOO_LARGE', status: 413, message: `body: is too large for ${op.name}; it must fit in ${maxPayload} bytes`, field: 'body' },
    };
  }
  return { payload };
}
