import { aiEvents, aiOperations } from './operations/ai/index.js';
import { adminOperations, authOperations, gatewayEvents, internalOperations } from './operations/auth.js';
import { bookingsEvents, bookingsOperations } from './operations/bookings/index.js';
import { esimEvents, esimOperations } from './operations/esim.js';
import { ordersSnapshotEvents, ordersSnapshotOperations } from './operations/orders-snapshot.js';
import { shopEvents, shopOperations } from './operations/shop/index.js';
import { socialEvents, socialOperations } from './operations/social/index.js';
import { storageEvents, storageOperations } from './operations/storage/index.js';
import { syncWorkerEvents, syncWorkerOperations } from './operations/sync-worker.js';
import { systemOperations } from './operations/system.js';
import { templateExportEvents, templateExportOperations } from './operations/template-export/index.js';
import { ticketsEvents, ticketsOperations } from './operations/tickets/index.js';
import { walletEvents, walletOperations } from './operations/wallet/index.js';
import type { EventContract } from './events.js';
import type { Operation } from './operation.js';
import type { ServiceName } from './services.js';

/** Every public operation, area by area. The gateway routes, the OpenAPI document and the SDK derive from this list, in this order. */
const operationLists = [
  authOperations,
  adminOperations,
  systemOperations,
  walletOperations,
  storageOperations,
  ordersSnapshotOperations,
  templateExportOperations,
  syncWorkerOperations,
  bookingsOperations,
  shopOperations,
  ticketsOperations,
  esimOperations,
  socialOperations,
  aiOperations,
] as const;

/** Every public operation. The gateway routes, the OpenAPI document and the SDK derive from this list. */
export const allOperations: readonly Operation[] = operationLists.flat();

/**
 * Every operation of the contracts as a type: the public ones and the
 * internal, NATS-only ones outside allOperations (gateway.findUser). A service
 * derives from it what it must serve (OperationsOf), so a handler left out is
 * a compile error instead of a "no responders" met at run time.
 */
export type ContractOperation = (typeof operationLists)[number][number] | (typeof internalOperations)[number];

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

/** Every operation some service answers: the public list, then the internal ones it leaves out. */
const servedOperations: readonly Operation[] = [...allOperations, ...internalOperations];

/** The operations a service answers, by the `service` field of each contract (e.g. OperationsOf<'wallet'>). */
export type OperationsOf<S extends ServiceName> = Extract<ContractOperation, { readonly service: S }>;

/** Their names, the keys of the service's handler table ('wallet.send', ...). */
export type OperationNameOf<S extends ServiceName> = OperationsOf<S>['name'];

/** The operations `service` answers, in the order of allOperations (internal ones last). */
export function operationsOf<S extends ServiceName>(service: S): readonly OperationsOf<S>[] {
  return servedOperations.filter((op): op is OperationsOf<S> => op.service === service);
}
