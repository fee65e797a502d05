import { parseConfig, type Service } from '@platform/service-kit';
import { infra, schemaFor, serviceEnv, TestApi } from '@platform/testkit';
import pg from 'pg';
import { buildTemplateExportService } from '../src/app.js';
import { templateExportEnvSchema } from '../src/config.js';

/** Two keys are valid at once, as during a rotation. */
export const CURRENT_KEY = 'current-key-0123456789abcdefghij';
export const PREVIOUS_KEY = 'previous-key-0123456789abcdefghi';

export interface TemplateUnderTest {
  service: Service;
  /** The service's own HTTP server (standalone routes). */
  direct: TestApi;
  /** SQL on the Template's schema of this namespace. */
  sql: (text: string, values?: unknown[]) => Promise<any[]>;
  close(): Promise<void>;
}

/** The Template export service in-process, seeded, listening on a random port. */
export async function startTemplate(namespace: string, env: Record<string, string> = {}): Promise<TemplateUnderTest> {
  const config = parseConfig(
    templateExportEnvSchema,
    serviceEnv('template-export', namespace, { TEMPLATE_MASTER_API_KEY: `${CURRENT_KEY},${PREVIOUS_KEY}`, SEED_DEMO_DATA: 'true', ...env }),
  );
  const service = await buildTemplateExportService(config);
  const url = await service.listen(0);
  const pool = new pg.Pool({ connectionString: infra.databaseUrl, max: 2 });
  const schema = schemaFor('template-export', namespace);
  return {
    service,
    direct: new TestApi(url),
    sql: async (text, values) => {
      const client = await pool.connect();
      try {
        await client.query(`SET search_path TO "${schema}"`);
        return (await client.query(text, values)).rows;
      } finally {
        client.release();
      }
    },
    async close() {
      await service.stop();
      await pool.end();
    },
  };
}

export const withKey = (key = CURRENT_KEY) => ({ 'x-api-key': key });
