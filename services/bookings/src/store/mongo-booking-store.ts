import { bookings, type EventEnvelope } from '@platform/contracts';
import { buildEvent } from '@platform/service-kit';
import { type Collection, type Filter, MongoServerError, ObjectId } from 'mongodb';
import type { Booking } from '../domain/booking.js';
import { idempotencyKeyReused, slotTaken } from '../domain/booking-errors.js';
import type { BookingCursor, BookingStore, CreateOutcome, IdempotencyTag, PendingEvent } from './booking-store.js';

/**
 * The seed's document in the `bookings` collection, plus three fields of ours:
 * the idempotency key and fingerprint of the request that created it, and
 * `pending_events`, the booking's own outbox (see MongoOutboxRelay).
 */
export interface BookingDocument {
  _id: ObjectId;
  date: string;
  timeSlot: string;
  prestation: string;
  variant?: string | null;
  email: string;
  notes?: string | null;
  service_name: string;
  service_id?: string | null;
  status: bookings.BookingStatus;
  created_at: Date;
  updated_at?: Date;
  /** Only on cancelled bookings, as in the seed. */
  cancelled_at?: Date;
  idempotency_key?: string;
  request_fingerprint?: string;
  pending_events?: EventEnvelope[];
}

const DUPLICATE_KEY = 11000;
const isDuplicateKey = (error: unknown) => error instanceof MongoServerError && error.code === DUPLICATE_KEY;

/** Documents written by the Flask original may carry string dates or lack updated_at. */
const asDate = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));

export const toBooking = (doc: BookingDocument): Booking => ({
  id: doc._id.toHexString(),
  date: doc.date,
  timeSlot: doc.timeSlot,
  prestation: doc.prestation,
  variant: doc.variant ?? null,
  email: doc.email,
  notes: doc.notes ?? null,
  serviceName: doc.service_name,
  serviceId: doc.service_id ?? null,
  status: doc.status,
  createdAt: asDate(doc.created_at),
  updatedAt: asDate(doc.updated_at ?? doc.created_at),
  cancelledAt: doc.cancelled_at ? asDate(doc.cancelled_at) : null,
});

const envelopeOf = (event: PendingEvent): EventEnvelope => buildEvent(event.contract, event.data as never, event.id);

/** Fields a read never needs: the outbox and the request fingerprint stay inside the store. */
const publicFields = { projection: { pending_events: 0, request_fingerprint: 0 } } as const;

/**
 * Bookings in MongoDB through the official driver. The unique partial index
 * `active_slot_unique` (see ensureBookingIndexes) refuses a second active
 * booking of a slot with a duplicate-key error. Each write carries its event in
 * the same document, so the change and its event commit atomically without a
 * replica-set transaction.
 */
export class MongoBookingStore implements BookingStore {
  constructor(private readonly bookings: Collection<BookingDocument>) {}

  async create(booking: Booking, options: { event: PendingEvent; idempotency?: IdempotencyTag }): Promise<CreateOutcome> {
    const doc: BookingDocument = {
      _id: ObjectId.createFromHexString(booking.id),
      date: booking.date,
      timeSlot: booking.timeSlot,
      prestation: booking.prestation,
      variant: booking.variant,
      email: booking.email,
      notes: booking.notes,
      service_name: booking.serviceName,
      service_id: booking.serviceId,
      status: booking.status,
      created_at: booking.createdAt,
      updated_at: booking.updatedAt,
      ...(options.idempotency ? { idempotency_key: options.idempotency.key, request_fingerprint: options.idempotency.fingerprint } : {}),
      pending_events: [envelopeOf(options.event)],
    };
    try {
      await this.bookings.insertOne(doc);
      return { booking, replayed: false };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      if (options.idempotency) {
        const first = await this.bookings.findOne({ idempotency_key: options.idempotency.key });
        if (first) {
          if (first.request_fingerprint !== options.idempotency.fingerprint) throw idempotencyKeyReused();
          return { booking: toBooking(first), replayed: true };
        }
      }
      throw slotTaken();
    }
  }

  async findById(id: string): Promise<Booking | null> {
    const doc = await this.bookings.findOne({ _id: ObjectId.createFromHexString(id) }, publicFields);
    return doc ? toBooking(doc) : null;
  }

  async cancel(id: string, at: Date, event: PendingEvent): Promise<Booking | null> {
    // One conditional single-document update: of two concurrent cancels, one matches.
    const doc = await this.bookings.findOneAndUpdate(
      { _id: ObjectId.createFromHexString(id), status: { $ne: 'cancelled' } },
      { $set: { status: 'cancelled', cancelled_at: at, updated_at: at }, $push: { pending_events: envelopeOf(event) } },
      { returnDocument: 'after', ...publicFields },
    );
    return doc ? toBooking(doc) : null;
  }

  async occupiedSlots(serviceName: string, date: string): Promise<string[]> {
    const slots = await this.bookings.distinct('timeSlot', { service_name: serviceName, date, status: { $in: [...bookings.ACTIVE_BOOKING_STATUSES] } });
    return (slots as string[]).sort();
  }

  async listByEmail(email: string, page: { limit: number; after?: BookingCursor }): Promise<Booking[]> {
    const { after } = page;
    const filter: Filter<BookingDocument> = after
      ? {
          email,
          $or: [{ created_at: { $lt: after.createdAt } }, { created_at: after.createdAt, _id: { $lt: ObjectId.createFromHexString(after.id) } }],
        }
      : { email };
    const docs = await this.bookings.find(filter, publicFields).sort({ created_at: -1, _id: -1 }).limit(page.limit).toArray();
    return docs.map(toBooking);
  }

  countByEmail(email: string): Promise<number> {
    return this.bookings.countDocuments({ email });
  }
}
