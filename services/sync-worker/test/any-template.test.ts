import { describe, expect, it } from 'vitest';
import { offsetPagingDone, readPage } from '../src/domain/export-page.js';
import { amountToCents, typedValue } from '../src/domain/typed-fields.js';

describe('reading any Template (pure rules)', () => {
  it('takes a page from the seed envelope, and cursor paging only when the answer shows it', () => {
    expect(readPage({ data: [{ id: 1 }], count: 1 })).toEqual({ rows: [{ id: 1 }] });
    expect(readPage({ data: [], count: 0, total: 0, has_more: false, next_cursor: null })).toEqual({ rows: [], nextCursor: null });
    expect(readPage({ data: [{ id: 1 }], has_more: true, next_cursor: 'abc' })).toEqual({ rows: [{ id: 1 }], nextCursor: 'abc' });
    // A next_cursor without has_more (or of another type) is not cursor paging.
    expect(readPage({ data: [], next_cursor: 'abc' })).toEqual({ rows: [] });
    expect(readPage({ data: [], has_more: false, next_cursor: 3 })).toEqual({ rows: [] });
    expect(readPage([])).toBe('not a JSON object');
    expect(readPage({ rows: [] })).toBe('data: is not an array');
    expect(readPage({ data: [{ id: 1 }, 'x'] })).toBe('data.1: is not an object');
  });

  it('ends offset paging at an empty page, or a short one once the Template has shown a longer page', () => {
    expect(offsetPagingDone(0, 1000, 0)).toBe(true);
    // A short first page may be a cap, not the end: ask once more.
    expect(offsetPagingDone(300, 1000, 0)).toBe(false);
    expect(offsetPagingDone(1000, 5000, 0)).toBe(false);
    // The server showed it serves 1,000: a page of 1,000 goes on, 500 ends it.
    expect(offsetPagingDone(1000, 5000, 1000)).toBe(false);
    expect(offsetPagingDone(500, 5000, 1000)).toBe(true);
    // A full page of the limit asked always goes on.
    expect(offsetPagingDone(1000, 1000, 1000)).toBe(false);
  });

  it('turns decimal amounts into exact cents, on their digits', () => {
    expect(amountToCents(19.99)).toBe(1999);
    expect(amountToCents(0.29)).toBe(29);
    expect(amountToCents(1850.5)).toBe(185050);
    expect(amountToCents('1850.50')).toBe(185050);
    expect(amountToCents(42)).toBe(4200);
    expect(amountToCents(10.005)).toBe(1001);
    expect(amountToCents(-3.5)).toBe(-350);
    for (const notAnAmount of ['abc', '', null, undefined, Number.NaN, Number.POSITIVE_INFINITY, 1e21, {}, '1,50']) {
      expect(amountToCents(notAnAmount), String(notAnAmount)).toBeUndefined();
    }
    // Beyond a PostgreSQL integer: no typed value (the raw row keeps it).
    expect(amountToCents(30_000_000)).toBeUndefined();
  });

  it('fills a typed column only with a value of its type; *_cents falls back to the decimal field', () => {
    const row = { id: '7', price: 12.3, year: 'about 1900', title: 42, created_at: '2026-01-15T10:30:00Z', start: 'not a date', tags: ['a'] };
    expect(typedValue(row, 'id', 'int4')).toBe(7);
    expect(typedValue(row, 'price_cents', 'int4')).toBe(1230);
    expect(typedValue({ price_cents: 500, price: 12.3 }, 'price_cents', 'int4')).toBe(500);
    expect(typedValue(row, 'year', 'int4')).toBeNull();
    expect(typedValue(row, 'title', 'text')).toBe('42');
    expect(typedValue(row, 'tags', 'text')).toBe('["a"]');
    expect(typedValue(row, 'created_at', 'timestamptz')).toBe('2026-01-15T10:30:00.000Z');
    expect(typedValue(row, 'start', 'timestamptz')).toBeNull();
    expect(typedValue({ start_date: '2026-05-01T00:00:00Z' }, 'start_date', 'date')).toBe('2026-05-01');
    expect(typedValue(row, 'missing', 'text')).toBeNull();
  });
});
