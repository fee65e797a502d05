import type { NatsConnection } from '@nats-io/transport-node';
import { type serviceHealth, serviceHealthSubject, serviceNames, serviceStatsSubject, system, type ReplyEnvelope } from '@platform/contracts';
import type { z } from 'zod';
import { runChecks, type Service, type HandlersOf } from '@platform/service-kit';
import type { UserStore } from '../store/users.js';

const PROBE_TIMEOUT_MS = 1_500;
const VERSION = process.env.npm_package_version ?? '0.1.0';

async function probe<T>(nc: NatsConnection, subject: string): Promise<T> {
  const reply = await nc.request(subject, '', { timeout: PROBE_TIMEOUT_MS });
  const envelope = reply.json<ReplyEnvelope<T>>();
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.data;
}

/** Services behind the gateway (the gateway itself answers for its own dependencies). */
const backendServices = () => serviceNames.filter((name) => name !== 'gateway');

export function systemHandlers(
  service: Service,
  deps: { users: UserStore; namespace: string; dependencyChecks: Parameters<typeof runChecks>[0]; requestCount: () => number },
) {
  const ns = (subject: string) => (deps.namespace ? `${deps.namespace}.${subject}` : subject);

  /** Each service's own counters, or null when it did not answer. */
  const serviceCounters = () =>
    Promise.all(
      backendServices().map(async (name) => {
        try {
          return [name, await probe<Record<string, number>>(service.nc, ns(serviceStatsSubject(name)))] as const;
        } catch {
          return [name, null] as const;
        }
      }),
    );

  return {
    [system.health.name]: async () => {
      const dependencies = await runChecks(deps.dependencyChecks);
      const entries = await Promise.all(
        backendServices().map(async (name) => {
          try {
            return [name, await probe<z.output<typeof serviceHealth>>(service.nc, ns(serviceHealthSubject(name)))] as const;
          } catch (error) {
            return [name, { service: name, status: 'down' as const, error: (error as Error).message }] as const;
          }
        }),
      );
      const services: Record<string, z.output<typeof serviceHealth>> = Object.fromEntries(entries);
      const healthy = Object.values(dependencies).every((d) => d.status === 'up') && Object.values(services).every((s) => s.status === 'up');
      return { status: healthy ? ('ok' as const) : ('degraded' as const), timestamp: new Date().toISOString(), version: VERSION, dependencies, services };
    },

    [system.instances.name]: async ({ waitMs }) => {
      const reports: z.output<typeof system.instanceReport>[] = [];
      // Every instance answers (no queue group), so there is no count to wait for: collect for waitMs.
      const replies = await service.nc.requestMany(ns(system.instanceReportSubject), '', { strategy: 'timer', maxWait: waitMs });
      for await (const reply of replies) {
        const envelope = reply.json<ReplyEnvelope<z.output<typeof system.instanceReport>>>();
        if (envelope.ok) reports.push(envelope.data);
      }
      reports.sort((a, b) => a.service.localeCompare(b.service) || a.instance.localeCompare(b.instance));
      return { timestamp: new Date().toISOString(), instances: reports };
    },

    // The public view: up or down per service, nothing counted. Revenue, amounts and account numbers are the admin view's.
    // It asks each service's health probe (a ping of its dependencies), not its counters (queries over its tables).
    [system.stats.name]: async () => {
      const states = await Promise.all(
        backendServices().map(async (name) => {
          try {
            const health = await probe<z.output<typeof serviceHealth>>(service.nc, ns(serviceHealthSubject(name)));
            return [name, health.status] as const;
          } catch {
            return [name, 'down' as const] as const;
          }
        }),
      );
      return { timestamp: new Date().toISOString(), gateway: { uptimeSeconds: Math.round(process.uptime()) }, services: Object.fromEntries(states) };
    },

    [system.adminStats.name]: async () => {
      const [counters, users] = await Promise.all([serviceCounters(), deps.users.count()]);
      return {
        timestamp: new Date().toISOString(),
        users,
        gateway: { uptimeSeconds: Math.round(process.uptime()), requests: deps.requestCount() },
        services: Object.fromEntries(counters),
      };
    },
  } satisfies HandlersOf<'gateway'>;
}
