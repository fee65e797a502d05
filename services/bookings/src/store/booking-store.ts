import type { EventContract } from '@platform/contracts';
import type { EventPublisher, Logger } from '@platform/service-kit';
import type { Booking } from '../domain/booking.js';

/**
 * Where bookings live. Two adapters implement it, MongoDB (production) and
 * PostgreSQL (the embedded default), and one contract test suite runs against
 * both (test/store-contract.ts). In both, the database itself refuses a second
 * active booking of a slot: there is no check-then-insert race to lose.
 */
export interface BookingStore {
  /**
   * Inserts the booking and records its event in the same atomic write. Throws
   * a CONFLICT DomainError when the slot already has an active booking. With an
   * idempotency tag whose key was already used: the first booking is returned
   * (`replayed: true`) when the fingerprint matches, IDEMPOTENCY_KEY_REUSED otherwise.
   */
  create(booking: Booking, options: { event: PendingEvent; idempotency?: IdempotencyTag }): Promise<CreateOutcome>;
  findById(id: string): Promise<Booking | null>;
  /**
   * Cancels an active booking and records its event in the same atomic write.
   * Returns null when the booking is missing or already cancelled, so of two
   * concurrent cancels exactly one wins.
   */
  cancel(id: string, at: Date, event: PendingEvent): Promise<Booking | null>;
  /** Time slots held by active (confirmed or pending) bookings, sorted. */
  occupiedSlots(serviceName: string, date: string): Promise<string[]>;
  /** Newest first (created_at, then id, descending); `after` is the last booking of the previous page. */
  listByEmail(email: string, page: { limit: number; after?: BookingCursor }): Promise<Booking[]>;
  countByEmail(email: string): Promise<number>;
}

export interface PendingEvent {
  contract: EventContract;
  data: unknown;
  /** Deterministic (see domain/event-ids.ts), so a republish is de-duplicated. */
  id: string;
}

export interface IdempotencyTag {
  key: string;
  fingerprint: string;
}

export interface CreateOutcome {
  booking: Booking;
  replayed: boolean;
}

export interface BookingCursor {
  createdAt: Date;
  id: string;
}

/** Publishes the events a store recorded with its writes. */
export interface EventRelay {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** An open store with what the service needs around it: a probe, an event relay and a way to close. */
export interface OpenedStore {
  kind: 'postgres' | 'mongo';
  store: BookingStore;
  ping(): Promise<void>;
  createRelay(publisher: EventPublisher, logger: Logger): EventRelay;
  close(): Promise<void>;
}
