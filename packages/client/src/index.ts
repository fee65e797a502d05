import { PaieCashFanAPIClient } from './client.js';

export { PaieCashFanAPIClient };
// The seed's React example imports the client as a default export.
export default PaieCashFanAPIClient;
export { ApiError, type ApiErrorCode, type ApiErrorInit, type FieldProblem } from './errors.js';
export type { CallOptions, Session, TransportOptions } from './transport.js';
export type { TransportOptions as ClientOptions } from './transport.js';
export type { WriteOptions } from './api-base.js';
export type { UploadOptions } from './uploads.js';
export type { UploadBody } from './upload-body.js';
export type { InputAt, OperationKey, OutputAt } from './operations.js';
export type { MethodSpec } from './seed-methods.js';
export type { SeedMethod, SeedMethods } from './seed-method-types.js';
export { SEED_METHODS } from './seed-methods.js';
export { ROUTES } from './generated/routes.js';
export { RealtimeConnection, type ChatMessage, type RealtimeOptions, type WebSocketConstructor, type WebSocketLike } from './realtime.js';

/** An amount in euros: a number (12.5) or decimal text ("12.50"), at most 2 decimals. */
export type Amount = import('./operations.js').InputAt<'wallet.deposit'>['amount'];
/** An order as the photo-orders front end keeps it: any fields, `order_id` required (it is the dedupe key). */
export type SnapshotOrder = { order_id: string } & Record<string, unknown>;
