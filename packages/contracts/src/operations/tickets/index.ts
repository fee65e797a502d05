import type { EventContract } from '../../events.js';
import { adminAddCategory, adminCancelEvent, adminCancelTicket, adminCreateEvent, adminRevokeTicket, adminUpdateCategory } from './admin.js';
import { getEvent, keys, listEvents } from './catalog.js';
import { checkIn } from './check-in.js';
import { ticketCancelled, ticketPurchased } from './events.js';
import { myTickets, ticketQr } from './my-tickets.js';
import { purchase } from './purchase.js';

/**
 * Ticketing (seed 003, "Billetterie"): club events with seat categories, paid
 * through the wallet, delivered as QR codes that carry an Ed25519-signed token
 * a scanner can verify offline. The four seed routes keep their paths and
 * bodies (`getEvents(club)`, `purchaseTicket(eventId, category, price)`,
 * `getMyTickets()`, `getTicketQR(id)`); everything else is added.
 */

export { MAX_TICKET_PRICE_MINOR, eventId, categoryCode, clubId, eventStatus, ticketCategory, ticketEvent, ticketStatus, ticket } from './shared.js';
export * from './admin.js';
export * from './my-tickets.js';
export * from './catalog.js';
export * from './purchase.js';
export * from './check-in.js';
export * from './events.js';

export const ticketsOperations = [
  listEvents,
  getEvent,
  purchase,
  myTickets,
  ticketQr,
  keys,
  checkIn,
  adminCreateEvent,
  adminAddCategory,
  adminUpdateCategory,
  adminCancelEvent,
  adminRevokeTicket,
  adminCancelTicket,
] as const;

export const ticketsEvents: readonly EventContract[] = [ticketPurchased, ticketCancelled];
