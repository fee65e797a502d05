import { serviceNames } from '@platform/contracts';
import { TestApi } from './http.js';
import { dropNamespaceSchemas, serviceEnv } from './infra.js';
import { connectTestNats, deleteEventStream } from './nats.js';
import { type RunningProcess, serviceEntry, startProcess } from './processes.js';
import { dropNamespaceKeys } from './redis.js';
import { createTestBucket, type TestBucket } from './s3.js';
import { TEST_TEMPLATE_API_KEY } from './template-export.js';

export type ServiceName = (typeof serviceNames)[number];

export interface PlatformOptions {
  /** Instances per service (default 1 each). */
  replicas?: Partial<Record<ServiceName, number>>;
  /** Extra environment for every process (e.g. other infrastructure URLs). */
  env?: Record<string, string>;
  /** Extra environment for one service's processes. */
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Start only these services (default: all twelve). */
  only?: readonly ServiceName[];
  timeoutMs?: number;
}

export interface TestPlatform {
  namespace: string;
  /** The first gateway instance. */
  api: TestApi;
  bucket: TestBucket;
  /** Every running instance, by service. */
  instances: Map<ServiceName, RunningProcess[]>;
  /** Starts one more instance of a service with the same environment. */
  addInstance(service: ServiceName): Promise<RunningProcess>;
  /** Everything every process printed so far, for log scans. */
  output(): string;
  /** Stops every process and removes the namespace's schemas, keys, stream and bucket. */
  stop(): Promise<void>;
}

/** What each service needs beyond serviceEnv() to run next to the others. */
function platformServiceEnv(service: ServiceName, bucket: TestBucket, templateUrl: string | undefined): Record<string, string> {
  switch (service) {
    case 'gateway':
      return { RATE_LIMIT_MAX: '100000', RATE_LIMIT_ROUTE_FACTOR: '100' };
    case 'storage':
    case 'orders-snapshot':
      return bucket.env;
    case 'template-export':
      return { TEMPLATE_MASTER_API_KEY: TEST_TEMPLATE_API_KEY, SEED_DEMO_DATA: 'true' };
    case 'sync-worker':
      return { TEMPLATE_API_KEY: TEST_TEMPLATE_API_KEY, ...(templateUrl ? { TEMPLATE_BASE_URL: templateUrl } : {}) };
    default:
      return {};
  }
}

/**
 * The whole platform as real child processes in one namespace: every service
 * (or `only` some), each with `replicas` instances, sharing one bucket. The
 * cross-service suites (browser journey, faults, scale-out, hostile input)
 * start it; service tests start only what they need.
 */
export async function startPlatform(namespace: string, options: PlatformOptions = {}): Promise<TestPlatform> {
  const wanted = new Set<ServiceName>(options.only ?? serviceNames);
  const bucket = await createTestBucket(namespace);
  const instances = new Map<ServiceName, RunningProcess[]>();
  let templateUrl: string | undefined;
  const timeoutMs = options.timeoutMs ?? Number(process.env.TEST_PROCESS_START_TIMEOUT_MS ?? 120_000);

  const envFor = (service: ServiceName) =>
    serviceEnv(service, namespace, { ...platformServiceEnv(service, bucket, templateUrl), ...options.env, ...options.serviceEnv?.[service] });
  const addInstance = async (service: ServiceName) => {
    const instance = await startProcess(serviceEntry(service), envFor(service), { timeoutMs });
    instances.set(service, [...(instances.get(service) ?? []), instance]);
    return instance;
  };
  const startReplicas = (service: ServiceName) => Array.from({ length: options.replicas?.[service] ?? 1 }, () => addInstance(service));

  const stop = async () => {
    await Promise.allSettled([...instances.values()].flat().map((instance) => instance.stop()));
    const nc = await connectTestNats();
    await Promise.allSettled([dropNamespaceSchemas(namespace), dropNamespaceKeys(namespace), deleteEventStream(nc, namespace), bucket.destroy()]);
    await nc.close();
  };

  try {
    // The sync worker needs the Template's URL, so the Template starts first.
    if (wanted.has('template-export')) templateUrl = (await Promise.all(startReplicas('template-export')))[0]!.url;
    const rest = [...wanted].filter((service) => service !== 'template-export');
    const results = await Promise.allSettled(rest.flatMap(startReplicas));
    const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) throw failure.reason;
  } catch (error) {
    await stop();
    throw error;
  }

  const gateway = instances.get('gateway')?.[0];
  return {
    namespace,
    api: new TestApi(gateway?.url ?? 'http://127.0.0.1:1'),
    bucket,
    instances,
    addInstance,
    output: () =>
      [...instances.entries()].flatMap(([service, list]) => list.map((instance) => `--- ${service}:${instance.port}\n${instance.output()}`)).join('\n'),
    stop,
  };
}
