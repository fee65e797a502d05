import fc from 'fast-check';

/** The subset of JSON Schema (draft 2020-12) that zod's toJSONSchema emits for the contracts' inputs. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
  [keyword: string]: unknown;
}

export interface ArbitraryOptions {
  /** Replaces (mixes into) the arbitrary of a top-level property, e.g. ids of resources that exist. */
  properties?: Record<string, fc.Arbitrary<unknown>>;
}

// Valid input stays human-sized: long and strange values are the mutations' job.
const MAX_VALID_STRING = 40;
const MAX_VALID_ITEMS = 5;

/**
 * A fast-check arbitrary of values that satisfy a JSON Schema: what the
 * schema can say (types, enums, bounds, patterns, formats, required keys).
 * Refinements a JSON Schema cannot express (zod's .refine) may still refuse
 * some of them; the fuzzer counts those instead of filtering them out.
 */
export function arbitraryFromJsonSchema(schema: JsonSchema, options: ArbitraryOptions = {}): fc.Arbitrary<unknown> {
  if (schema.type === 'object' && options.properties) return objectArbitrary(schema, options.properties);
  return arbitraryOf(schema);
}

function arbitraryOf(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map(arbitraryOf));
  if (Array.isArray(schema.type)) return fc.oneof(...schema.type.map((type) => arbitraryOf({ ...schema, type })));
  switch (schema.type) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
      return integerArbitrary(schema);
    case 'number':
      return numberArbitrary(schema);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(schema.items ? arbitraryOf(schema.items) : fc.jsonValue({ maxDepth: 2 }), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? MAX_VALID_ITEMS, MAX_VALID_ITEMS)),
      });
    case 'object':
      return objectArbitrary(schema, {});
    case undefined:
      // `{}` accepts anything (zod's unrepresentable parts are emitted that way).
      return fc.jsonValue({ maxDepth: 2 });
    default:
      throw new Error(`JSON Schema type ${JSON.stringify(schema.type)} is not supported`);
  }
}

function objectArbitrary(schema: JsonSchema, overrides: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const model = Object.fromEntries(
    Object.entries(properties).map(([key, property]) => {
      const own = arbitraryOf(property);
      return [key, overrides[key] ? fc.oneof(overrides[key], own) : own];
    }),
  );
  // A property with a default may be left out: the contract fills it in.
  const requiredKeys = (schema.required ?? []).filter((key) => key in model && properties[key]?.default === undefined);
  return fc.record(model, { requiredKeys }).map((value) => ({ ...value }));
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? Number.POSITIVE_INFINITY;
  const fits = (value: string) => value.length >= minLength && value.length <= maxLength;
  if (schema.pattern) return patternArbitrary(schema.pattern).filter(fits);
  const byFormat = formatArbitrary(schema.format);
  if (byFormat) return byFormat.filter(fits);
  const ordinary = fc.string({
    unit: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789 -_.'.split('')) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
    ),
    minLength,
    maxLength: Math.max(minLength, Math.min(maxLength, MAX_VALID_STRING)),
  });
  if (!Number.isFinite(maxLength)) return ordinary;
  // Exactly as long as the contract allows, in characters a database may count differently: where a column is narrower than its contract, this is a 500.
  const longest = fc.constantFrom('a', 'é', '€', 'ß').map((unit) => unit.repeat(maxLength));
  return fc.oneof({ weight: 6, arbitrary: ordinary }, { weight: 1, arbitrary: longest });
}

/**
 * fast-check generates from most regular expressions; it cannot from
 * lookarounds, so those are dropped for generation and the original pattern
 * filters what comes out (e.g. "no '..'" in an event id).
 */
function patternArbitrary(pattern: string): fc.Arbitrary<string> {
  const exact = new RegExp(pattern);
  try {
    return fc.stringMatching(exact);
  } catch {
    const relaxed = new RegExp(pattern.replace(/\(\?<?[=!](?:\\.|[^()])*\)/g, ''));
    return fc.stringMatching(relaxed).filter((value) => exact.test(value));
  }
}

function formatArbitrary(format: string | undefined): fc.Arbitrary<string> | undefined {
  switch (format) {
    case 'uuid':
      return fc.uuid({ version: 4 });
    case 'email':
      return fc.emailAddress();
    case 'date-time':
      return fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'date':
      return fc
        .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case 'uri':
    case 'url':
      return fc.webUrl();
    default:
      return undefined;
  }
}

function integerArbitrary(schema: JsonSchema): fc.Arbitrary<number> {
  const min = schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : (schema.minimum ?? -1_000_000);
  const max = schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : (schema.maximum ?? 1_000_000);
  return fc.integer({ min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) });
}

/**
 * Unbounded numbers lean to what people type (whole numbers, two decimals),
 * which is also what the money fields accept; any double comes up too.
 */
function numberArbitrary(schema: JsonSchema): fc.Arbitrary<number> {
  const min = schema.minimum ?? schema.exclusiveMinimum;
  const max = schema.maximum ?? schema.exclusiveMaximum;
  if (min !== undefined || max !== undefined) {
    return fc.double({
      min: min ?? -1e9,
      max: max ?? 1e9,
      noNaN: true,
      minExcluded: schema.exclusiveMinimum !== undefined,
      maxExcluded: schema.exclusiveMaximum !== undefined,
    });
  }
  return fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 1, max: 500 }) },
    { weight: 3, arbitrary: fc.integer({ min: 1, max: 50_000 }).map((cents) => cents / 100) },
    { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  );
}
