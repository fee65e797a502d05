import type { Operation } from '@platform/contracts';
import fc from 'fast-check';
import { z } from 'zod';
import { arbitraryFromJsonSchema, type JsonSchema } from './json-schema-arbitrary.js';

/**
 * The JSON Schema of what an operation accepts. zod emits the input side of
 * a pipe, so `trim().toLowerCase().pipe(z.email())` would lose its email
 * format; the override carries the piped string's format and pattern back.
 */
export function inputJsonSchema(op: Operation): JsonSchema {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(op.input, {
    io: 'input',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      const def = zodSchema._zod.def as { type: string; out?: z.ZodType };
      if (def.type !== 'pipe' || !def.out || jsonSchema.type !== 'string' || jsonSchema.pattern) return;
      const piped = z.toJSONSchema(def.out, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
      if (piped.type === 'string' && piped.pattern) Object.assign(jsonSchema, { format: piped.format, pattern: piped.pattern });
    },
  }) as JsonSchema;
  return schema;
}

/** Known-good values of an operation's input fields: ids of things that exist, so valid inputs get past "not found". */
export type KnownFieldValues = Record<string, readonly unknown[]>;

/** Inputs shaped the way the operation's contract describes them, with the known values mixed in. */
export function contractInputArbitrary(op: Operation, known: KnownFieldValues = {}): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.fromEntries(Object.entries(known).map(([field, values]) => [field, fc.constantFrom(...values)]));
  return arbitraryFromJsonSchema(inputJsonSchema(op), { properties }) as fc.Arbitrary<Record<string, unknown>>;
}

/** Whether the contract itself accepts an input (refinements included). */
export const contractAccepts = (op: Operation, input: unknown): boolean => {
  try {
    return op.input.safeParse(input).success;
  } catch {
    // A preprocess step may throw (the orders snapshot's seed precondition): that is a refusal too.
    return false;
  }
};

/**
 * One input the contract accepts, using the known values where the operation
 * has them (ids of things that exist), or {} when none turns up. Seeded, so a
 * run is repeatable.
 */
export function sampleValidInput(op: Operation, known: KnownFieldValues = {}): Record<string, unknown> {
  const usesKnown = (input: Record<string, unknown>) => Object.entries(known).every(([field, values]) => !(field in input) || values.includes(input[field]));
  const samples = fc.sample(contractInputArbitrary(op, known), { numRuns: 300, seed: 42 });
  return samples.find((input) => contractAccepts(op, input) && usesKnown(input)) ?? samples.find((input) => contractAccepts(op, input)) ?? {};
}
