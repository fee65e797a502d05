import { z } from 'zod';
import { cursor, pageLimit } from '../../fields.js';
import { defineOperation } from '../../operation.js';
import { clubId, eventId, exampleEvent, ticketEvent } from './shared.js';

export const listEvents = defineOperation({
  name: 'tickets.listEvents',
  service: 'tickets',
  summary: 'Upcoming events (optionally of one club), each with its categories, prices and seats left',
  auth: 'public',
  http: { method: 'GET', path: '/api/tickets/events' },
  input: z.object({ club: clubId.optional(), limit: pageLimit(100, 50), cursor }),
  output: z.object({ events: z.array(ticketEvent), nextCursor: z.string().nullable() }),
  tags: ['tickets'],
  examples: { input: { club: 'psg', limit: 50 }, output: { events: [exampleEvent], nextCursor: null } },
});

export const getEvent = defineOperation({
  name: 'tickets.getEvent',
  service: 'tickets',
  summary: 'One event with its categories (404 when unknown)',
  auth: 'public',
  http: { method: 'GET', path: '/api/tickets/events/:eventId' },
  input: z.object({ eventId }),
  output: ticketEvent,
  tags: ['tickets'],
  examples: { input: { eventId: '1' }, output: exampleEvent },
});

export const signingKey = z.object({
  kid: z.string(),
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  alg: z.literal('EdDSA'),
  use: z.literal('sig'),
  /** Raw 32-byte public key, base64url (JWK). */
  x: z.string(),
  publicKeyPem: z.string(),
  /** active: signs new tokens; retired: still verifies tokens it signed. */
  status: z.enum(['active', 'retired']),
});

export const keys = defineOperation({
  name: 'tickets.keys',
  service: 'tickets',
  summary: 'Public keys that verify ticket tokens offline (a JWK set; several during a rotation)',
  auth: 'public',
  http: { method: 'GET', path: '/api/tickets/keys' },
  input: z.object({}),
  output: z.object({ keys: z.array(signingKey) }),
  tags: ['tickets'],
  examples: {
    input: {},
    output: {
      keys: [
        {
          kid: 'tk-2026-01',
          kty: 'OKP',
          crv: 'Ed25519',
          alg: 'EdDSA',
          use: 'sig',
          x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
          publicKeyPem: '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n-----END PUBLIC KEY-----\n',
          status: 'active',
        },
      ],
    },
  },
});
