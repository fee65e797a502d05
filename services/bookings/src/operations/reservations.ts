import { bookings, DomainError, type Identity } from '@platform/contracts';
import type { HandlerContext, Logger, HandlersOf } from '@platform/service-kit';
import { type Booking, newBookingId, sameEmail, toBookingView } from '../domain/booking.js';
import { alreadyCancelled, bookingNotFound, emailMismatch, emailRequired } from '../domain/booking-errors.js';
import { cancelledEvent, createdEvent } from '../domain/booking-events.js';
import { assertBookable } from '../domain/booking-window.js';
import { reservationFingerprint } from '../domain/idempotency.js';
import type { CreateOutcome } from '../store/booking-store.js';
import type { OperationDeps } from './deps.js';

/** Signed in: the token's email is the customer's. Anonymous (the seed's app): the body's. */
function customerEmail(ctx: HandlerContext, given: string | undefined): string {
  const email = ctx.user?.email?.toLowerCase() ?? given;
  if (!email) throw emailRequired();
  return email;
}

/** The booking is committed before anyone is told: a failed email is logged, never a failed booking. */
function notifyInBackground(send: () => Promise<void>, log: Logger, bookingId: string): void {
  void send().catch((err: Error) => log.warn({ bookingId, reason: err.message }, 'notification failed; the booking stands'));
}

const isAdmin = (user: Identity | undefined) => user?.role === 'admin';

export function reservationHandlers(deps: OperationDeps) {
  const { store, stats } = deps;

  return {
    [bookings.createReservation.name]: async (input, ctx) => {
      const email = customerEmail(ctx, input.email);
      const now = deps.now();
      assertBookable(input, now, deps.window);
      const booking: Booking = {
        id: newBookingId(),
        date: input.date,
        timeSlot: input.timeSlot,
        prestation: input.prestation,
        variant: input.variant,
        email,
        notes: input.notes,
        serviceName: input.service_name,
        serviceId: input.service_id,
        status: 'confirmed',
        createdAt: now,
        updatedAt: now,
        cancelledAt: null,
      };
      const idempotency = ctx.idempotencyKey ? { key: ctx.idempotencyKey, fingerprint: reservationFingerprint({ ...input, email }) } : undefined;
      let outcome: CreateOutcome;
      try {
        outcome = await store.create(booking, { event: createdEvent(booking), idempotency });
      } catch (error) {
        if (error instanceof DomainError && error.code === 'CONFLICT') stats.conflicts++;
        throw error;
      }
      if (outcome.replayed) {
        stats.replayed++;
      } else {
        stats.created++;
        ctx.log.info({ bookingId: booking.id, service: booking.serviceName, date: booking.date, timeSlot: booking.timeSlot }, 'booking created');
        notifyInBackground(() => deps.notifier.bookingConfirmed(booking), ctx.log, booking.id);
      }
      return {
        success: true as const,
        message: 'Réservation créée avec succès',
        booking_id: outcome.booking.id,
        reservation: toBookingView(outcome.booking),
      };
    },

    [bookings.cancelReservation.name]: async (input, ctx) => {
      const email = customerEmail(ctx, input.email);
      const booking = await store.findById(input.booking_id);
      if (!booking) throw bookingNotFound();
      // Ownership before state: a stranger learns nothing about the booking's status.
      if (!isAdmin(ctx.user) && !sameEmail(booking.email, email)) throw emailMismatch();
      if (booking.status === 'cancelled') throw alreadyCancelled();
      const at = deps.now();
      const cancelled = await store.cancel(booking.id, at, cancelledEvent(booking, at));
      // Null: another request cancelled it between our read and our write.
      if (!cancelled) throw alreadyCancelled();
      stats.cancelled++;
      ctx.log.info({ bookingId: booking.id }, 'booking cancelled');
      notifyInBackground(() => deps.notifier.bookingCancelled(cancelled), ctx.log, booking.id);
      return {
        success: true as const,
        message: 'Réservation annulée avec succès',
        booking_id: cancelled.id,
        status: 'cancelled' as const,
        cancelled_at: (cancelled.cancelledAt ?? at).toISOString(),
      };
    },
  } satisfies HandlersOf<'bookings'>;
}
