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
});

export const stats = defineOperation({
  name: 'gateway.stats',
  service: 'gateway',
  summary: 'Platform counters',
  auth: 'public',
  http: { method: 'GET', path: '/api/stats' },
  input: z.object({}),
  output: z.object({
    timestamp: z.string(),
    users: z.number(),
    gateway: z.object({ uptimeSeconds: z.number(), requests: z.number() }),
    services: z.record(z.string(), z.record(z.string(), z.number()).nullable()),
  }),
  tags: ['system'],
});

/**
 * Every service answers these over NATS (the service kit registers them), so
 * the gateway can aggregate health and stats without knowing any address.
 */
export const serviceHealthSubject = (service: string) => `svc.${service}._health`;
export const serviceStatsSubject = (service: string) => `svc.${service}._stats`;

export const systemOperations = [health, stats] as const;
