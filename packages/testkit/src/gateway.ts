import { dropNamespaceSchemas, serviceEnv } from './infra.js';
import { type RunningProcess, serviceEntry, startProcess } from './processes.js';
import { TestApi } from './http.js';

export interface TestGateway {
  api: TestApi;
  process: RunningProcess;
  stop(): Promise<void>;
}

/** Starts the real gateway in a child process, in the test's namespace. */
export async function startGateway(namespace: string, extraEnv: Record<string, string> = {}): Promise<TestGateway> {
  const process = await startProcess(
    serviceEntry('gateway'),
    serviceEnv('gateway', namespace, { RATE_LIMIT_MAX: '100000', RATE_LIMIT_ROUTE_FACTOR: '100', ...extraEnv }),
    {
      healthPath: '/health',
    },
  );
  return {
    api: new TestApi(process.url),
    process,
    async stop() {
      await process.stop();
    },
  };
}

export { dropNamespaceSchemas };
