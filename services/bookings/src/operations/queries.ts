import { bookings, DomainError } from '@platform/contracts';
import { decodeCursor, pageOf, type HandlersOf } from '@platform/service-kit';
import { sameEmail, toBookingView } from '../domain/booking.js';
import type { BookingCursor } from '../store/booking-store.js';
import type { OperationDeps } from './deps.js';

const badCursor = () => new DomainError('VALIDATION_FAILED', 'cursor: is not a cursor returned by this endpoint', { field: 'cursor' });

/** Page cursors are [created_at ISO, booking id] of the last booking shown. */
function cursorOf(raw: string | undefined): BookingCursor | undefined {
  const key = decodeCursor(raw, 2);
  if (!key) return undefined;
  const [createdAt, id] = key;
  const at = new Date(String(createdAt));
  if (typeof createdAt !== 'string' || Number.isNaN(at.getTime()) || typeof id !== 'string' || !/^[0-9a-f]{24}$/.test(id)) throw badCursor();
  return { createdAt: at, id };
}

export function queryHandlers(deps: OperationDeps) {
  const { store } = deps;

  return {
    [bookings.occupiedSlots.name]: async (input) => {
      const slots = await store.occupiedSlots(input.service, input.date);
      return { success: true as const, date: input.date, service: input.service, occupied_slots: slots, total_occupied: slots.length };
    },

    [bookings.userBookings.name]: async (input, ctx) => {
      // The contract's auth level makes a token mandatory (401 without); the owner of the email or an admin may read.
      if (ctx.user?.role !== 'admin' && !sameEmail(ctx.user?.email ?? '', input.email)) {
        throw new DomainError('FORBIDDEN', 'email: you may only list your own bookings', { field: 'email' });
      }
      const after = cursorOf(input.cursor);
      const [rows, total] = await Promise.all([store.listByEmail(input.email, { limit: input.limit + 1, after }), store.countByEmail(input.email)]);
      const page = pageOf(rows, input.limit, (b) => [b.createdAt.toISOString(), b.id]);
      return { success: true as const, bookings: page.items.map(toBookingView), total, next_cursor: page.nextCursor };
    },
  } satisfies HandlersOf<'bookings'>;
}
