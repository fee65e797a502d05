import { bookings, DomainError } from '@platform/contracts';
import { describe, expect, it } from 'vitest';
import { addDays, assertBookable, localTime } from '../src/domain/booking-window.js';
import { bookingEventId } from '../src/domain/event-ids.js';
import { reservationFingerprint } from '../src/domain/idempotency.js';

const window = { timeZone: 'Africa/Brazzaville', maxDaysAhead: 30 };
const refusal = (request: { date: string; timeSlot: string }, now: string, w = window) => {
  try {
    assertBookable(request, new Date(now), w);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return { field: (error as DomainError).field, message: (error as DomainError).message };
  }
};

describe('calendar dates', () => {
  it('knows which days exist, leap years included', () => {
    expect(bookings.isCalendarDate('2024-02-29')).toBe(true);
    expect(bookings.isCalendarDate('2000-02-29')).toBe(true);
    expect(bookings.isCalendarDate('1900-02-29')).toBe(false);
    expect(bookings.isCalendarDate('2030-02-29')).toBe(false);
    expect(bookings.isCalendarDate('2024-02-30')).toBe(false);
    expect(bookings.isCalendarDate('2024-00-10')).toBe(false);
    expect(bookings.isCalendarDate('2024-12-31')).toBe(true);
  });

  it('adds days across months and years', () => {
    expect(addDays('2030-03-10', 30)).toBe('2030-04-09');
    expect(addDays('2029-12-20', 30)).toBe('2030-01-19');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });
});

describe('the booking window, in the service time zone', () => {
  it('computes today in the configured zone, not in UTC', () => {
    // 23:30 UTC on March 10 is already 00:30 on March 11 in Brazzaville (UTC+1)...
    expect(localTime(new Date('2030-03-10T23:30:00Z'), 'Africa/Brazzaville')).toEqual({ day: '2030-03-11', minutes: 30 });
    // ...and still 13:30 on March 10 in Honolulu (UTC-10).
    expect(localTime(new Date('2030-03-10T23:30:00Z'), 'Pacific/Honolulu')).toEqual({ day: '2030-03-10', minutes: 810 });
  });

  it('refuses a day already over in the zone even when UTC has not reached it', () => {
    expect(refusal({ date: '2030-03-10', timeSlot: '14:00-15:00' }, '2030-03-10T23:30:00Z')).toMatchObject({
      field: 'date',
      message: expect.stringMatching(/passé/),
    });
    expect(refusal({ date: '2030-03-11', timeSlot: '14:00-15:00' }, '2030-03-10T23:30:00Z')).toBeUndefined();
  });

  it("counts the max days ahead from the zone's today", () => {
    expect(refusal({ date: '2030-04-10', timeSlot: '14:00-15:00' }, '2030-03-10T23:30:00Z')).toBeUndefined();
    expect(refusal({ date: '2030-04-11', timeSlot: '14:00-15:00' }, '2030-03-10T23:30:00Z')).toMatchObject({ field: 'date' });
    expect(refusal({ date: '2030-03-11', timeSlot: '14:00-15:00' }, '2030-03-10T12:00:00Z', { ...window, maxDaysAhead: 0 })).toMatchObject({ field: 'date' });
  });

  it('refuses a slot that ended earlier today, not one in progress', () => {
    const now = '2030-03-10T13:15:00Z'; // 14:15 in Brazzaville
    expect(refusal({ date: '2030-03-10', timeSlot: '13:00-14:15' }, now)).toMatchObject({ field: 'timeSlot' });
    expect(refusal({ date: '2030-03-10', timeSlot: '14:00-15:00' }, now)).toBeUndefined();
    expect(refusal({ date: '2030-03-11', timeSlot: '08:00-09:00' }, now)).toBeUndefined();
  });
});

describe('event ids and request fingerprints', () => {
  it('derives one stable UUID per booking and verb', () => {
    const id = '65f8a2b3c4d5e6f7a8b9c0d3';
    expect(bookingEventId(id, 'created')).toBe(bookingEventId(id, 'created'));
    expect(bookingEventId(id, 'created')).not.toBe(bookingEventId(id, 'cancelled'));
    expect(bookingEventId(id, 'created')).not.toBe(bookingEventId('65f8a2b3c4d5e6f7a8b9c0d4', 'created'));
    expect(bookingEventId(id, 'cancelled')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('fingerprints a request regardless of key order, and tells different requests apart', () => {
    expect(reservationFingerprint({ a: 1, b: null })).toBe(reservationFingerprint({ b: undefined, a: 1 }));
    expect(reservationFingerprint({ a: 1 })).not.toBe(reservationFingerprint({ a: 2 }));
  });
});
