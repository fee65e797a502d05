import type { NatsConnection } from '@nats-io/transport-node';
import { parseConfig, type Service } from '@platform/service-kit';
import { dropNamespaceSchemas, serviceEntry, serviceEnv, startProcess, TestApi, type TestGateway, uniqueNamespace } from '@platform/testkit';
import { connectTestNats, deleteEventStream } from '@platform/testkit/nats';
import { buildSocialService } from '../src/app.js';
import { type SocialConfig, socialEnvSchema } from '../src/config.js';

export interface Session {
  token: string;
  user: { id: string; email: string };
}

export interface SocialHarness {
  namespace: string;
  config: SocialConfig;
  /** The first gateway; `gateways` holds every one started. */
  gateway: TestGateway;
  gateways: TestGateway[];
  api: TestApi;
  social: Service;
  nc: NatsConnection;
  newUser(name?: string): Promise<Session>;
  /** POST /api/social/messages, failing the test unless it is 201. */
  send(from: Session, to: { conversationId: string } | { recipientId: string }, message: string, extra?: Record<string, unknown>): Promise<any>;
  close(): Promise<void>;
}

/** How long `beforeAll` may take: starting gateways under tsx is slow when the machine is loaded. */
export const HARNESS_START_TIMEOUT_MS = 180_000;

/**
 * The testkit's startGateway, with more patience: it waits 30 s for /health,
 * which a shared 2-core machine running several suites can exceed while tsx
 * compiles the gateway. Same process, same environment.
 */
async function startGatewayPatiently(namespace: string): Promise<TestGateway> {
  const env = serviceEnv('gateway', namespace, { RATE_LIMIT_MAX: '100000', RATE_LIMIT_ROUTE_FACTOR: '100' });
  const process = await startProcess(serviceEntry('gateway'), env, { healthPath: '/health', timeoutMs: 150_000 });
  return { api: new TestApi(process.url), process, stop: async () => void (await process.stop()) };
}

/**
 * The real gateway in child processes (one or more, same namespace) and
 * social in-process, in a fresh namespace: own schemas, NATS subjects and
 * event stream.
 */
export async function startSocialHarness(options: { gateways?: number; env?: Record<string, string> } = {}): Promise<SocialHarness> {
  const namespace = uniqueNamespace('so');
  const gateways = await Promise.all(Array.from({ length: options.gateways ?? 1 }, () => startGatewayPatiently(namespace)));
  const config = parseConfig(socialEnvSchema, serviceEnv('social', namespace, { HTTP_PORT: '0', ...options.env }));
  const social = await buildSocialService(config);
  const nc = await connectTestNats();
  const api = gateways[0].api;
  return {
    namespace,
    config,
    gateway: gateways[0],
    gateways,
    api,
    social,
    nc,
    newUser: (name = 'Test User') => api.register({ name }),
    async send(from, to, message, extra = {}) {
      const res = await api.post('/api/social/messages', { ...to, message, ...extra }, from.token);
      if (res.status !== 201) throw new Error(`send failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    async close() {
      await social.stop();
      await Promise.all(gateways.map((g) => g.stop()));
      await deleteEventStream(nc, namespace);
      await nc.close();
      await dropNamespaceSchemas(namespace);
    },
  };
}
