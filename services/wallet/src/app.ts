import { wallet } from '@platform/contracts';
import { addHistogram, createPool, IdempotencyStore, migrate, Service, startOutboxRelay, startUserReadModel } from '@platform/service-kit';
import { fundingProviderName, type WalletConfig } from './config.js';
import { createFundingProvider } from './clients/funding-provider.js';
import type { WalletDeps } from './operations/deps.js';
import { historyHandlers } from './operations/history.js';
import { merchantHandlers } from './operations/merchant-charges.js';
import { transferHandlers } from './operations/transfers.js';
import { walletMigrations, walletSchema } from './schema.js';
import { Ledger } from './store/ledger.js';
import { LedgerReads } from './store/ledger-reads.js';
import { createPrisma } from './store/prisma.js';

const OUTBOX_POLL_MS = 250;

/**
 * The wallet: a double-entry ledger on its own PostgreSQL schema. Users reach
 * it through the gateway (HTTP routes from the contracts, forwarded over
 * NATS); shop, tickets and esim call its internal operations over NATS.
 */
export async function buildWalletService(config: WalletConfig): Promise<Service> {
  const service = new Service({ name: 'wallet', config, jwtSecret: config.JWT_SECRET });
  const schema = walletSchema(config);
  const funding = createFundingProvider(fundingProviderName(config));

  // One pool for everything (transfers, Prisma reads, outbox relay), so the
  // service holds DATABASE_POOL_SIZE connections and no more.
  const pool = createPool(service, { connectionString: config.DATABASE_URL, max: config.DATABASE_POOL_SIZE });
  if (config.MIGRATE_ON_START) await migrate(pool, schema, walletMigrations());
  const db = createPrisma({ pool, schema });
  service.onShutdown('prisma', () => db.$disconnect());

  await service.connect();
  // How many transfers share a commit (decision 0965): 1 while the wallet keeps up, more as they queue.
  const batchRecords = addHistogram(service.metrics, {
    name: 'wallet_transfer_batch_records',
    help: 'Transfers posted per post_transfer(s) call (group commit): 1 while the wallet keeps up, more while transfers queue',
    buckets: [1, 2, 4, 8, 16, 32, 50],
  });
  const deps: WalletDeps = {
    ledger: new Ledger(pool, schema, {
      concurrency: config.WALLET_TRANSFER_CONCURRENCY,
      maxBatch: config.WALLET_TRANSFER_BATCH_MAX,
      onCall: (records) => batchRecords.observe(records),
    }),
    reads: new LedgerReads(db, pool, schema),
    // Recipients come from the local read model of the gateway's user events, never from a call to the gateway.
    directory: await startUserReadModel(service, { pool, schema, waitMs: config.USER_DIRECTORY_WAIT_MS, cacheTtlMs: config.USER_DIRECTORY_CACHE_TTL_MS }),
    funding,
    maxAmountMinor: config.WALLET_MAX_AMOUNT,
  };
  service.serve({
    ...historyHandlers(deps),
    ...transferHandlers(deps),
    ...merchantHandlers(deps),
  });
  if (config.JWT_SECRET) await service.mountStandaloneRoutes(wallet.walletOperations);

  const relay = await startOutboxRelay(service, { pool, schema, pollIntervalMs: OUTBOX_POLL_MS });

  const purge = new IdempotencyStore({ schema }).startPurging({
    pool,
    retentionMs: config.WALLET_IDEMPOTENCY_RETENTION_HOURS * 3_600_000,
    intervalMs: config.WALLET_IDEMPOTENCY_PURGE_INTERVAL_MS,
    logger: service.logger,
  });
  service.onShutdown('idempotency-purge', () => purge.stop());

  // Planner estimates, not counts: /api/stats must stay cheap however large the ledger grows.
  service.setStatsProvider(async () => {
    const { rows } = await pool.query(
      `SELECT relname, greatest(reltuples, 0)::bigint AS estimate FROM pg_class WHERE relnamespace = $1::regnamespace AND relname IN ('accounts', 'transfers')`,
      [schema],
    );
    const estimate = (table: string) => Number(rows.find((r) => r.relname === table)?.estimate ?? 0);
    return { transfersApprox: estimate('transfers'), accountsApprox: estimate('accounts'), pendingEvents: await relay.pendingCount() };
  });
  service.logger.info({ schema, funding: funding.name }, 'wallet ready');
  return service;
}
