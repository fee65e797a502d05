import { z } from 'zod';
import type { EventContract } from '../events.js';
import { cursor, pageLimit } from '../fields.js';
import { bullPrefix, QUEUES } from '../queues.js';
import { defineOperation } from '../operation.js';

/**
 * The Dashboard side of seed 002: it mirrors the Template into its own
 * database, nightly and on demand. The admin routes keep the seed's paths and
 * its `{success, ...}` bodies; errors are `{success: false, error}`.
 */

/** The BullMQ queue of the sync worker. */
export const SYNC_QUEUE = QUEUES.templateSync;

// Producers, workers and the dashboard must agree on the key prefix: see queues.ts.
export { bullPrefix };

/** Job scheduler ids: stable, so every instance upserts the same two schedules. */
export const SYNC_SCHEDULERS = { nightlySync: 'template-sync-nightly', hourlyHealth: 'template-health-hourly' } as const;

/** The message the seed's client raises on a 401; runs fail with exactly this text. */
export const TEMPLATE_AUTH_FAILED = 'Template API authentication failed - check TEMPLATE_API_KEY';

const optionalFlag = z.union([z.boolean(), z.stringbool()], { error: 'must be true or false' }).optional();
const flag = optionalFlag.transform((v) => v ?? false);

/** Why a run failed, which decides the status of a failed sync: the Template's fault is 502/503/504, ours 500. */
export const SYNC_FAILURES = ['template_auth', 'template_error', 'template_unreachable', 'template_timeout', 'internal'] as const;
export type SyncFailure = (typeof SYNC_FAILURES)[number];

/** Where a sync job is followed (the 202's Location and `status_url`). */
export const syncJobPath = (jobId: string) => `/admin/api/sync-jobs/${encodeURIComponent(jobId)}`;

const tableCounts = z.object({
  fetched: z.number().int().describe('Rows read from the Template'),
  inserted: z.number().int(),
  updated: z.number().int(),
});

export const syncRun = z.object({
  id: z.string(),
  job_id: z.string(),
  trigger: z.enum(['manual', 'schedule']),
  mode: z.enum(['incremental', 'full']),
  attempt: z.number().int(),
  status: z.enum(['running', 'succeeded', 'failed']),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  duration_ms: z.number().int().nullable(),
  counts: z.record(z.string(), tableCounts),
  error: z.string().nullable(),
  failure: z
    .enum(SYNC_FAILURES)
    .nullable()
    .describe('Why it failed: the Template refused our key, answered wrongly, was unreachable or too slow; or an internal error'),
});

/** A sync as the admin sees it: the seed's fields, then the job and its latest attempt. */
const syncAnswer = z.object({
  success: z.literal(true),
  message: z.string(),
  data: z.record(z.string(), z.number().int()).describe('Rows synced per table (when the run finished)'),
  job: z.object({ id: z.string(), state: z.string(), already_running: z.boolean() }),
  run: syncRun.nullable(),
  status_url: z.string().optional().describe('While the sync runs: where to follow it (also the Location of a 202)'),
});

// ---------------------------------------------------------------- examples shown in /docs

const exampleRun = {
  id: 'b1d3f5a7-9c2e-4b4d-8f6a-1c3e5a7b9d2f',
  job_id: '42',
  trigger: 'manual',
  mode: 'incremental',
  attempt: 1,
  status: 'succeeded',
  started_at: '2026-03-01T02:00:00.000Z',
  finished_at: '2026-03-01T02:00:03.412Z',
  duration_ms: 3412,
  counts: { paintings: { fetched: 12, inserted: 2, updated: 10 }, orders: { fetched: 3, inserted: 3, updated: 0 } },
  error: null,
  failure: null,
} satisfies z.output<typeof syncRun>;

/** The answer of a finished sync: syncTemplate when it waited, syncJob when followed to the end. */
const exampleSyncAnswer = {
  success: true,
  message: 'Synchronization completed',
  data: { settings: 5, paintings: 12, orders: 3 },
  job: { id: '42', state: 'completed', already_running: false },
  run: exampleRun,
} satisfies z.output<typeof syncAnswer>;

