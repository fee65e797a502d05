import type * as Contracts from '@platform/contracts';
import type { ROUTES } from './generated/routes.js';

/** An operation's key in the route table: `<namespace>.<export>` of @platform/contracts, e.g. `wallet.deposit`. */
export type OperationKey = keyof typeof ROUTES;

type ContractsModule = typeof Contracts;

/** The contract operation behind a key (types only: the browser never loads the contracts). */
export type OperationAt<K extends OperationKey> = K extends `${infer Namespace extends keyof ContractsModule}.${infer Export}`
  ? Export extends keyof ContractsModule[Namespace]
    ? ContractsModule[Namespace][Export]
    : never
  : never;

/**
 * The input a client sends for the operation (path, query and body fields
 * together), before the server's defaults. A schema that preprocesses its
 * input accepts `unknown`; its parsed shape is what to send then.
 */
export type InputAt<K extends OperationKey> =
  unknown extends Contracts.RawInputOf<OperationAt<K>> ? Contracts.InputOf<OperationAt<K>> : Contracts.RawInputOf<OperationAt<K>>;
/**
 * The operation's success answer. A route that may answer with a redirect
 * (`http.redirect`, e.g. a large orders snapshot: `{redirect_url}` becomes a
 * 307) never hands that member to the caller: fetch follows the redirect and
 * the caller gets the document itself.
 */
export type OutputAt<K extends OperationKey> = Exclude<Contracts.OutputOf<OperationAt<K>>, { redirect_url: string }>;

export type { Operation, OutputOf, RawInputOf } from '@platform/contracts';
