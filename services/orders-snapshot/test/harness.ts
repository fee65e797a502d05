import { connect } from '@nats-io/transport-node';
import { eventStreamName, ordersSnapshot, type EventEnvelope, type PayloadOf } from '@platform/contracts';
import { consumeEvent, createLogger, parseConfig, type RunningConsumer, type Service } from '@platform/service-kit';
import { dropNamespaceSchemas, infra, serviceEnv, startGateway, type TestApi, type TestGateway, uniqueNamespace } from '@platform/testkit';
import { createTestBucket, type TestBucket } from '@platform/testkit/s3';
import { buildOrdersSnapshotService } from '../src/app.js';
import { ordersSnapshotEnvSchema } from '../src/config.js';

export type SnapshotEvent = EventEnvelope<PayloadOf<typeof ordersSnapshot.snapshotUpdated>>;

export interface SnapshotHarness {
  namespace: string;
  bucket: TestBucket;
  gateway: TestGateway;
  api: TestApi;
  instances: Service[];
  /** Every evt.orders.snapshot.updated published so far, in stream order. */
  events: SnapshotEvent[];
  close(): Promise<void>;
}

/**
 * The real gateway (child process) in front of `instances` in-process
 * orders-snapshot services sharing one namespace: NATS spreads requests across
 * them like across production replicas. Own bucket, schema and event stream.
 */
export async function startSnapshotHarness(
  options: { env?: Record<string, string>; gatewayEnv?: Record<string, string>; instances?: number } = {},
): Promise<SnapshotHarness> {
  const namespace = uniqueNamespace('os');
  const bucket = await createTestBucket(namespace);
  const gateway = await startGateway(namespace, options.gatewayEnv);
  const env = serviceEnv('orders-snapshot', namespace, {
    ...bucket.env,
    // Tests run against the local server: no need to pace writes at R2's 1/s.
    SNAPSHOT_MIN_WRITE_INTERVAL_MS: '0',
    SNAPSHOT_BATCH_WINDOW_MS: '10',
    SNAPSHOT_CONDITIONAL_WRITES: 'false',
    ...options.env,
  });
  const instances: Service[] = [];
  for (let i = 0; i < (options.instances ?? 1); i++) {
    instances.push(await buildOrdersSnapshotService(parseConfig(ordersSnapshotEnvSchema, { ...env, INSTANCE_ID: `orders-snapshot-${i + 1}` })));
  }
  const events: SnapshotEvent[] = [];
  const consumer: RunningConsumer = await consumeEvent({
    nc: instances[0].nc,
    namespace,
    durable: 'orders-snapshot-test',
    event: ordersSnapshot.snapshotUpdated,
    logger: createLogger({ service: 'test', instance: 'test', level: 'silent' }),
    handler: async (envelope) => {
      events.push(envelope);
    },
  });
  return {
    namespace,
    bucket,
    gateway,
    api: gateway.api,
    instances,
    events,
    async close() {
      await consumer.stop();
      for (const instance of instances) await instance.stop();
      await deleteStream(namespace);
      await gateway.stop();
      await bucket.destroy();
      await dropNamespaceSchemas(namespace);
    },
  };
}

/** Through the JetStream API subject: this package does not depend on @nats-io/jetstream. */
async function deleteStream(namespace: string): Promise<void> {
  const nc = await connect({ servers: infra.natsUrl });
  try {
    await nc.request(`$JS.API.STREAM.DELETE.${eventStreamName(namespace)}`, '', { timeout: 2_000 }).catch(() => undefined);
  } finally {
    await nc.close();
  }
}

export const order = (orderId: string, extra: Record<string, unknown> = {}) => ({
  order_id: orderId,
  client_name: 'Dupont Jean',
  client_email: 'jean@example.com',
  items: [{ photo: 'IMG_0001.jpg', format: '13x18', qty: 1 }],
  status: 'pending',
  ...extra,
});

/** The counter a service exposes on its own /metrics, summed over instances. */
export async function metricValue(instances: Service[], name: string): Promise<number> {
  let total = 0;
  for (const instance of instances) {
    const res = await instance.http.inject({ method: 'GET', url: '/metrics' });
    const line = res.body.split('\n').find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
    total += line ? Number(line.split(' ').pop()) : 0;
  }
  return total;
}
