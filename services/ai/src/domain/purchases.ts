import type { esim, PayloadOf, shop, tickets } from '@platform/contracts';

export type ItemKind = 'product' | 'event' | 'esim_plan';

/** What the read model knows about an item, from the latest event that named it. */
export interface ItemInfo {
  kind: ItemKind;
  id: string;
  name: string;
  clubId: string | null;
  category: string | null;
  /** Events only, when the tickets service sends it. */
  startsAt: Date | null;
  seenAt: Date;
}

export interface PurchaseFact {
  source: 'shop-order' | 'ticket' | 'esim';
  sourceId: string;
  itemKind: ItemKind;
  itemId: string;
  userId: string;
  quantity: number;
  amountMinor: number;
  occurredAt: Date;
  /** Set for a cancelled ticket. */
  cancelledAt: Date | null;
}

export interface PurchaseBatch {
  purchases: PurchaseFact[];
  items: ItemInfo[];
}

export type OrderPlaced = PayloadOf<typeof shop.orderPlaced>;
/**
 * Ticket events may carry the event's title and start (requested from the
 * tickets service); without them the item is named after its id and never
 * expires from recommendations.
 */
type EventExtras = { eventTitle?: string; eventStartsAt?: string };
export type TicketFacts = PayloadOf<typeof tickets.ticketPurchased> & EventExtras;
export type TicketCancelledFacts = PayloadOf<typeof tickets.ticketCancelled> & EventExtras;
/** What a purchase and a cancellation of the same ticket both say. */
type TicketCommon = Omit<TicketFacts, 'transferId'>;
export type EsimActivated = PayloadOf<typeof esim.activated>;

/** One purchase per product of a confirmed order (lines of the same product merged). */
export function purchasesOfOrder(order: OrderPlaced): PurchaseBatch {
  const occurredAt = new Date(order.occurredAt);
  const lines = new Map<string, { quantity: number; amountMinor: number; line: OrderPlaced['items'][number] }>();
  for (const line of order.items) {
    const merged = lines.get(line.productId) ?? { quantity: 0, amountMinor: 0, line };
    merged.quantity += line.quantity;
    merged.amountMinor += line.quantity * line.unitPriceMinor;
    lines.set(line.productId, merged);
  }
  const purchases: PurchaseFact[] = [];
  const items: ItemInfo[] = [];
  // Sorted by product, so concurrent orders lock the shared item rows in one order (no deadlock).
  const productIds = [...lines.keys()].sort();
  for (const productId of productIds) {
    const { quantity, amountMinor, line } = lines.get(productId)!;
    purchases.push({
      source: 'shop-order',
      sourceId: order.orderId,
      itemKind: 'product',
      itemId: productId,
      userId: order.userId,
      quantity,
      amountMinor,
      occurredAt,
      cancelledAt: null,
    });
    items.push({ kind: 'product', id: productId, name: line.name, clubId: line.clubId, category: line.category, startsAt: null, seenAt: occurredAt });
  }
  return { purchases, items };
}

function ticketItem(ticket: TicketCommon): ItemInfo {
  return {
    kind: 'event',
    id: ticket.eventId,
    name: ticket.eventTitle ?? `Event ${ticket.eventId}`,
    clubId: ticket.clubId,
    // The seat category (premium, vip...) is not what the event is about; events have no category.
    category: null,
    startsAt: ticket.eventStartsAt ? new Date(ticket.eventStartsAt) : null,
    seenAt: new Date(ticket.occurredAt),
  };
}

export function purchaseOfTicket(ticket: TicketCommon): PurchaseBatch {
  const occurredAt = new Date(ticket.occurredAt);
  return {
    purchases: [
      {
        source: 'ticket',
        sourceId: ticket.ticketId,
        itemKind: 'event',
        itemId: ticket.eventId,
        userId: ticket.userId,
        quantity: 1,
        amountMinor: ticket.priceMinor,
        occurredAt,
        cancelledAt: null,
      },
    ],
    items: [ticketItem(ticket)],
  };
}

/**
 * A cancelled ticket as a purchase row with its cancellation time. It may
 * arrive before the purchase (redelivery reorders subjects): the row is then
 * created cancelled, and the purchase event later finds it and changes nothing.
 */
export function cancellationOfTicket(ticket: TicketCancelledFacts): PurchaseBatch {
  const occurredAt = new Date(ticket.occurredAt);
  const batch = purchaseOfTicket(ticket);
  return { ...batch, purchases: batch.purchases.map((purchase) => ({ ...purchase, cancelledAt: occurredAt })) };
}

export function purchaseOfEsim(activation: EsimActivated): PurchaseBatch {
  const occurredAt = new Date(activation.occurredAt);
  return {
    purchases: [
      {
        source: 'esim',
        sourceId: activation.esimId,
        itemKind: 'esim_plan',
        itemId: activation.planId,
        userId: activation.userId,
        quantity: 1,
        amountMinor: activation.totalMinor,
        occurredAt,
        cancelledAt: null,
      },
    ],
    items: [
      {
        kind: 'esim_plan',
        id: activation.planId,
        name: activation.planName,
        clubId: activation.clubId,
        category: 'data-plan',
        startsAt: null,
        seenAt: occurredAt,
      },
    ],
  };
}
