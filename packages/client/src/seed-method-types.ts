import type { InputAt, OperationKey, OutputAt } from './operations.js';
import type { MethodSpec, SEED_METHODS } from './seed-methods.js';
import type { CallOptions } from './transport.js';

type Optional<I, K extends keyof I> = {} extends Pick<I, K> ? true : false;

/** The positional arguments: each field's type, optional when the contract makes the field optional. */
type Positional<I, Args extends readonly unknown[]> = Args extends readonly [infer Name extends keyof I, ...infer Rest]
  ? Optional<I, Name> extends true
    ? [(I[Name] | null)?, ...Positional<I, Rest>]
    : [I[Name], ...Positional<I, Rest>]
  : [];

/** The trailing object: the operation's other input fields and the call options; required when one of those fields is. */
type Trailing<I, Names extends PropertyKey> = {} extends Omit<I, Names> ? [options?: Omit<I, Names> & CallOptions] : [options: Omit<I, Names> & CallOptions];

type ArgsOf<S extends MethodSpec> = S extends { readonly args: infer A extends readonly string[] } ? A : readonly [];

/** The signature of one table row. */
export type SeedMethod<S extends MethodSpec> = S['op'] extends infer K extends OperationKey
  ? (...args: [...Positional<InputAt<K>, ArgsOf<S>>, ...Trailing<InputAt<K>, ArgsOf<S>[number]>]) => Promise<OutputAt<K>>
  : never;

/** Every named method of the table, typed from the contracts. */
export type SeedMethods = { [Name in keyof typeof SEED_METHODS]: SeedMethod<(typeof SEED_METHODS)[Name]> };
