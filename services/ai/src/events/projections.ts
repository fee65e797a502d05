import { esim, type EventContract, type EventEnvelope, shop, tickets, wallet } from '@platform/contracts';
import { z } from 'zod';
import { cancellationOfTicket, type PurchaseBatch, purchaseOfEsim, purchaseOfTicket, purchasesOfOrder } from '../domain/purchases.js';
import { movementsOf } from '../domain/wallet-movements.js';
import type { ApplyOutcome, ReadModelWriter } from '../store/read-model.js';

/**
 * Fields the tickets service is asked to add to its events (the event's title
 * and start, docs/services/ai.md). Optional: without them an event is named by
 * its id and stays recommendable. Declared here so the contract's own payload
 * still decides everything else.
 */
const ticketExtras = { eventTitle: z.string().min(1).optional(), eventStartsAt: z.iso.datetime({ offset: true }).optional() };
const ticketPurchasedPayload = tickets.ticketPurchased.payload.extend(ticketExtras);
const ticketCancelledPayload = tickets.ticketCancelled.payload.extend(ticketExtras);

export interface Projection {
  event: EventContract;
  /** Parses the payload with the event's contract (throws on a malformed one) and applies it once. */
  apply(envelope: EventEnvelope<unknown>): Promise<ApplyOutcome>;
}

const purchases =
  <S extends z.ZodType>(payload: S, toBatch: (data: z.output<S>) => PurchaseBatch, writer: ReadModelWriter) =>
  (envelope: EventEnvelope<unknown>) =>
    writer.applyPurchases(envelope.id, envelope.subject, toBatch(payload.parse(envelope.data)));

/** One projection per consumed event subject: what it adds to the read model. */
export function projections(writer: ReadModelWriter): Projection[] {
  return [
    {
      event: wallet.transferCompleted,
      apply: (envelope) => writer.applyMovements(envelope.id, envelope.subject, movementsOf(wallet.transferCompleted.payload.parse(envelope.data))),
    },
    { event: shop.orderPlaced, apply: purchases(shop.orderPlaced.payload, purchasesOfOrder, writer) },
    { event: tickets.ticketPurchased, apply: purchases(ticketPurchasedPayload, purchaseOfTicket, writer) },
    { event: tickets.ticketCancelled, apply: purchases(ticketCancelledPayload, cancellationOfTicket, writer) },
    { event: esim.activated, apply: purchases(esim.activated.payload, purchaseOfEsim, writer) },
  ];
}
