import { createHash } from 'node:crypto';

/**
 * The id of a booking's event, derived from the booking and the verb rather
 * than random. Both stores record it with the change, and it becomes the
 * Nats-Msg-Id, so a republished event (relay retry, crash between publish and
 * mark) is dropped by JetStream's de-duplication. A booking is created once and
 * cancelled at most once, so (id, verb) names exactly one event.
 * Shaped as a UUID (version 8, RFC 9562 "custom") because the outbox keys by uuid.
 */
export function bookingEventId(bookingId: string, verb: 'created' | 'cancelled'): string {
  const hex = createHash('sha256').update(`bookings:${bookingId}:${verb}`).digest('hex').slice(0, 32).split('');
  hex[12] = '8';
  hex[16] = ((Number.parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
