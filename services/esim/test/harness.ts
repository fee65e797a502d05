import { parseConfig } from '@platform/service-kit';
import { infra, serviceEnv, uniqueNamespace } from '@platform/testkit';
import { type AdminSession, adminSession } from '@platform/testkit/admin';
import { type CommercePlatform, retryWhileBusy, startCommercePlatform } from '@platform/testkit/commerce';
import pg from 'pg';
import { buildEsimService, type EsimBuildOptions, type EsimService } from '../src/app.js';
import { esimEnvSchema } from '../src/config.js';
import { DevEsimProvider, EsimProviderError, type EsimProvider, type IssuedProfile, type ProfileOrder } from '../src/clients/esim-provider.js';
import { esimSchema } from '../src/schema.js';
import { seedDemoPlans } from '../src/store/demo-plans-seed.js';

export const SMDP_HOST = 'smdp.test.paiecashfan.local';
export const FRANCE_5GB = '00000000-0000-4000-8000-00000000e001';
export const EUROPE_10GB = '00000000-0000-4000-8000-00000000e003';

/** The development provider, with a switch to make it refuse for good or for now. */
export class SwitchableProvider implements EsimProvider {
  readonly name = 'switchable';
  mode: 'ok' | 'refuse' | 'unavailable' = 'ok';
  readonly issued: ProfileOrder[] = [];
  private readonly inner = new DevEsimProvider({ smdpHost: SMDP_HOST });

  async issueProfile(order: ProfileOrder): Promise<IssuedProfile> {
    if (this.mode === 'refuse') throw new EsimProviderError('plan discontinued by the carrier', true);
    if (this.mode === 'unavailable') throw new EsimProviderError('carrier API timed out', false);
    this.issued.push(order);
    return this.inner.issueProfile();
  }
}

export interface EsimHarness {
  platform: CommercePlatform;
  api: CommercePlatform['api'];
  esim: EsimService;
  provider: SwitchableProvider;
  admin: AdminSession;
  schema: string;
  sql: pg.Pool;
  close(): Promise<void>;
}

/** The real gateway and wallet (child processes), the eSIM service in-process with demo plans; recovery driven by the tests. */
export async function startEsimHarness(options: EsimBuildOptions = {}): Promise<EsimHarness> {
  const namespace = uniqueNamespace('es');
  const platform = await startCommercePlatform(namespace);
  const config = parseConfig(esimEnvSchema, serviceEnv('esim', namespace, { HTTP_PORT: '0', PURCHASE_RECOVERY_ENABLED: 'false', ESIM_SMDP_HOST: SMDP_HOST }));
  const provider = new SwitchableProvider();
  const esim = await buildEsimService(config, { provider, ...options });
  const schema = esimSchema(config);
  const sql = new pg.Pool({ connectionString: infra.databaseUrl, max: 2 });
  await seedDemoPlans(sql, schema);
  const admin = await retryWhileBusy(() => adminSession(platform.api, namespace));
  return {
    platform,
    api: platform.api,
    esim,
    provider,
    admin,
    schema,
    sql,
    async close() {
      await esim.stop();
      await sql.end();
      await platform.stop();
    },
  };
}
