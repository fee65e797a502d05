// What the browser bundle (dist/paiecashfan-sdk.js) exports: the SDK itself,
// plus the contract namespaces a page needs for `client.call(op, input)` and
// for the realtime frame schemas. Nothing here is new code: it only re-exports.
export * from '../src/index.js';
export { ai, auth, bookings, esim, ordersSnapshot, shop, social, storage, system, tickets, wallet } from '@platform/contracts';
