import { SERVICE_PORTS, templateExport } from '@platform/contracts';
import { baseEnvSchema, envFlag, postgresEnvSchema, redisEnvSchema } from '@platform/service-kit';
import { z } from 'zod';

const ms = (fallback: number, max = 3_600_000) => z.coerce.number().int().min(0).max(max).default(fallback);

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Europe/Paris');

const cron = z.string().regex(/^(\S+\s+){4,5}\S+$/, 'must be a cron pattern such as 0 2 * * *');

export const syncWorkerEnvSchema = baseEnvSchema
  .extend(postgresEnvSchema.shape)
  .extend(redisEnvSchema.shape)
  .extend({
    HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(SERVICE_PORTS['sync-worker']),
    /** When set, this service's own HTTP server also serves the admin routes (standalone development). */
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    /** The Template's export API; by default template-export's own port on this machine. */
    TEMPLATE_BASE_URL: z.string().url('must be an http(s) URL').default(`http://127.0.0.1:${SERVICE_PORTS['template-export']}`),
    /** Same value as the Template's TEMPLATE_MASTER_API_KEY. */
    TEMPLATE_API_KEY: z.string().default(''),
    TEMPLATE_TIMEOUT_MS: ms(30_000).pipe(z.number().min(100, 'must be at least 100')),
    /** Retries after the first attempt, on timeouts, network errors and 5xx; the delay doubles each time. */
    TEMPLATE_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
    TEMPLATE_RETRY_BASE_MS: ms(500),
    TEMPLATE_RETRY_MAX_MS: ms(10_000),
    TEMPLATE_HEALTH_TIMEOUT_MS: ms(5_000).pipe(z.number().min(100, 'must be at least 100')),
    /** Rows asked per page. 1000 measured as fast as 5000 and cheaper in CPU (docs/performance-sync.md). */
    SYNC_PAGE_SIZE: z.coerce.number().int().min(1).max(templateExport.EXPORT_MAX_LIMIT).default(1000),
    /** An incremental read starts this far before the saved cursor, to catch rows committed late by long Template transactions. */
    SYNC_OVERLAP_MS: ms(60_000, 86_400_000),
    SYNC_TZ: timeZone.default('Europe/Paris'),
    SYNC_CRON: cron.default('0 2 * * *'),
    HEALTH_CRON: cron.default('0 * * * *'),
    /** Upsert the nightly sync and hourly health check schedulers at boot. */
    SYNC_SCHEDULES_ENABLED: envFlag('true'),
    /** Run the BullMQ worker in this instance (false: only enqueue and answer the admin routes). */
    SYNC_WORKER_ENABLED: envFlag('true'),
    /** Attempts of a scheduled sync job; a manual one runs once and reports its error to the admin. */
    SYNC_JOB_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
    SYNC_JOB_BACKOFF_MS: ms(60_000),
    /**
     * How long POST /admin/api/sync-template waits for the run before it answers 202 with where to
     * follow it. Keep it under any idle timeout in front of the gateway (60 s is common); the
     * gateway's own deadline for the route (120 s, the contract) is a ceiling it never reaches.
     */
    SYNC_ANSWER_WITHIN_MS: ms(55_000, 115_000).pipe(z.number().min(100, 'must be at least 100')),
    MIGRATE_ON_START: envFlag('true'),
  });

export type SyncWorkerConfig = z.output<typeof syncWorkerEnvSchema>;
