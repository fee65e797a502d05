import type { OutputOf, tickets } from '@platform/contracts';
import type { TokenVerification } from './ticket-token.js';
import { ticketStatus } from './views.js';

export type CheckInAnswer = OutputOf<typeof tickets.checkIn>;
export type CheckInRefusal = NonNullable<CheckInAnswer['reason']>;

/** A ticket as the gate sees it, with its event's status. */
export interface TicketAtGate {
  id: string;
  userId: string;
  eventId: string;
  category: string;
  status: string;
  redeemedAt: Date | null;
  eventStatus: string;
}

/**
 * What the token alone says, before the ticket is looked up: a refusal, or the
 * ticket id to look up. A scanner with the public key reaches the same verdict
 * offline; only "already redeemed", "revoked" and "cancelled" need the server.
 */
export function judgeToken(verification: TokenVerification, gateEventId: string | undefined): { refusal: CheckInRefusal } | { ticketId: string } {
  if (!verification.ok) return { refusal: verification.reason };
  if (gateEventId !== undefined && verification.claims.evt !== gateEventId) return { refusal: 'wrong_event' };
  return { ticketId: verification.claims.tid };
}

/** Why a ticket that the conditional redeem did not take was refused. */
export function refusalFor(ticket: TicketAtGate): CheckInRefusal {
  if (ticket.status === 'revoked') return 'revoked';
  if (ticket.status === 'cancelled' || ticket.eventStatus === 'cancelled') return 'cancelled';
  return 'already_redeemed';
}

export function gateView(ticket: TicketAtGate): NonNullable<CheckInAnswer['ticket']> {
  return {
    id: ticket.id,
    eventId: ticket.eventId,
    category: ticket.category,
    holderId: ticket.userId,
    status: ticketStatus(ticket),
    redeemedAt: ticket.redeemedAt?.toISOString() ?? null,
  };
}
