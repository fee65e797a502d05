import { startPurchaseRecovery, PurchaseSaga, type SagaFaults, WalletClient } from '@platform/checkout';
import { esim } from '@platform/contracts';
import { createPool, migrate, Service, startOutboxRelay } from '@platform/service-kit';
import { type EsimConfig, esimProviderName } from './config.js';
import { createEsimProvider, type EsimProvider } from './clients/esim-provider.js';
import { activationHandlers } from './operations/activations.js';
import type { EsimDeps } from './operations/deps.js';
import { planHandlers } from './operations/plans.js';
import { esimMigrations, esimSchema } from './schema.js';
import { type ActivationRequest, esimPurchaseHooks } from './store/purchase-hooks.js';
import { EsimStore } from './store/esims.js';
import { PlanStore } from './store/plans.js';
import { createPrisma } from './store/prisma.js';

export interface EsimService extends Service {
  /** The activation saga, for tests: recoverStale() is what the recovery job runs. */
  purchases: PurchaseSaga<ActivationRequest>;
}

export interface EsimBuildOptions {
  /** Replaces the provider chosen by ESIM_PROVIDER (tests: a supplier that fails on demand). */
  provider?: EsimProvider;
  /** Test-only fault injection into the saga (docs/checkout.md); never from the environment. */
  faults?: SagaFaults;
}

/**
 * eSIM data plans on their own PostgreSQL schema. An activation is a
 * purchase through @platform/checkout's saga; the profile comes from an
 * EsimProvider (src/clients/esim-provider.ts).
 */
export async function buildEsimService(config: EsimConfig, options: EsimBuildOptions = {}): Promise<EsimService> {
  const service = new Service({ name: 'esim', config, jwtSecret: config.JWT_SECRET });
  const schema = esimSchema(config);
  const provider = options.provider ?? createEsimProvider(esimProviderName(config), { smdpHost: config.ESIM_SMDP_HOST });
  // One pool for Prisma, the saga and the outbox relay.
  const pool = createPool(service, { connectionString: config.DATABASE_URL, max: config.DATABASE_POOL_SIZE });
  if (config.MIGRATE_ON_START) await migrate(pool, schema, esimMigrations());
  const db = createPrisma({ pool, schema });
  service.onShutdown('prisma', () => db.$disconnect());

  await service.connect();
  const purchases = new PurchaseSaga<ActivationRequest>({
    pool,
    schema,
    wallet: new WalletClient(service.nc, config.NATS_NAMESPACE, 'esim'),
    hooks: esimPurchaseHooks({ provider, pool, schema }),
    logger: service.logger,
    maxChargeAgeMs: config.PURCHASE_MAX_CHARGE_AGE_MS,
    faults: options.faults,
  });
  const deps: EsimDeps = { plans: new PlanStore(db), esims: new EsimStore(db), purchases };
  service.serve({
    ...planHandlers(deps),
    ...activationHandlers(deps),
  });
  if (config.JWT_SECRET) await service.mountStandaloneRoutes(esim.esimOperations);

  const relay = await startOutboxRelay(service, { pool, schema });

  await startPurchaseRecovery(service, purchases, config);

  service.setStatsProvider(async () => {
    const sales = await purchases.stats();
    const { rows } = await pool.query(
      `SELECT (SELECT count(*) FROM "${schema}".plans WHERE active)::int AS plans,
              (SELECT count(*) FROM "${schema}".esims WHERE activated_at IS NOT NULL AND expires_at > now())::int AS active`,
    );
    return {
      activations: sales.confirmed,
      revenueMinor: sales.revenueMinor,
      activeEsims: rows[0].active,
      pendingActivations: sales.pending + sales.refunding,
      failedActivations: sales.failed,
      refundedActivations: sales.refunded,
      plans: rows[0].plans,
      pendingEvents: await relay.pendingCount(),
    };
  });
  service.logger.info({ schema, provider: provider.name, recovery: config.PURCHASE_RECOVERY_ENABLED }, 'esim ready');
  return Object.assign(service, { purchases });
}
