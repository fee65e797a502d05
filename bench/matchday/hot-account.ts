import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { operationSubject, type ReplyEnvelope, wallet } from '@platform/contracts';
import { type Fan, type PhaseResult, wave } from './phases.js';

/**
 * Does one merchant account serialise the sale? `rounds` bursts of `burst`
 * concurrent wallet calls over NATS (as a selling service makes them), either
 * every one a debit paid to the tickets merchant (one hot account credited by
 * all), or every one a send to a different fan (as many accounts credited as
 * calls). Both lock and update the payer's row and credit one row.
 * Recipients must be registered (the wallet finds them in its read model of
 * the gateway's user events).
 */
export async function hotAccount(
  nc: NatsConnection,
  namespace: string,
  people: { payers: Fan[]; recipients: Fan[] },
  options: { burst: number; rounds: number; target: 'one merchant' | 'different accounts' },
): Promise<PhaseResult> {
  const calls = Array.from({ length: options.burst * options.rounds }, (_, i) => i);
  const debit = operationSubject(wallet.debit, namespace);
  const send = operationSubject(wallet.send, namespace);
  const request = async (subject: string, input: unknown, ctx: Record<string, unknown> = {}) => {
    const msg = await nc.request(subject, JSON.stringify({ input, ctx: { requestId: 'bench-hot', deadline: Date.now() + 15_000, ...ctx } }), {
      timeout: 15_000,
    });
    const reply = msg.json<ReplyEnvelope>();
    return reply.ok ? 200 : ((reply.error as { status?: number }).status ?? 500);
  };
  return wave(`${options.burst} concurrent wallet calls, each credits ${options.target}`, calls, options.burst, (i) => {
    // Payers and recipients are disjoint sets of fans, so no two calls of a burst share an account but the hot one.
    const payer = people.payers[i % options.burst];
    if (options.target === 'one merchant') {
      return request(debit, { userId: payer.id, amount: '0.01', merchant: 'tickets', reference: `hot-${i}`, idempotencyKey: randomUUID(), category: 'bench' });
    }
    const recipient = people.recipients[i % options.burst];
    return request(
      send,
      { recipientId: recipient.id, amount: '0.01' },
      { user: { id: payer.id, role: 'user', email: `${payer.id}@example.com` }, idempotencyKey: randomUUID() },
    );
  });
}
