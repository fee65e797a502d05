import { allOperations, type Operation } from '@platform/contracts';
import { parseConfig, type Service } from '@platform/service-kit';
import { dropNamespaceSchemas, serviceEnv, TestApi, uniqueNamespace } from '@platform/testkit';
import { deleteEventStream } from '@platform/testkit/nats';
import { buildGateway } from '../src/app.js';
import { gatewayEnvSchema, type GatewayConfig } from '../src/config.js';

export interface GatewayHarness {
  namespace: string;
  config: GatewayConfig;
  gateway: Service;
  api: TestApi;
  close(): Promise<void>;
}

/** An in-process gateway on a random port, in its own namespace. */
export async function startTestGateway(env: Record<string, string> = {}, extraOperations: readonly Operation[] = []): Promise<GatewayHarness> {
  const namespace = uniqueNamespace('gw');
  const config = parseConfig(gatewayEnvSchema, serviceEnv('gateway', namespace, { RATE_LIMIT_MAX: '100000', RATE_LIMIT_ROUTE_FACTOR: '100', ...env }));
  const gateway = await buildGateway(config, { operations: [...allOperations, ...extraOperations] });
  const url = await gateway.listen(0);
  return {
    namespace,
    config,
    gateway,
    api: new TestApi(url),
    async close() {
      // The gateway's outbox relay creates the namespace's event stream (user events). A test
      // that already stopped the gateway has closed its connection: that test deletes the stream.
      await deleteEventStream(gateway.nc, namespace).catch(() => undefined);
      await gateway.stop();
      await dropNamespaceSchemas(namespace);
    },
  };
}
