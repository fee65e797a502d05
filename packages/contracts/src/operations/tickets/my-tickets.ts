import { z } from 'zod';
import { cursor, pageLimit, uuid } from '../../fields.js';
import { defineOperation } from '../../operation.js';
import { exampleTicket, exampleTicketToken, ticket } from './shared.js';

const exampleQrDataUrl = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==';

export const myTickets = defineOperation({
  name: 'tickets.myTickets',
  service: 'tickets',
  summary: "The signed-in user's tickets, newest first (cursor pagination)",
  auth: 'user',
  http: { method: 'GET', path: '/api/tickets/my-tickets' },
  input: z.object({ limit: pageLimit(100, 50), cursor }),
  output: z.object({ tickets: z.array(ticket), nextCursor: z.string().nullable() }),
  tags: ['tickets'],
  examples: { input: { limit: 50 }, output: { tickets: [exampleTicket], nextCursor: null } },
});

export const ticketQr = defineOperation({
  name: 'tickets.qr',
  service: 'tickets',
  summary: 'QR code of one of your tickets: a PNG with `Accept: image/png`, otherwise JSON with a data URL and the signed token (404 for anyone else)',
  auth: 'user',
  http: { method: 'GET', path: '/api/tickets/:id/qr', binary: { field: 'qrPng', contentType: 'image/png' } },
  input: z.object({ id: uuid }),
  output: z.object({
    ticketId: z.string(),
    /** The signed ticket token the QR code encodes (docs/services/tickets.md). */
    token: z.string(),
    qrDataUrl: z.string(),
    /** The same PNG, base64; sent as raw bytes when the request asks for image/png. */
    qrPng: z.string(),
    ticket,
  }),
  tags: ['tickets'],
  examples: {
    input: { id: exampleTicket.id },
    output: {
      ticketId: exampleTicket.id,
      token: exampleTicketToken,
      qrDataUrl: exampleQrDataUrl,
      qrPng: exampleQrDataUrl.split(',')[1],
      ticket: exampleTicket,
    },
  },
});
