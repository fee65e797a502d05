import { type PurchaseRecoveryJob, PurchaseSaga, startPurchaseRecovery, type SagaFaults, WalletClient } from '@platform/checkout';
import { tickets } from '@platform/contracts';
import { addCounter, createPool, migrate, Service, startOutboxRelay } from '@platform/service-kit';
import type { TicketsConfig } from './config.js';
import { keyRingFromEnv } from './domain/signing-keys.js';
import { QrCodes } from './domain/qr-image.js';
import { adminHandlers } from './operations/admin.js';
import { catalogHandlers } from './operations/catalog.js';
import { checkInHandlers } from './operations/check-in.js';
import type { TicketsDeps } from './operations/deps.js';
import { myTicketsHandlers } from './operations/my-tickets.js';
import { purchaseHandlers } from './operations/purchase.js';
import { ticketPurchaseHooks } from './store/purchase-hooks.js';
import { RefundRetryJob } from './jobs/refund-retry-job.js';
import { TicketRefunds } from './jobs/ticket-refunds.js';
import { ticketsMigrations, ticketsSchema } from './schema.js';
import { Catalog } from './store/catalog.js';
import { CheckIns } from './store/check-ins.js';
import { createPrisma } from './store/prisma.js';
import { ticketStats } from './store/stats.js';
import { TicketChanges } from './store/ticket-changes.js';
import { TicketReads } from './store/ticket-reads.js';

const OUTBOX_POLL_MS = 250;

export interface TicketsOptions {
  /** Test-only: stop a purchase where a crash would (packages/checkout SagaFaults). */
  faults?: SagaFaults;
}

/** The service, plus the handles tests drive directly (a recovery run, the saga). */
export type TicketsService = Service & { readonly tickets: Pick<TicketsDeps, 'saga' | 'refunds' | 'keys'> & { recovery?: PurchaseRecoveryJob } };

/**
 * Tickets: club events with seat categories, bought through the checkout saga
 * (seat reserved -> wallet debit -> ticket issued), QR codes carrying
 * Ed25519-signed tokens, and gate check-in. Users reach it through the gateway;
 * it reaches the wallet over NATS.
 */
export async function buildTicketsService(config: TicketsConfig, options: TicketsOptions = {}): Promise<TicketsService> {
  const service = new Service({ name: 'tickets', config, jwtSecret: config.JWT_SECRET });
  const schema = ticketsSchema(config);
  const { ring: keys, ephemeral } = keyRingFromEnv(config);
  if (ephemeral) {
    service.logger.warn(
      { kid: keys.active.kid },
      'TICKET_SIGNING_KEY is not set: signing with a temporary key; QR codes stop verifying when this process exits',
    );
  }

  // One pool for the saga, check-ins, Prisma reads and the outbox relay.
  const pool = createPool(service, { connectionString: config.DATABASE_URL, max: config.DATABASE_POOL_SIZE });
  if (config.MIGRATE_ON_START) await migrate(pool, schema, ticketsMigrations());
  const db = createPrisma({ pool, schema });
  service.onShutdown('prisma', () => db.$disconnect());

  await service.connect();
  const wallet = new WalletClient(service.nc, config.NATS_NAMESPACE, 'tickets');
  const saga = new PurchaseSaga({
    pool,
    schema,
    wallet,
    hooks: ticketPurchaseHooks(schema),
    logger: service.logger,
    maxChargeAgeMs: config.PURCHASE_MAX_CHARGE_AGE_MS,
    faults: options.faults,
  });
  const refunds = new TicketRefunds(pool, schema, wallet, service.logger);
  const qrCodesServed = addCounter(service.metrics, {
    name: 'tickets_qr_codes_total',
    help: 'Ticket QR codes served, by source: rendered, or from the in-memory cache',
    labelNames: ['source'],
  });
  const deps: TicketsDeps = {
    catalog: new Catalog(db, pool, schema),
    tickets: new TicketReads(db),
    changes: new TicketChanges(pool, schema),
    saga,
    checkIns: new CheckIns(pool, schema, keys),
    refunds,
    keys,
    qrCodes: new QrCodes({ onServed: (source) => qrCodesServed.inc({ source }) }),
    now: () => new Date(),
  };

  const recovery = await startPurchaseRecovery(service, saga, config);
  // Background jobs run together: both are off when PURCHASE_RECOVERY_ENABLED is false (tests drive them by hand).
  if (recovery) {
    const refundJob = new RefundRetryJob({
      refunds,
      redisUrl: config.REDIS_URL,
      redisPrefix: config.REDIS_PREFIX,
      everyMs: config.TICKETS_REFUND_RETRY_INTERVAL_MS,
      logger: service.logger,
    });
    await refundJob.start();
    service.onShutdown('refund-retry', () => refundJob.close());
    deps.refundJob = refundJob;
  }

  service.serve({
    ...catalogHandlers(deps),
    ...purchaseHandlers(deps),
    ...myTicketsHandlers(deps),
    ...checkInHandlers(deps),
    ...adminHandlers(deps),
  });
  if (config.JWT_SECRET) await service.mountStandaloneRoutes(tickets.ticketsOperations);

  const relay = await startOutboxRelay(service, { pool, schema, pollIntervalMs: OUTBOX_POLL_MS });

  service.setStatsProvider(async () => ({ ...(await ticketStats(pool, schema)), pendingEvents: await relay.pendingCount() }));
  service.logger.info({ schema, kid: keys.active.kid, verificationKeys: keys.verification.length }, 'tickets ready');
  return Object.assign(service, { tickets: { saga, refunds, keys, recovery } });
}
