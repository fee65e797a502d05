import { bookings, DomainError } from '@platform/contracts';

/**
 * When a booking may be made, in the service's time zone: not on a day that is
 * over, not in a slot that is over, and not beyond the last bookable day. The
 * clock is passed in, so tests pin it instead of faking time globally.
 */
export interface BookingWindow {
  timeZone: string;
  maxDaysAhead: number;
}

interface LocalTime {
  day: string;
  minutes: number;
}

/** The calendar day (YYYY-MM-DD) and minutes since midnight at `at`, in `timeZone`. */
export function localTime(at: Date, timeZone: string): LocalTime {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  return { day: `${part('year')}-${part('month')}-${part('day')}`, minutes: Number(part('hour')) * 60 + Number(part('minute')) };
}

/** `day` (YYYY-MM-DD) plus `days` calendar days. */
export function addDays(day: string, days: number): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

/** Throws a 400 naming the field when the slot cannot be booked at `now`. */
export function assertBookable(request: { date: string; timeSlot: string }, now: Date, window: BookingWindow): void {
  const local = localTime(now, window.timeZone);
  // YYYY-MM-DD strings order like the days they name.
  if (request.date < local.day) {
    throw new DomainError('VALIDATION_FAILED', `date: Impossible de réserver dans le passé (today is ${local.day} in ${window.timeZone})`, {
      field: 'date',
    });
  }
  const lastDay = addDays(local.day, window.maxDaysAhead);
  if (request.date > lastDay) {
    throw new DomainError('VALIDATION_FAILED', `date: Réservations limitées à ${window.maxDaysAhead} jours à l'avance (last bookable day: ${lastDay})`, {
      field: 'date',
    });
  }
  const minutes = bookings.slotMinutes(request.timeSlot);
  if (request.date === local.day && minutes && minutes[1] <= local.minutes) {
    throw new DomainError('VALIDATION_FAILED', `timeSlot: this slot is already over today (${window.timeZone} time)`, { field: 'timeSlot' });
  }
}
