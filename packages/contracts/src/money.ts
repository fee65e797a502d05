import { z } from 'zod';

/**
 * Money on the platform: integer minor units (cents) with a currency, never
 * binary floats. Clients send amounts as a JSON number or a decimal string in
 * major units ("12.50"); the text of the value is parsed digit by digit, so
 * 0.1 + 0.2 is exactly 0.30 and no float arithmetic ever touches an amount.
 */

export const currencies = ['EUR'] as const;
export const currency = z.enum(currencies);
export type Currency = z.output<typeof currency>;
export const DEFAULT_CURRENCY: Currency = 'EUR';

/** Every supported currency has 2 decimals. */
export const MINOR_DIGITS = 2;
const MINOR_PER_MAJOR = 10 ** MINOR_DIGITS;

/**
 * Hard ceiling for one amount in any contract: 1,000,000,000.00. Sums of many
 * such amounts stay far inside Number.MAX_SAFE_INTEGER (and PostgreSQL bigint).
 * Services apply their own, lower, configured maximum on top.
 */
export const MAX_AMOUNT_MINOR = 100_000_000_000;

const PLAIN_DECIMAL = /^(\d+)(?:\.(\d+))?$/;

export type AmountProblem = 'not-decimal' | 'negative' | 'too-many-decimals' | 'zero' | 'too-large';

/** Parses decimal text in major units ("12.5") into minor units (1250), or says what is wrong with it. */
export function parseMinorUnits(text: string, maxMinor = MAX_AMOUNT_MINOR): { minor: number } | { problem: AmountProblem } {
  if (/^-\d/.test(text)) return { problem: 'negative' };
  const match = PLAIN_DECIMAL.exec(text);
  if (!match) return { problem: 'not-decimal' };
  const [, whole, fraction = ''] = match;
  if (fraction.length > MINOR_DIGITS) return { problem: 'too-many-decimals' };
  // Beyond 15 digits Number() would round; such amounts are over any maximum anyway.
  if (whole.replace(/^0+/, '').length > 15) return { problem: 'too-large' };
  const minor = Number(whole) * MINOR_PER_MAJOR + Number(fraction.padEnd(MINOR_DIGITS, '0'));
  if (minor === 0) return { problem: 'zero' };
  if (minor > maxMinor) return { problem: 'too-large' };
  return { minor };
}

/** "1234.5" style text of a JSON number, or undefined when JavaScript would print it in exponent form. */
function decimalTextOf(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  const text = String(value);
  return /e/i.test(text) ? undefined : text;
}

export function amountProblemMessage(problem: AmountProblem, maxMinor = MAX_AMOUNT_MINOR): string {
  switch (problem) {
    case 'negative':
    case 'zero':
      return 'must be greater than 0';
    case 'too-many-decimals':
      return `must have at most ${MINOR_DIGITS} decimals`;
    case 'too-large':
      return `must be at most ${formatMinor(maxMinor)}`;
    default:
      return 'must be a decimal amount like 12.50 (a JSON number or a string)';
  }
}

/**
 * Input schema for an amount in major units: a JSON number or a decimal string,
 * positive (or zero with `allowZero`), at most 2 decimals, at most `maxMinor`.
 * Its output is the amount in integer minor units.
 */
export function moneyAmount(options: { maxMinor?: number; allowZero?: boolean } = {}) {
  const maxMinor = options.maxMinor ?? MAX_AMOUNT_MINOR;
  return z
    .union([z.number(), z.string()], {
      error: (issue) => (issue.input === undefined ? 'is required' : 'must be a decimal amount like 12.50 (a JSON number or a string)'),
    })
    .transform((value, ctx): number => {
      const text = typeof value === 'number' ? decimalTextOf(value) : value;
      const parsed = text === undefined ? ({ problem: 'not-decimal' } as const) : parseMinorUnits(text, maxMinor);
      if ('minor' in parsed) return parsed.minor;
      if (parsed.problem === 'zero' && options.allowZero) return 0;
      ctx.addIssue({ code: 'custom', message: amountProblemMessage(parsed.problem, maxMinor), input: value });
      return z.NEVER;
    })
    .describe('Amount in major units (e.g. 12.50): a JSON number or a decimal string, > 0, at most 2 decimals');
}

/** Integer minor units as exact decimal text: 1205 -> "12.05", -5 -> "-0.05". */
export function formatMinor(minor: number): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`minor units must be a safe integer, got ${minor}`);
  const sign = minor < 0 ? '-' : '';
  const digits = String(Math.abs(minor)).padStart(MINOR_DIGITS + 1, '0');
  return `${sign}${digits.slice(0, -MINOR_DIGITS)}.${digits.slice(-MINOR_DIGITS)}`;
}

/**
 * Minor units as a JSON number in major units, the way the seed's apps display
 * a balance. The number is the nearest double to the exact decimal, which
 * JSON.stringify prints as that decimal (1205 -> 12.05), so no digit is lost.
 */
export function minorToMajor(minor: number): number {
  return Number(formatMinor(minor));
}

/** Output fields for a money value: major-unit number for display plus the exact minor units. */
export const majorAmount = z.number().describe('Major units (e.g. 12.05), for display; exact value in the *Minor field');
export const minorAmount = z.number().int().describe('Exact integer minor units (cents)');
