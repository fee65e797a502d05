import type { Operation } from '@platform/contracts';
import fc from 'fast-check';
import { contractInputArbitrary, type KnownFieldValues } from './contract-inputs.js';
import { type CallerKind, callersToTry } from './credentials.js';
import { type MutationKind, mutationArbitrary } from './mutations.js';

export interface FuzzCase {
  caller: CallerKind;
  /** `valid` when the input was generated from the contract and left alone. */
  kind: 'valid' | MutationKind;
  input: unknown;
  /** Other headers a client controls: Accept (binary variants), X-Request-Id (echoed and logged), Idempotency-Key. */
  headers: Record<string, string>;
}

/** Any value a header can carry (printable ASCII), up to a few hundred characters. */
const headerText = fc.stringMatching(/^[\x20-\x7e]{0,300}$/);

/** Absent, a fresh key, a key reused across inputs, or a malformed one. */
const idempotencyKeyArbitrary = fc.option(fc.oneof(fc.uuid(), fc.constantFrom('fuzz-reused-key-1', 'fuzz-reused-key-2'), headerText), { nil: undefined });

const acceptArbitrary = fc.option(fc.oneof(fc.constantFrom('image/png', 'application/octet-stream', 'image/png;q=0.1, */*', 'text/html', '*/*'), headerText), {
  nil: undefined,
});

const requestIdArbitrary = fc.option(fc.oneof(fc.uuid(), headerText), { nil: undefined });

/**
 * One hostile request to an operation: a caller the operation may or may not
 * accept, and an input generated from its contract, mutated most of the time.
 * `known` mixes in values of things that exist, so valid inputs get past
 * "not found" into the handlers.
 */
export function fuzzCaseArbitrary(op: Operation, known: KnownFieldValues = {}): fc.Arbitrary<FuzzCase> {
  const valid = contractInputArbitrary(op, known);
  const input = fc.oneof(
    { weight: 2, arbitrary: valid.map((value) => ({ kind: 'valid' as const, input: value })) },
    { weight: 5, arbitrary: fc.tuple(valid, mutationArbitrary).map(([value, mutation]) => ({ kind: mutation.kind, input: mutation.apply(value) })) },
  );
  return fc
    .record({
      caller: fc.constantFrom(...callersToTry(op)),
      variant: input,
      headers: fc.record({
        accept: acceptArbitrary,
        'x-request-id': requestIdArbitrary,
        'idempotency-key': op.idempotent ? idempotencyKeyArbitrary : fc.constant(undefined),
      }),
    })
    .map(({ caller, variant, headers }) => ({
      caller,
      ...variant,
      headers: Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined)),
    }));
}
