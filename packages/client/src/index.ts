export { PaieCashFanAPIClient } from './client.js';
export { ApiError } from './errors.js';
export type { CallOptions, Session, TransportOptions } from './transport.js';
