import { z } from 'zod';
import { defineOperation } from '../../operation.js';
import { eventId, exampleTicket, exampleTicketToken, text, ticketStatus } from './shared.js';

export const checkInRefusal = z.enum([
  'already_redeemed',
  'revoked',
  'cancelled',
  'invalid_token',
  'invalid_signature',
  'wrong_event',
  'not_yet_valid',
  'expired',
  'unknown_ticket',
]);

export const checkIn = defineOperation({
  name: 'tickets.checkIn',
  service: 'tickets',
  summary:
    'Scan a ticket at the gate (staff or admin). Always 200 with accepted true/false and a reason; the same nonce again returns the same answer and counts once',
  auth: 'user',
  // Per account: a gate device is a staff account, sized for a gate (50 scans a second); fans cannot check in at all.
  http: { method: 'POST', path: '/api/tickets/check-in', rateLimit: { max: 60, timeWindowMs: 60_000, staffMax: 3_000 } },
  input: z.strictObject({
    token: text().trim().min(1, 'must not be empty').max(2_048, 'must be at most 2048 characters'),
    /** One per scan, chosen by the scanner (e.g. a UUID): a retried scan reuses it. */
    nonce: text().regex(/^[A-Za-z0-9._:-]{8,128}$/, 'must be 8-128 characters of A-Z a-z 0-9 . _ : -'),
    /** The event this gate admits to; a ticket for another event is refused (wrong_event). */
    eventId: eventId.optional(),
  }),
  output: z.object({
    accepted: z.boolean(),
    reason: checkInRefusal.nullable(),
    nonce: z.string(),
    scannedAt: z.string(),
    ticket: z
      .object({
        id: z.string(),
        eventId: z.string(),
        category: z.string(),
        holderId: z.string(),
        status: ticketStatus,
        redeemedAt: z.string().nullable(),
      })
      .nullable(),
  }),
  tags: ['tickets'],
  examples: {
    input: { token: exampleTicketToken, nonce: '6f1c2d4e-scan-0001', eventId: '1' },
    output: {
      accepted: true,
      reason: null,
      nonce: '6f1c2d4e-scan-0001',
      scannedAt: '2026-03-01T19:12:44.000Z',
      ticket: {
        id: exampleTicket.id,
        eventId: '1',
        category: 'premium',
        holderId: '00000000-0000-4000-8000-000000000001',
        status: 'redeemed',
        redeemedAt: '2026-03-01T19:12:44.000Z',
      },
    },
  },
});
