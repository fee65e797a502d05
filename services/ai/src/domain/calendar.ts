/**
 * UTC calendar arithmetic for months ("2026-03") and days. Every aggregate of
 * the AI service is cut at UTC boundaries, so the same events give the same
 * numbers whatever the server's time zone.
 */

export const DAY_MS = 86_400_000;

export type YearMonth = string;

export function monthOf(date: Date): YearMonth {
  return date.toISOString().slice(0, 7);
}

/** First instant of a month, UTC. */
export function monthStart(month: YearMonth): Date {
  const [year, mon] = month.split('-').map(Number);
  return new Date(Date.UTC(year, mon - 1, 1));
}

export function addMonths(month: YearMonth, count: number): YearMonth {
  const start = monthStart(month);
  return monthOf(new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + count, 1)));
}

/** [from, to) of a month. */
export function monthBounds(month: YearMonth): { from: Date; to: Date } {
  return { from: monthStart(month), to: monthStart(addMonths(month, 1)) };
}

/** `count` consecutive months ending with `last`, oldest first. */
export function monthsEndingWith(last: YearMonth, count: number): YearMonth[] {
  return Array.from({ length: count }, (_, index) => addMonths(last, index - count + 1));
}

/** Days since 1970-01-01 UTC: consecutive integers for consecutive calendar days. */
export function dayNumber(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS);
}

export function dayDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
