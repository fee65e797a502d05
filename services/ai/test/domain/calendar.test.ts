import { describe, expect, it } from 'vitest';
import { addMonths, dayDate, dayNumber, monthBounds, monthOf, monthsEndingWith } from '../../src/domain/calendar.js';

describe('UTC calendar', () => {
  it('names the UTC month of an instant, whatever the offset it was written with', () => {
    expect(monthOf(new Date('2026-03-31T23:30:00-02:00'))).toBe('2026-04');
    expect(monthOf(new Date('2026-04-01T00:30:00+02:00'))).toBe('2026-03');
  });

  it('adds months across year ends and gives [from, to) bounds', () => {
    expect(addMonths('2025-12', 1)).toBe('2026-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-03', -15)).toBe('2024-12');
    expect(monthBounds('2024-02')).toEqual({ from: new Date('2024-02-01T00:00:00Z'), to: new Date('2024-03-01T00:00:00Z') });
    expect(monthsEndingWith('2026-02', 4)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it('numbers consecutive days consecutively', () => {
    const day = dayNumber(new Date('2026-03-01T23:59:59.999Z'));
    expect(dayNumber(new Date('2026-03-02T00:00:00Z'))).toBe(day + 1);
    expect(dayDate(day)).toBe('2026-03-01');
  });
});
