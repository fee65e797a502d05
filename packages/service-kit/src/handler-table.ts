import type { OperationsOf, ServiceName } from '@platform/contracts';
import type { OperationHandler } from './run-operation.js';

/**
 * One handler for each operation the contracts give service `S` (by their
 * `service` field), keyed by operation name. Service.serve takes the whole
 * table, so an operation left out, or a handler for one that does not exist or
 * belongs to another service, is a compile error rather than a request that
 * meets "no responders" at run time.
 */
export type HandlerTable<S extends ServiceName> = { [Op in OperationsOf<S> as Op['name']]: OperationHandler<Op> };

/**
 * Part of `S`'s table, as one operations file (one use case) provides it:
 * `return { [wallet.send.name]: async (input, ctx) => ... } satisfies HandlersOf<'wallet'>`.
 * `satisfies` types each handler's input and output from its contract and
 * refuses a key that is not one of `S`'s operations.
 */
export type HandlersOf<S extends ServiceName> = Partial<HandlerTable<S>>;
