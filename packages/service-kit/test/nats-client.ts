import { connect, type NatsConnection } from '@nats-io/transport-node';
import { operationSubject, type Operation, type ReplyEnvelope } from '@platform/contracts';
import { infra } from '@platform/testkit';

export const natsConnect = (): Promise<NatsConnection> => connect({ servers: infra.natsUrl });

/** Sends an operation request the way the gateway does. */
export async function call(nc: NatsConnection, op: Operation, namespace: string, input: unknown, timeoutMs = 5_000): Promise<ReplyEnvelope<any>> {
  const ctx = { requestId: 'test', deadline: Date.now() + timeoutMs };
  const msg = await nc.request(operationSubject(op, namespace), JSON.stringify({ input, ctx }), { timeout: timeoutMs + 500 });
  return msg.json();
}
