import fc from 'fast-check';
import { fieldPaths, objectPaths, type Path, valueAt, withoutValueAt, withValueAt } from './input-paths.js';

/**
 * Ways to spoil a valid input, as the issue lists them. Each mutation picks
 * its target field, at any depth, from the input it is given (`pick` indexes
 * its fields), so one arbitrary serves every operation.
 */
export type MutationKind =
  | 'wrong-type'
  | 'huge-string'
  | 'unicode'
  | 'bad-number'
  | 'extra-field'
  | 'missing-field'
  | 'null-field'
  | 'deep-nesting'
  | 'long-array'
  | 'not-an-object';

export interface Mutation {
  kind: MutationKind;
  apply(input: unknown): unknown;
}

/** Strings that have broken parsers, databases, logs and terminals before. */
const NASTY_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff\ud800',
  '\u202e\u0644\u0627',
  '\ufeff',
  '\u200b\u200d',
  'e\u0301\u0301\u0301\u0301',
  '👨‍👩‍👧‍👦🏳️‍🌈',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2f',
  "'; DROP TABLE users; --",
  '" OR 1=1 --',
  '{"$gt": ""}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a log4j lookup, sent as plain text on purpose
  '${jndi:ldap://127.0.0.1/a}',
  '<script>alert(1)</script>',
  '\r\nX-Injected: 1',
  '%00',
  ' ',
  '',
];

/** Numbers (and number-like text) at the edges: JSON has no NaN or Infinity, so those arrive as text or null. */
const BAD_NUMBERS: unknown[] = [
  -1,
  -0,
  0,
  0.001,
  1.5,
  -1e308,
  1e308,
  2 ** 53 + 2,
  -(2 ** 63),
  5e-324,
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-1',
  '0x10',
  ' 12 ',
  '12,50',
  '1_000',
];

/** Keys that try to reach prototypes or claim privileges the caller does not have. */
const SUSPICIOUS_KEYS = ['__proto__', 'constructor', 'prototype', '$where', 'role', 'userId', 'ownerId', 'owner_id', 'isAdmin', 'balance', 'price'];

const anyJson = fc.jsonValue({ maxDepth: 3 });

function otherTypeValue(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.string({ maxLength: 20 }),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
  );
}

function hugeString(): fc.Arbitrary<string> {
  return (
    fc
      // Up to ~12 KB still fits in a URL (Node refuses request heads over 16 KB with 431); beyond, only bodies carry it.
      .record({
        length: fc.oneof(fc.integer({ min: 1_000, max: 12_000 }), fc.integer({ min: 12_000, max: 300_000 })),
        unit: fc.constantFrom('x', 'é', '😀', '\u0000', '%', '"', '\\'),
      })
      .map(({ length, unit }) => unit.repeat(Math.ceil(length / unit.length)))
  );
}

function unicodeString(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...NASTY_STRINGS),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
    fc.string({ unit: 'grapheme-composite', minLength: 1, maxLength: 40 }),
    fc.tuple(fc.constantFrom(...NASTY_STRINGS), fc.string({ maxLength: 10 })).map(([nasty, rest]) => `${rest}${nasty}${rest}`),
  );
}

/** `[[[ ... ]]]` or `{"a":{"a": ...}}`, `depth` levels deep, built without recursion. */
export function nested(depth: number, shape: 'array' | 'object'): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = shape === 'array' ? [value] : { a: value };
  return value;
}

/** The `pick`-th of some paths (fast-check shrinks `pick` towards the first, the outermost field). */
const choose = (paths: Path[], pick: number): Path | undefined => (paths.length ? paths[pick % paths.length] : undefined);

/** Puts `value` at one field anywhere in the input (a nested one too: an order's field, a category's price), or adds it when there is none. */
const replaceField = (kind: MutationKind, pick: number, value: unknown): Mutation => ({
  kind,
  apply: (input) => withValueAt(input, choose(fieldPaths(input), pick) ?? ['value'], value),
});

export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), otherTypeValue()).map(([pick, value]) => replaceField('wrong-type', pick, value)),
  fc.tuple(fc.nat(), hugeString()).map(([pick, value]) => replaceField('huge-string', pick, value)),
  fc.tuple(fc.nat(), unicodeString()).map(([pick, value]) => replaceField('unicode', pick, value)),
  fc.tuple(fc.nat(), fc.constantFrom(...BAD_NUMBERS)).map(([pick, value]) => replaceField('bad-number', pick, value)),
  fc.tuple(fc.nat(), fc.oneof(fc.constantFrom(...SUSPICIOUS_KEYS), fc.string({ minLength: 1, maxLength: 30 })), anyJson).map(
    ([pick, key, value]): Mutation => ({
      kind: 'extra-field',
      apply: (input) => withValueAt(input, [...(choose(objectPaths(input), pick) ?? []), key], value),
    }),
  ),
  fc.nat().map(
    (pick): Mutation => ({
      kind: 'missing-field',
      apply: (input) => {
        const path = choose(fieldPaths(input), pick);
        return path ? withoutValueAt(input, path) : input;
      },
    }),
  ),
  fc.nat().map((pick) => replaceField('null-field', pick, null)),
  fc
    .tuple(fc.nat(), fc.integer({ min: 50, max: 3_000 }), fc.constantFrom('array' as const, 'object' as const))
    .map(([pick, depth, shape]) => replaceField('deep-nesting', pick, nested(depth, shape))),
  fc.tuple(fc.nat(), fc.integer({ min: 100, max: 20_000 })).map(
    ([pick, length]): Mutation => ({
      kind: 'long-array',
      // A field's own value (or first item) many times over: arrays a contract bounds, and arrays where one value was expected.
      // Kept under about a megabyte: far bigger requests only test the body limit, which has its own tests.
      apply: (input) => {
        const path = choose(fieldPaths(input), pick) ?? ['value'];
        const value = valueAt(input, path);
        const item = Array.isArray(value) ? (value[0] ?? 1) : (value ?? 1);
        // Sized as percent-encoded text, the larger of its two forms: a query string carries it that way.
        const itemBytes = encodeURIComponent(JSON.stringify(item) ?? 'null').length + 1;
        return withValueAt(
          input,
          path,
          Array.from({ length: Math.min(length, Math.floor(1_000_000 / itemBytes)) }, () => item),
        );
      },
    }),
  ),
  fc
    .oneof(fc.constant(null), fc.constant([]), fc.integer(), fc.string({ maxLength: 20 }), fc.array(anyJson, { maxLength: 3 }), fc.boolean())
    .map((value): Mutation => ({ kind: 'not-an-object', apply: () => value })),
);
