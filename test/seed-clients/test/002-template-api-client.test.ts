import { dropNamespaceSchemas, type RunningProcess, startGateway, type TestGateway, uniqueNamespace } from '@platform/testkit';
import { dropNamespaceKeys } from '@platform/testkit/redis';
import { startAll } from '@platform/testkit/start-all';
import { startTemplateExport, TEST_TEMPLATE_API_KEY } from '@platform/testkit/template-export';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPythonJson } from '../src/python.js';
import { seedFile } from '../src/seed-files.js';
import { type SeedStyleTemplate, startSeedStyleTemplate } from '../src/seed-style-template.js';

/** Runs the seed's own Python client (seeds/002/template_api.py, verbatim) with the seed's environment variables. */
const seedClient = (baseUrl: string, apiKey: string) =>
  runPythonJson(seedFile('002/run_seed_client.py'), { TEMPLATE_BASE_URL: `${baseUrl}/`, TEMPLATE_API_KEY: apiKey });

describe("seed 002: the Dashboard's Python TemplateAPIClient, unchanged", () => {
  const ns = uniqueNamespace('seed002');
  let template: RunningProcess;
  let gateway: TestGateway;
  let seedStyle: SeedStyleTemplate;

  beforeAll(async () => {
    [template, gateway, seedStyle] = await startAll([
      startTemplateExport(ns),
      startGateway(ns),
      startSeedStyleTemplate({ TEMPLATE_MASTER_API_KEY: 'seed-style-key-0123456789' }),
    ] as const);
  });
  afterAll(async () => {
    await Promise.all([gateway?.stop(), template?.stop(), seedStyle?.stop()]);
    await dropNamespaceKeys(ns);
    await dropNamespaceSchemas(ns);
  });

  it('reads every export of our Template, through the gateway and directly', async () => {
    for (const baseUrl of [gateway.api.baseUrl, template.url]) {
      const out = await seedClient(baseUrl, TEST_TEMPLATE_API_KEY);
      expect(out.error).toBeUndefined();
      expect(out.base_url).toBe(baseUrl);
      expect(out.healthy).toBe(true);
      expect(out.settings).toMatchObject({ site_name: 'Galerie Artworks Digital', currency: 'EUR' });
      expect(out.paintings).toHaveLength(12);
      expect(out.paintings_page.map((p: any) => p.id)).toEqual([11, 12]);
      expect(out.orders).toHaveLength(4);
      expect(out.users.map((u: any) => u.email)).toContain('julie.bernard@example.fr');
      expect(JSON.stringify(out.users)).not.toMatch(/password/);
      expect(out.exhibitions).toHaveLength(3);
      expect(out.custom_requests).toHaveLength(3);
      expect(out.stats.paintings).toBe(12);
      expect(out.full.paintings).toHaveLength(12);
    }
  });

  it('raises the seed message on a wrong key, and its health check says false', async () => {
    const out = await seedClient(gateway.api.baseUrl, 'not-the-right-key-at-all');
    expect(out.healthy).toBe(false);
    expect(out.error).toBe('Template API authentication failed - check TEMPLATE_API_KEY');
  });

  it('reads the seed-style Template the same way: our test double speaks the API the seed client expects', async () => {
    const out = await seedClient(seedStyle.url, 'seed-style-key-0123456789');
    expect(out.error).toBeUndefined();
    expect(out.healthy).toBe(true);
    expect(out.settings).toMatchObject({ site_name: 'Galerie du Quai', currency: 'EUR' });
    // The seed's client asks 1,000 paintings and reads one page: it never sees the other 1,500.
    expect(out.paintings).toHaveLength(1000);
    expect(out.paintings[0]).toMatchObject({ id: 1, price: 110.25, dominant_color: 'bleu de Prusse' });
    expect(out.paintings_page.map((p: any) => p.id)).toEqual([11, 12, 13, 14, 15]);
    expect(out.orders).toHaveLength(100);
    expect(out.full.paintings).toHaveLength(2500);
  });
});
