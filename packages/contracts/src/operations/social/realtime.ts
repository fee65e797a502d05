import { z } from 'zod';
import { uuid } from '../../fields.js';
import { chatMessage } from './shared.js';

export const REALTIME_PATH = '/api/social/ws';

/** Offer `['bearer', <access token>]` as WebSocket subprotocols; the server answers with `bearer`. */
export const REALTIME_SUBPROTOCOL = 'bearer';

/** Close codes the gateway uses besides the standard ones (1000 normal, 1001 going away, 1008 policy, 1011 error). */
export const REALTIME_CLOSE = {
  /** The access token expired: reconnect with a fresh one, then resume. */
  tokenExpired: 4001,
  /** Too many connections for this user: the oldest one is closed. */
  replaced: 4008,
  /** The client did not read fast enough; reconnect and resume. */
  tooSlow: 4013,
} as const;

const resumePosition = {
  afterSeq: z.coerce.number({ error: 'must be a number' }).int('must be an integer').min(0, 'must be at least 0').optional(),
  afterMessageId: uuid.optional(),
};

/**
 * Query of the upgrade request. `afterSeq` or `afterMessageId` resumes at
 * once: live messages are held from the first moment and sent after the
 * missed ones, so a reconnecting client sees everything in order.
 */
export const realtimeConnectQuery = z
  .object({ access_token: z.string().optional(), ...resumePosition })
  .refine((v) => v.afterSeq === undefined || v.afterMessageId === undefined, {
    message: 'give at most one of afterSeq or afterMessageId',
    path: ['afterSeq'],
  });

export const realtimeClientFrame = z.discriminatedUnion(
  'type',
  [
    z
      .strictObject({
        type: z.literal('resume'),
        afterSeq: z.number({ error: 'must be a number' }).int('must be an integer').min(0, 'must be at least 0').optional(),
        afterMessageId: uuid.optional(),
      })
      .refine((v) => (v.afterSeq === undefined) !== (v.afterMessageId === undefined), {
        message: 'give exactly one of afterSeq or afterMessageId',
        path: ['afterSeq'],
      }),
    z.strictObject({ type: z.literal('ping') }),
  ],
  { error: 'must be {"type":"resume",...} or {"type":"ping"}' },
);

export const realtimeServerFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), userId: z.string(), connectionId: z.string(), heartbeatMs: z.number().int(), tokenExpiresAt: z.string() }),
  z.object({ type: z.literal('message'), message: chatMessage }),
  z.object({ type: z.literal('unread'), conversationId: z.string(), unreadCount: z.number().int(), totalUnread: z.number().int() }),
  z.object({
    type: z.literal('resumed'),
    /** Messages sent for this resume, before any live one. */
    delivered: z.number().int(),
    lastSeq: z.number().int(),
    /** False when more were missed than one resume sends: page the rest with GET .../messages. */
    complete: z.boolean(),
    totalUnread: z.number().int(),
  }),
  /** The gateway may have missed events (its NATS connection dropped): send a resume from the last seq you saw. */
  z.object({ type: z.literal('resync') }),
  z.object({ type: z.literal('pong') }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string(), field: z.string().optional() }),
]);

export type RealtimeClientFrame = z.output<typeof realtimeClientFrame>;

export type RealtimeServerFrame = z.output<typeof realtimeServerFrame>;
