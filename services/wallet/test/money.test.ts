import { formatMinor, MAX_AMOUNT_MINOR, minorToMajor, moneyAmount, parseMinorUnits } from '@platform/contracts';
import { describe, expect, it } from 'vitest';

describe('money parsing (contracts/money.ts)', () => {
  const amount = moneyAmount({ maxMinor: 1_000_000 });
  const parse = (value: unknown) => amount.safeParse(value);
  const problem = (value: unknown) => {
    const result = parse(value);
    if (result.success) throw new Error(`expected ${JSON.stringify(value)} to be refused`);
    return result.error.issues[0].message;
  };

  it('reads numbers and decimal strings into exact minor units', () => {
    expect(parse(12.5)).toEqual({ success: true, data: 1250 });
    expect(parse('12.50')).toEqual({ success: true, data: 1250 });
    expect(parse(0.01)).toEqual({ success: true, data: 1 });
    expect(parse('10')).toEqual({ success: true, data: 1000 });
    expect(parse(10000)).toEqual({ success: true, data: 1_000_000 });
    // Values whose float is inexact still read exactly from their decimal text.
    expect(parse(0.29)).toEqual({ success: true, data: 29 });
    expect(1.15 * 100).not.toBe(115);
    expect(parse(1.15)).toEqual({ success: true, data: 115 });
  });

  it('refuses what is not a positive amount with at most 2 decimals', () => {
    expect(problem(0.1 + 0.2)).toBe('must have at most 2 decimals');
    expect(problem('1.234')).toBe('must have at most 2 decimals');
    expect(problem(-1)).toBe('must be greater than 0');
    expect(problem('-0.50')).toBe('must be greater than 0');
    expect(problem(0)).toBe('must be greater than 0');
    expect(problem('0.00')).toBe('must be greater than 0');
    expect(problem(10000.01)).toBe('must be at most 10000.00');
    expect(problem('99999999999999999999')).toBe('must be at most 10000.00');
    expect(problem(1e21)).toMatch(/decimal amount/);
    expect(problem('NaN')).toMatch(/decimal amount/);
    expect(problem('1e3')).toMatch(/decimal amount/);
    expect(problem(' 12')).toMatch(/decimal amount/);
    expect(problem('')).toMatch(/decimal amount/);
    expect(problem(true)).toMatch(/decimal amount/);
    expect(problem(null)).toMatch(/decimal amount/);
    expect(problem({ value: 1 })).toMatch(/decimal amount/);
    expect(problem(undefined)).toBe('is required');
  });

  it('formats minor units exactly', () => {
    expect(formatMinor(1205)).toBe('12.05');
    expect(formatMinor(5)).toBe('0.05');
    expect(formatMinor(-5)).toBe('-0.05');
    expect(formatMinor(0)).toBe('0.00');
    expect(formatMinor(MAX_AMOUNT_MINOR)).toBe('1000000000.00');
    expect(minorToMajor(30)).toBe(0.3);
    expect(JSON.stringify({ balance: minorToMajor(1205) })).toBe('{"balance":12.05}');
    expect(() => formatMinor(0.5)).toThrow();
  });

  it('keeps a sum of parsed amounts exact: 0.1 + 0.2 is 0.30', () => {
    const tenth = parseMinorUnits('0.1');
    const fifth = parseMinorUnits('0.2');
    if (!('minor' in tenth) || !('minor' in fifth)) throw new Error('parse failed');
    expect(formatMinor(tenth.minor + fifth.minor)).toBe('0.30');
    expect(minorToMajor(tenth.minor + fifth.minor)).toBe(0.3);
  });
});
