import { aiEvents, aiOperations } from './operations/ai.js';
import { adminOperations, authOperations, gatewayEvents } from './operations/auth.js';
import { bookingsEvents, bookingsOperations } from './operations/bookings.js';
import { esimEvents, esimOperations } from './operations/esim.js';
import { ordersSnapshotEvents, ordersSnapshotOperations } from './operations/orders-snapshot.js';
import { shopEvents, shopOperations } from './operations/shop.js';
import { socialEvents, socialOperations } from './operations/social.js';
import { storageEvents, storageOperations } from './operations/storage.js';
import { syncWorkerEvents, syncWorkerOperations } from './operations/sync-worker.js';
import { systemOperations } from './operations/system.js';
import { templateExportEvents, templateExportOperations } from './operations/template-export.js';
import { ticketsEvents, ticketsOperations } from './operations/tickets.js';
import { walletEvents, walletOperations } from './operations/wallet.js';
import type { EventContract } from './events.js';
import type { Operation } from './operation.js';

export * from './errors.js';
export * from './operation.js';
export * from './events.js';
export * from './envelope.js';
export * from './validation.js';
export * as fields from './fields.js';
export * from './services.js';
export * from './demo.js';
export * from './money.js';
export * from './queues.js';
export * as auth from './operations/auth.js';
export * as system from './operations/system.js';
export * as wallet from './operations/wallet.js';
export * as storage from './operations/storage.js';
export * as ordersSnapshot from './operations/orders-snapshot.js';
export * as templateExport from './operations/template-export.js';
export * as syncWorker from './operations/sync-worker.js';
export * as bookings from './operations/bookings.js';
export * as shop from './operations/shop.js';
export * as tickets from './operations/tickets.js';
export * as esim from './operations/esim.js';
export * as social from './operations/social.js';
export * as ai from './operations/ai.js';
export { serviceHealthSubject, serviceStatsSubject, serviceHealth } from './operations/system.js';

/** Every public operation. The gateway routes, the OpenAPI document and the SDK derive from this list. */
export const allOperations: readonly Operation[] = [
  ...authOperations,
  ...adminOperations,
  ...systemOperations,
  ...walletOperations,
  ...storageOperations,
  ...ordersSnapshotOperations,
  ...templateExportOperations,
  ...syncWorkerOperations,
  ...bookingsOperations,
  ...shopOperations,
  ...ticketsOperations,
  ...esimOperations,
  ...socialOperations,
  ...aiOperations,
];

/** Every event published on the platform stream. */
export const allEvents: readonly EventContract[] = [
  ...gatewayEvents,
  ...walletEvents,
  ...storageEvents,
  ...ordersSnapshotEvents,
  ...templateExportEvents,
  ...syncWorkerEvents,
  ...bookingsEvents,
  ...shopEvents,
  ...ticketsEvents,
  ...esimEvents,
  ...socialEvents,
  ...aiEvents,
];
