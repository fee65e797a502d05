import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@platform/testkit';
import { dropNamespaceKeys } from '@platform/testkit/redis';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkBundlePath } from '../src/http/demo-assets.js';
import { registerDemoPage } from '../src/http/demo.js';
import { storageOrigins } from '../src/http/demo-csp.js';
import { registerSecurityHeaders } from '../src/http/security-headers.js';
import { type GatewayHarness, startTestGateway } from './harness.js';

/** The directives of a Content-Security-Policy header, by name. */
function cspDirectives(header: string | null): Map<string, string[]> {
  expect(header, 'content-security-policy header').toBeTruthy();
  return new Map(
    header!
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

describe('the demo page at /demo', () => {
  let h: GatewayHarness;
  const get = (path: string) => fetch(`${h.api.baseUrl}${path}`, { redirect: 'manual' });

  beforeAll(async () => {
    // npm test builds the bundle in its generate step; a lone run of this file builds it the same way.
    if (!existsSync(sdkBundlePath())) execFileSync(process.execPath, [join(repoRoot, 'packages/client/scripts/build.mjs')], { stdio: 'inherit' });
    h = await startTestGateway();
  });
  afterAll(async () => {
    await h?.close();
    await dropNamespaceKeys(h.namespace);
  });

  it('serves the page as HTML that loads its module script from the same origin', async () => {
    const res = await get('/demo');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<script type="module" src="/demo/app.js">');
    expect(html).toContain('data-testid="ticket-qr"');
  });

  it('serves the SDK bundle as JavaScript exporting the client and its errors', async () => {
    const res = await get('/demo/paiecashfan-sdk.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    const source = await res.text();
    expect(source).toMatch(/export\s*\{[^}]*\bas PaieCashFanAPIClient\b/);
    expect(source).toMatch(/export\s*\{[^}]*\bas ApiError\b/);
  });

  it('serves the SDK to any page: a classic script defining window.PaieCashFanAPIClient, and an ES module, compressed', async () => {
    const classic = await get('/sdk/client.js');
    expect(classic.status).toBe(200);
    expect(classic.headers.get('content-type')).toMatch(/^text\/javascript/);
    // A page of another origin includes it with <script src>: no same-origin resource policy.
    expect(classic.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const source = await classic.text();
    expect(source).not.toMatch(/\bexport\s*\{/);
    // Run as a browser runs a classic script: it defines the global the seed's pages use.
    const window: Record<string, any> = { fetch };
    new Function('globalThis', 'self', 'window', source)(window, window, window);
    expect(typeof window.PaieCashFanAPIClient).toBe('function');
    expect(typeof new window.PaieCashFanAPIClient().getWalletBalance).toBe('function');

    const module = await get('/sdk/paiecashfan-sdk.js');
    expect(module.status).toBe(200);
    expect(await module.text()).toMatch(/export\s*\{[^}]*\bas PaieCashFanAPIClient\b/);

    // fetch() asks for gzip and br and decodes them: the raw bytes tell what was sent.
    for (const [encoding, path] of [
      ['br', '/sdk/client.js'],
      ['gzip', '/sdk/paiecashfan-sdk.js'],
      ['br', '/demo/paiecashfan-sdk.js'],
    ] as const) {
      const res = await new Promise<{ encoding?: string; bytes: number; vary?: string }>((resolve, reject) => {
        const url = new URL(path, h.api.baseUrl);
        const req = httpGet(url, { headers: { 'accept-encoding': encoding } }, (r) => {
          let bytes = 0;
          r.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
          });
          r.on('end', () => resolve({ encoding: r.headers['content-encoding'], bytes, vary: r.headers.vary }));
        });
        req.on('error', reject);
      });
      expect(res.encoding, path).toBe(encoding);
      expect(res.vary, path).toMatch(/accept-encoding/i);
      // The budget for the browser bundle: 50 KB compressed.
      expect(res.bytes, path).toBeLessThan(50 * 1024);
    }
    expect((await get('/sdk/missing.js')).status).toBe(404);
  });

  it('serves the page scripts and styles with their content types', async () => {
    for (const [path, type] of [
      ['/demo/app.js', /^text\/javascript/],
      ['/demo/sections/tickets.js', /^text\/javascript/],
      ['/demo/demo.css', /^text\/css/],
      ['/demo/favicon.svg', /^image\/svg\+xml/],
    ] as const) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(type);
    }
  });

  it('serves nothing else from the disk', async () => {
    for (const path of ['/demo/..%2Fpackage.json', '/demo/sections/..%2F..%2Fsrc%2Fmain.ts', '/demo/index.html', '/demo/missing.js', '/demo/.env']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
    }
  });

  it('sets a CSP on the page that allows its own scripts, the same-host WebSocket and data: images only', async () => {
    const res = await get('/demo');
    const csp = cspDirectives(res.headers.get('content-security-policy'));
    const host = new URL(h.api.baseUrl).host;
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('script-src-attr')).toEqual(["'none'"]);
    expect(csp.get('connect-src')).toEqual(expect.arrayContaining(["'self'", `ws://${host}`, `wss://${host}`]));
    expect(csp.get('img-src')).toEqual(expect.arrayContaining(["'self'", 'data:']));
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'self'"]);
    // The bundle is covered by the same policy.
    expect((await get('/demo/paiecashfan-sdk.js')).headers.get('content-security-policy')).toBe(res.headers.get('content-security-policy'));
  });

  it('keeps the API routes on the global helmet policy', async () => {
    const api = cspDirectives((await get('/api/health')).headers.get('content-security-policy'));
    expect(api.has('upgrade-insecure-requests')).toBe(true);
    expect(api.get('connect-src') ?? []).not.toEqual(expect.arrayContaining([expect.stringMatching(/^ws:/)]));
  });

  it('names the bucket origins the page may upload to and preview from', () => {
    expect(storageOrigins({ R2_ENDPOINT_URL: 'http://127.0.0.1:9000', R2_PUBLIC_URL: 'http://127.0.0.1:9000/assets', R2_FORCE_PATH_STYLE: 'true' })).toEqual([
      'http://127.0.0.1:9000',
    ]);
    expect(storageOrigins({ R2_ACCOUNT_ID: 'abc123', R2_PUBLIC_URL: 'https://cdn.example.com/files' })).toEqual([
      'https://abc123.r2.cloudflarestorage.com',
      'https://*.abc123.r2.cloudflarestorage.com',
      'https://cdn.example.com',
    ]);
    expect(storageOrigins({ R2_ENDPOINT_URL: 'not a url' })).toEqual([]);
    expect(storageOrigins({})).toEqual([]);
  });

  it('answers 503 with the command to run when the SDK bundle was never built', async () => {
    const app = Fastify();
    registerSecurityHeaders(app);
    await registerDemoPage(app, { sdkBundlePath: join(tmpdir(), `missing-${Date.now()}`, 'paiecashfan-sdk.js') });
    try {
      const page = await app.inject({ method: 'GET', url: '/demo' });
      expect(page.statusCode).toBe(503);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.body).toContain('pnpm turbo run generate --filter @platform/client');
      const bundle = await app.inject({ method: 'GET', url: '/demo/paiecashfan-sdk.js' });
      expect(bundle.statusCode).toBe(503);
      expect(bundle.json()).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE', status: 503 } });
    } finally {
      await app.close();
    }
  });
});
