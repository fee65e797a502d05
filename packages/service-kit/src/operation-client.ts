import { type Msg, NoRespondersError, RequestError, TimeoutError, type NatsConnection, type Payload, type RequestOptions } from '@nats-io/transport-node';
import {
  DEFAULT_TIMEOUT_MS,
  DomainError,
  type ErrorPayload,
  operationSubject,
  type Operation,
  type OutputOf,
  type RawInputOf,
  type ReplyEnvelope,
  type RequestContext,
} from '@platform/contracts';
import { isNatsConnected } from './nats.js';

/**
 * What a failed NATS request means for the caller: no responder is a service
 * outage (503), no reply before the deadline is a timeout (504). Anything else
 * (e.g. the connection closed) is treated as unavailable too.
 */
export function requestFailure(error: unknown, service: string): ErrorPayload {
  if (error instanceof NoRespondersError || (error instanceof RequestError && error.isNoResponders())) {
    return { code: 'SERVICE_UNAVAILABLE', status: 503, message: `The ${service} service is not available right now; retry shortly` };
  }
  if (error instanceof TimeoutError || (error instanceof RequestError && error.cause instanceof TimeoutError)) {
    return { code: 'DEADLINE_EXCEEDED', status: 504, message: `The ${service} service did not answer in time` };
  }
  return { code: 'SERVICE_UNAVAILABLE', status: 503, message: `The ${service} service could not be reached` };
}

/** A request refused before it was sent: the NATS connection is down (see isNatsConnected). */
export class NatsDisconnectedError extends Error {
  constructor() {
    super('the NATS connection is down; reconnecting');
    this.name = 'NatsDisconnectedError';
  }
}

/**
 * nc.request, refused at once (503) while the connection is down: nats.js
 * would silently drop the request and leave the caller waiting for its whole
 * deadline (504), as the faults suite saw after a NATS restart.
 */
export function requestWhenConnected(nc: NatsConnection, subject: string, payload: Payload, options: RequestOptions): Promise<Msg> {
  if (!isNatsConnected(nc)) return Promise.reject(new NatsDisconnectedError());
  return nc.request(subject, payload, options);
}

export interface CallContext {
  /** Propagate the caller's request id and deadline so the chain shares one budget. */
  parent?: Pick<RequestContext, 'requestId' | 'deadline' | 'user'>;
  timeoutMs?: number;
  idempotencyKey?: string;
}

/**
 * Calls another service's operation over NATS. A refusal comes back as the
 * same DomainError the other service threw; no responder is SERVICE_UNAVAILABLE
 * and no reply in time is DEADLINE_EXCEEDED, so callers can decide to retry.
 */
export async function callOperation<Op extends Operation>(
  nc: NatsConnection,
  namespace: string,
  op: Op,
  input: RawInputOf<Op>,
  context: CallContext = {},
): Promise<OutputOf<Op>> {
  const timeoutMs = context.timeoutMs ?? op.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Math.min(Date.now() + timeoutMs, context.parent?.deadline ?? Number.POSITIVE_INFINITY);
  const ctx: RequestContext = {
    requestId: context.parent?.requestId ?? globalThis.crypto.randomUUID(),
    deadline,
    user: context.parent?.user,
    idempotencyKey: context.idempotencyKey,
  };
  let reply: ReplyEnvelope<OutputOf<Op>>;
  try {
    const msg = await requestWhenConnected(nc, operationSubject(op, namespace), JSON.stringify({ input, ctx }), {
      timeout: Math.max(1, deadline - Date.now()),
    });
    reply = msg.json<ReplyEnvelope<OutputOf<Op>>>();
  } catch (error) {
    const failure = requestFailure(error, op.service);
    throw new DomainError(failure.code, failure.message);
  }
  if (reply.ok) return reply.data;
  const { field, fields, retryAfter, details } = reply.error;
  throw new DomainError(reply.error.code, reply.error.message, { field, fields, retryAfter, details });
}
