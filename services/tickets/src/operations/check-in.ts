import { forbidden, tickets } from '@platform/contracts';
import type { HandlersOf } from '@platform/service-kit';
import type { TicketsDeps } from './deps.js';

const GATE_ROLES = new Set(['staff', 'admin']);

/**
 * POST /api/tickets/check-in. Every verdict on the ticket is a 200 with
 * `accepted` and a `reason` (what a scanner app shows); 4xx are about the
 * request itself: bad input 400, no token 401, not staff 403, a nonce reused
 * for another token 409.
 */
export function checkInHandlers(deps: TicketsDeps) {
  return {
    [tickets.checkIn.name]: async (input, ctx) => {
      if (!GATE_ROLES.has(ctx.user!.role)) throw forbidden('Only venue staff and administrators can check tickets in');
      return deps.checkIns.scan({ token: input.token, nonce: input.nonce, eventId: input.eventId, scannedBy: ctx.user!.id }, deps.now());
    },
  } satisfies HandlersOf<'tickets'>;
}
