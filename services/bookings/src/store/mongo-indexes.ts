import { bookings } from '@platform/contracts';
import type { Collection } from 'mongodb';
import type { BookingDocument } from './mongo-booking-store.js';

export const ACTIVE_SLOT_INDEX = 'active_slot_unique';

/**
 * The seed's three indexes (default names, so ones the Flask app already made
 * are recognised), and ours:
 *  - active_slot_unique: the double-booking guard. Unique on service, date and
 *    slot over active bookings only, so a cancelled booking frees its slot.
 *    `$in` in a partial filter needs MongoDB 6.0 or later.
 *  - idempotency_key_unique: a retried create finds its first booking.
 *  - email_created_at_id: "an email's bookings, newest first", page by page.
 *  - pending_events: lets the relay find unpublished events without a scan.
 * Idempotent: run at every start and by `npm run migrate`.
 */
export async function ensureBookingIndexes(collection: Collection<BookingDocument>): Promise<void> {
  try {
    await collection.createIndexes([
      { key: { date: 1, service_name: 1, status: 1 } },
      { key: { email: 1 } },
      { key: { created_at: -1 } },
      {
        key: { service_name: 1, date: 1, timeSlot: 1 },
        name: ACTIVE_SLOT_INDEX,
        unique: true,
        partialFilterExpression: { status: { $in: [...bookings.ACTIVE_BOOKING_STATUSES] } },
      },
      { key: { idempotency_key: 1 }, name: 'idempotency_key_unique', unique: true, partialFilterExpression: { idempotency_key: { $type: 'string' } } },
      { key: { email: 1, created_at: -1, _id: -1 }, name: 'email_created_at_id' },
      { key: { 'pending_events.id': 1 }, name: 'pending_events', partialFilterExpression: { 'pending_events.id': { $exists: true } } },
    ]);
  } catch (error) {
    // Typically: active duplicates left by the racy Flask version, or a server older than 6.0.
    throw new Error(
      `could not create the bookings indexes (${(error as Error).message}). ` +
        'If two active bookings share a service, date and slot, cancel one of them first (see docs/services/bookings.md).',
    );
  }
}
