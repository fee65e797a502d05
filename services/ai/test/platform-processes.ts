import { type RunningProcess, serviceEntry, serviceEnv, startProcess, TestApi, type TestGateway } from '@platform/testkit';

/**
 * Other services as child processes, started like production does. The health
 * wait is longer than the testkit's default: on 2 shared cores, with other
 * test files starting their own processes, a cold `tsx` start can take more
 * than 30 s. That is load, not behaviour under test.
 */
const STARTUP_TIMEOUT_MS = 120_000;

/** For beforeAll/afterAll hooks that start or stop child processes. */
export const SETUP_TIMEOUT_MS = 240_000;
/** For one test: several requests and event round trips on a loaded machine. */
export const TEST_TIMEOUT_MS = 90_000;

export async function startGatewayProcess(namespace: string): Promise<TestGateway> {
  const process = await startProcess(serviceEntry('gateway'), serviceEnv('gateway', namespace, { RATE_LIMIT_MAX: '100000', RATE_LIMIT_ROUTE_FACTOR: '100' }), {
    timeoutMs: STARTUP_TIMEOUT_MS,
  });
  return {
    api: new TestApi(process.url),
    process,
    async stop() {
      await process.stop();
    },
  };
}

export const startWalletProcess = (namespace: string): Promise<RunningProcess> =>
  startProcess(serviceEntry('wallet'), serviceEnv('wallet', namespace), { timeoutMs: STARTUP_TIMEOUT_MS });
