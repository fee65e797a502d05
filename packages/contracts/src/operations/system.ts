import { z } from 'zod';
import { defineOperation } from '../operation.js';

const checkResult = z.object({ status: z.enum(['up', 'down']), latencyMs: z.number().optional(), error: z.string().optional() });

export const serviceHealth = z.object({
  service: z.string(),
  status: z.enum(['up', 'down']),
  instance: z.string().optional(),
  uptimeSeconds: z.number().optional(),
  checks: z.record(z.string(), checkResult).optional(),
  error: z.string().optional(),
});

export const health = defineOperation({
  name: 'gateway.health',
  service: 'gateway',
  summary: 'Health of the gateway, every service and every dependency',
  auth: 'public',
  http: { method: 'GET', path: '/api/health' },
  input: z.object({}),
  output: z.object({
    status: z.enum(['ok', 'degraded']),
    timestamp: z.string(),
    version: z.string(),
    dependencies: z.record(z.string(), checkResult),
    services: z.record(z.string(), serviceHealth),
  }),
  tags: ['system'],
  examples: {
    input: {},
    output: {
      status: 'ok',
      timestamp: '2026-03-01T18:30:00.000Z',
      version: '0.1.0',
      dependencies: { postgres: { status: 'up', latencyMs: 2 }, redis: { status: 'up', latencyMs: 1 }, nats: { status: 'up', latencyMs: 1 } },
      services: {
        wallet: { service: 'wallet', status: 'up', instance: 'wallet-host-4242', uptimeSeconds: 3600, checks: { postgres: { status: 'up', latencyMs: 2 } } },
        bookings: { service: 'bookings', status: 'down', error: 'no responders' },
      },
    },
  },
});

/** Whether each service answered its probe: the public view says no more (no counts, no amounts). */
const publicServiceState = z.enum(['up', 'down']);

export const stats = defineOperation({
  name: 'gateway.stats',
  service: 'gateway',
  summary: 'Platform status for anyone: uptime and which services answer. Counts and amounts are in GET /api/admin/stats',
  auth: 'public',
  http: { method: 'GET', path: '/api/stats' },
  input: z.object({}),
  output: z.object({
    timestamp: z.string(),
    gateway: z.object({ uptimeSeconds: z.number() }),
    services: z.record(z.string(), publicServiceState),
  }),
  tags: ['system'],
  examples: {
    input: {},
    output: { timestamp: '2026-03-01T18:30:00.000Z', gateway: { uptimeSeconds: 3600 }, services: { wallet: 'up', bookings: 'down' } },
  },
});

export const adminStats = defineOperation({
  name: 'gateway.adminStats',
  service: 'gateway',
  summary: "Platform counters (administrators only): accounts, the gateway's requests, and each service's own counters, revenue included",
  auth: 'admin',
  http: { method: 'GET', path: '/api/admin/stats' },
  // Counts over every service's tables and the accounts: slower than a probe on a busy machine, and only admins ask.
  timeoutMs: 15_000,
  input: z.object({}),
  output: z.object({
    timestamp: z.string(),
    users: z.number(),
    gateway: z.object({ uptimeSeconds: z.number(), requests: z.number() }),
    services: z.record(z.string(), z.record(z.string(), z.number()).nullable()),
  }),
  tags: ['system', 'admin'],
  examples: {
    input: {},
    output: {
      timestamp: '2026-03-01T18:30:00.000Z',
      users: 1250,
      gateway: { uptimeSeconds: 3600, requests: 48210 },
      services: { wallet: { transfersApprox: 10422, accountsApprox: 1253, pendingEvents: 0 }, bookings: null },
    },
  },
});

/** One running process of a service and the work it has done since it started. */
export const instanceReport = z.object({
  service: z.string(),
  /** INSTANCE_ID, or <hostname>-<pid> when unset. */
  instance: z.string(),
  hostname: z.string(),
  pid: z.number().int(),
  uptimeSeconds: z.number(),
  rssBytes: z.number().int(),
  /** Operations being handled right now. */
  inFlight: z.number().int(),
  /** NATS operations handled, by operation name (every outcome). */
  operations: z.record(z.string(), z.number()),
  /** HTTP requests answered by this process, probes (/health, /ready, /metrics) excluded. */
  httpRequests: z.number().int(),
  /** Events this process's outbox relay (the kit's startOutboxRelay) published, a repeated publish counted again; 0 without one. */
  eventsPublished: z.number().int(),
});

export const instances = defineOperation({
  name: 'gateway.instances',
  service: 'gateway',
  summary: 'Every running instance of every service, gateway included, with its load (administrators only)',
  auth: 'admin',
  http: { method: 'GET', path: '/api/admin/instances' },
  timeoutMs: 10_000,
  input: z.object({
    /** How long to collect answers: every instance that answers within it is listed. */
    waitMs: z.coerce
      .number({ error: 'must be a number' })
      .int('must be an integer')
      .min(100, 'must be at least 100')
      .max(5_000, 'must be at most 5000')
      .default(1_000),
  }),
  output: z.object({
    timestamp: z.string(),
    /** Sorted by service, then instance. */
    instances: z.array(instanceReport),
  }),
  tags: ['system', 'admin'],
  examples: {
    input: { waitMs: 1_000 },
    output: {
      timestamp: '2026-03-01T18:30:00.000Z',
      instances: [
        {
          service: 'gateway',
          instance: 'api-1-4242',
          hostname: 'api-1',
          pid: 4242,
          uptimeSeconds: 3600,
          rssBytes: 157_286_400,
          inFlight: 3,
          operations: { 'gateway.login': 120, 'gateway.me': 860 },
          httpRequests: 48_210,
          eventsPublished: 0,
        },
        {
          service: 'wallet',
          instance: 'wallet-1-4317',
          hostname: 'wallet-1',
          pid: 4317,
          uptimeSeconds: 3590,
          rssBytes: 98_566_144,
          inFlight: 1,
          operations: { 'wallet.myBalance': 2_310, 'wallet.send': 412 },
          httpRequests: 0,
          eventsPublished: 412,
        },
      ],
    },
  },
});

/**
 * Every service answers these over NATS (the service kit registers them), so
 * the gateway can aggregate health and stats without knowing any address.
 */
export const serviceHealthSubject = (service: string) => `svc.${service}._health`;
export const serviceStatsSubject = (service: string) => `svc.${service}._stats`;
/**
 * Every instance of every service answers this one, outside any queue group,
 * so a single request gathers one report per running process.
 */
export const instanceReportSubject = 'svc._instances';

export const systemOperations = [health, stats, adminStats, instances] as const;
