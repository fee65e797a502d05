import type { ExportRow } from './export-page.js';

export type PgType = 'int4' | 'text' | 'timestamptz' | 'date';

const INT4_MAX = 2_147_483_647;
const isInt4 = (n: number) => Number.isInteger(n) && Math.abs(n) <= INT4_MAX;

/**
 * A decimal amount (the seed's `price: 1850.5`, or "1850.50") in integer
 * cents, computed on its decimal digits rather than by multiplying a binary
 * float (19.99 * 100 is 1998.9999…). Half a cent and more rounds up. Undefined
 * when the value is not an amount.
 */
export function amountToCents(value: unknown): number | undefined {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : typeof value === 'string' ? value.trim() : '';
  // String(number) may use an exponent (1e21, 1e-7): not a price, and not worth a parser.
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return undefined;
  const [, sign, units, decimals = ''] = match;
  const cents = Number(units) * 100 + Number(decimals.slice(0, 2).padEnd(2, '0')) + (Number(decimals[2] ?? '0') >= 5 ? 1 : 0);
  const signed = sign ? -cents : cents;
  return isInt4(signed) ? signed : undefined;
}

function asInt(value: unknown): number | undefined {
  if (typeof value === 'number') return isInt4(value) ? value : undefined;
  if (typeof value === 'string' && /^-?\d{1,10}$/.test(value.trim())) return asInt(Number(value));
  return undefined;
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return undefined;
}

function asInstant(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

const asDate = (value: unknown): string | undefined => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : undefined);

/**
 * The value of a typed column from a row of any Template: the field of that
 * name when it has the column's type (numbers and numeric strings alike), or
 * null. A `<name>_cents` column falls back to `<name>` as a decimal amount:
 * the seed's Template sends `price: 1850.5`, ours `price_cents: 185050`.
 * The whole row is kept as JSON beside the columns, so nothing a column
 * cannot hold is lost.
 */
export function typedValue(row: ExportRow, name: string, type: PgType): string | number | null {
  const value = row[name];
  let typed: string | number | undefined;
  switch (type) {
    case 'int4':
      typed = asInt(value);
      if (typed === undefined && value === undefined && name.endsWith('_cents')) typed = amountToCents(row[name.slice(0, -'_cents'.length)]);
      break;
    case 'text':
      typed = asText(value);
      break;
    case 'timestamptz':
      typed = asInstant(value);
      break;
    case 'date':
      typed = asDate(value);
      break;
  }
  return typed ?? null;
}
