import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { dropNamespaceSchemas, startGateway, type TestGateway, uniqueNamespace } from '@platform/testkit';
import { dropNamespaceKeys } from '@platform/testkit/redis';
import { startAll } from '@platform/testkit/start-all';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_KEY, startTemplate, type TemplateUnderTest } from './harness.js';

const runner = fileURLToPath(new URL('./fixtures/run_seed_client.py', import.meta.url));

/** Runs the seed's own Python client (fixtures/template_api.py, verbatim) with the seed's environment variables. */
async function seedClient(baseUrl: string, apiKey: string): Promise<any> {
  const { stdout } = await promisify(execFile)('python3', [runner], {
    env: { ...process.env, TEMPLATE_BASE_URL: `${baseUrl}/`, TEMPLATE_API_KEY: apiKey },
    timeout: 60_000,
  });
  return JSON.parse(stdout);
}

describe("the seed's Python TemplateAPIClient, unchanged", () => {
  const ns = uniqueNamespace('texpy');
  let template: TemplateUnderTest;
  let gateway: TestGateway;

  beforeAll(async () => {
    [template, gateway] = await startAll([startTemplate(ns), startGateway(ns)] as const);
  });
  afterAll(async () => {
    await gateway?.stop();
    await template?.close();
    await dropNamespaceKeys(ns);
    await dropNamespaceSchemas(ns);
  });

  it('reads every export through the gateway and directly', async () => {
    for (const baseUrl of [gateway.api.baseUrl, template.direct.baseUrl]) {
      const out = await seedClient(baseUrl, CURRENT_KEY);
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
});