export const syncTemplate = defineOperation({
  name: 'sync-worker.syncTemplate',
  service: 'sync-worker',
  summary:
    'Run a synchronization from the Template and answer when it is done, as the seed (200 with rows per table). ' +
    '`Prefer: respond-async` or ?wait=false: 202 at once with the job and where to follow it. One sync at a time: a second trigger joins the running one.',
  auth: 'admin',
  errorStyle: 'success-flag',
  http: {
    method: 'POST',
    path: '/admin/api/sync-template',
    rateLimit: { max: 20, timeWindowMs: 60_000 },
    // Still running when the answer is due (asked async, or longer than the wait): 202 + Location.
    async: { location: (output) => (output as { status_url?: string }).status_url },
  },
  input: z.object({
    wait: optionalFlag.describe('true: wait for the run (the default, as the seed); false: answer 202 at once (as Prefer: respond-async)'),
    full: flag.describe('Read every row again instead of the rows changed since the last run'),
  }),
  output: syncAnswer,
  // The gateway keeps the request open this long; the worker answers 202 before it (SYNC_ANSWER_WITHIN_MS).
  timeoutMs: 120_000,
  tags: ['sync'],
  examples: {
    // The seed posts no body at all; `full: false` is the default, shown so the docs have a request to display.
    input: { full: false },
    output: exampleSyncAnswer,
  },
});

export const syncJob = defineOperation({
  name: 'sync-worker.syncJob',
  service: 'sync-worker',
  summary:
    'Follow a sync started with Prefer: respond-async (or still running when its answer was due): 200 while it runs and once it succeeded; ' +
    'a failed one answers as the synchronous call would have (502/503/504 when the Template is at fault)',
  auth: 'admin',
  errorStyle: 'success-flag',
  http: { method: 'GET', path: '/admin/api/sync-jobs/:id' },
  // BullMQ job ids: `manual-<uuid>` for a run asked for, `repeat:…` for scheduled ones.
  input: z.object({
    id: z
      .string()
      .min(1, 'must not be empty')
      .max(200, 'must be at most 200 characters')
      .regex(/^[A-Za-z0-9:_.-]+$/, 'must be a job id (letters, digits, ":", "_", "." or "-")'),
  }),
  output: syncAnswer,
  tags: ['sync'],
  examples: {
    input: { id: '42' },
    output: exampleSyncAnswer,
  },
});

export const templateHealth = defineOperation({
  name: 'sync-worker.templateHealth',
  service: 'sync-worker',
  summary: 'Can the Dashboard reach the Template export API with its key?',
  auth: 'admin',
  errorStyle: 'success-flag',
  // The seed's failure body is {success: false, error, healthy: false}; ours also names base_url (null
  // when the gateway answers because the sync worker could not be reached).
  http: { method: 'GET', path: '/admin/api/template-health', errorBody: { healthy: false, base_url: null } },
  input: z.object({}),
  output: z.object({
    success: z.literal(true),
    healthy: z.boolean(),
    base_url: z.string(),
    latency_ms: z.number().int(),
    error: z.string().optional(),
  }),
  timeoutMs: 15_000,
  tags: ['sync'],
  examples: {
    input: {},
    output: { success: true, healthy: true, base_url: 'https://template.example.com', latency_ms: 84 },
  },
});

export const listSyncRuns = defineOperation({
  name: 'sync-worker.listSyncRuns',
  service: 'sync-worker',
  summary: 'Sync run history, newest first',
  auth: 'admin',
  errorStyle: 'success-flag',
  http: { method: 'GET', path: '/admin/api/sync-runs' },
  input: z.object({ limit: pageLimit(100, 20), cursor }),
  output: z.object({ success: z.literal(true), data: z.array(syncRun), next_cursor: z.string().nullable() }),
  tags: ['sync'],
  examples: { input: { limit: 20 }, output: { success: true, data: [exampleRun], next_cursor: null } },
});

export const syncWorkerOperations = [syncTemplate, syncJob, templateHealth, listSyncRuns] as const;
export const syncWorkerEvents: readonly EventContract[] = [];
