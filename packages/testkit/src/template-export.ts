import { serviceEnv } from './infra.js';
import { type RunningProcess, serviceEntry, startProcess } from './processes.js';

/** The X-API-Key the Template under test accepts. */
export const TEST_TEMPLATE_API_KEY = 'test-template-api-key-0123456789abcdef';

/**
 * The Template export service in a child process, in the test's namespace,
 * seeded with the demo gallery. Tests of other services reach it over HTTP
 * (its own server) or through the gateway, never by importing its code.
 */
export function startTemplateExport(namespace: string, extraEnv: Record<string, string> = {}): Promise<RunningProcess> {
  return startProcess(
    serviceEntry('template-export'),
    serviceEnv('template-export', namespace, { TEMPLATE_MASTER_API_KEY: TEST_TEMPLATE_API_KEY, SEED_DEMO_DATA: 'true', ...extraEnv }),
    // Booting under tsx on a busy 2-core machine can pass the default 30 s; stay within vitest's 60 s hook timeout.
    { timeoutMs: 55_000 },
  );
}
