/**
 * What the SDK needs to call one operation over HTTP: the contract's route
 * without its schemas. A contract `Operation` fits this shape too, so
 * `call(shop.createProduct, input)` keeps working where the contracts are at hand.
 */
export interface Route {
  /** `<service>.<operation>`, as in the contracts. */
  readonly name: string;
  readonly auth: string;
  readonly idempotent?: boolean;
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path?: string;
  /** A contract operation carries its route here. */
  readonly http?: { readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; readonly path: string };
}
