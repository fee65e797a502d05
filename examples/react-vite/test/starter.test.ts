import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot, uniqueNamespace } from '@platform/testkit';
import { adminSession } from '@platform/testkit/admin';
import { startPlatform, type TestPlatform } from '@platform/testkit/platform';
import { launchChromium } from '@platform/browser-tests/chromium';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const WAIT_MS = 60_000;
// A step's own budget: a loaded 2-core machine answers slowly (never a timed assertion).
const STEP_MS = 240_000;
const exampleDir = fileURLToPath(new URL('..', import.meta.url));
const CONTENT_TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

/** The example's own package.json versions, for the outside project (which installs from the npm registry). */
const examplePackage = JSON.parse(readFileSync(join(exampleDir, 'package.json'), 'utf8'));

/**
 * The SDK as an outside developer gets it (issue 17 §1, §2): `npm pack` of
 * packages/client, installed with npm into a fresh Vite + React + TypeScript
 * project outside the repository (this starter's sources, copied), type-checked
 * and built there, served from its own origin (on the gateway's CORS list, as
 * docs/first-10-minutes.md shows), and used in Chromium against the whole
 * platform: sign in, deposit "12,50", buy a ticket and see its QR code, pay a
 * cart, see an empty cart refused in French, and receive a chat message live.
 */
describe('the starter app, built from the SDK tarball, in Chromium', () => {
  const namespace = uniqueNamespace('rv');
  let platform: TestPlatform;
  let staticServer: Server;
  let appOrigin: string;
  let browser: Browser;
  let page: Page;
  let outside: string;
  const fan = { email: `fan-${namespace}@example.com`, password: 'password-123', name: 'Fan Starter' };
  let friend: { token: string; user: { id: string } };
  let productId: string;

  beforeAll(async () => {
    outside = mkdtempSync(join(tmpdir(), 'starter-'));
    // 1. npm pack: the tarball a registry would serve.
    const clientDir = join(repoRoot, 'packages/client');
    const tarball = execFileSync('npm', ['pack', '--pack-destination', outside, '--silent'], { cwd: clientDir, encoding: 'utf8' }).trim().split('\n').pop()!;
    // 2. A fresh project outside the repository, with this starter's sources.
    const app = join(outside, 'app');
    for (const entry of ['index.html', 'vite.config.ts', 'tsconfig.json', 'src']) cpSync(join(exampleDir, entry), join(app, entry), { recursive: true });
    const dev = examplePackage.devDependencies as Record<string, string>;
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({
        name: 'outside-fan-app',
        private: true,
        type: 'module',
        dependencies: {
          '@platform/client': `file:${join(outside, tarball)}`,
          react: examplePackage.dependencies.react,
          'react-dom': examplePackage.dependencies['react-dom'],
        },
        devDependencies: { vite: dev.vite, typescript: dev.typescript, '@types/react': dev['@types/react'], '@types/react-dom': dev['@types/react-dom'] },
      }),
    );
    const npm = (args: string[], env: Record<string, string> = {}) =>
      execFileSync('npm', args, { cwd: app, stdio: 'pipe', env: { ...process.env, ...env }, encoding: 'utf8' });
    npm(['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error']);
    // Type-checks against the package's own .d.ts (no TypeScript source of the SDK is installed).
    npm(['exec', '--', 'tsc', '--noEmit', '-p', '.']);
    // 3. Served from its own origin, which the gateway must list in CORS_ORIGINS.
    staticServer = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://x').pathname;
      const file = join(app, 'dist', path === '/' || !extname(path) ? 'index.html' : path);
      try {
        response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
      } catch {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => staticServer.listen(0, '127.0.0.1', resolve));
    appOrigin = `http://127.0.0.1:${(staticServer.address() as { port: number }).port}`;
    platform = await startPlatform(namespace, { serviceEnv: { gateway: { CORS_ORIGINS: appOrigin } } });
    // What the fan can buy, and a friend to chat with.
    const admin = await adminSession(platform.api, namespace);
    const asAdmin = (path: string, body: unknown) => platform.api.post(path, body, admin.token);
    const startsAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    expect(
      (
        await asAdmin('/api/tickets/admin/events', {
          id: `m-${namespace}`,
          clubId: 'psg',
          title: 'OM - OL',
          venue: 'Vélodrome',
          startsAt,
          categories: [{ code: 'standard', name: 'Standard', price: '25.00', capacity: 10 }],
        })
      ).status,
    ).toBe(201);
    expect((await platform.api.request('PUT', '/api/shop/admin/clubs/psg', { body: { name: 'Paris Saint-Germain' }, token: admin.token })).status).toBe(200);
    const product = await asAdmin('/api/shop/admin/products', { clubId: 'psg', category: 'jersey', name: 'Maillot', price: '20.00', stock: 5 });
    expect(product.status).toBe(201);
    productId = product.body.id;
    await platform.api.register({ ...fan });
    friend = await platform.api.register({ name: 'Ami Supporter' });

    // 4. Build with the installed package, pointed at this gateway.
    npm(['exec', '--', 'vite', 'build', '--logLevel', 'error'], { VITE_API_URL: platform.api.baseUrl });

    // The build takes minutes on a busy machine: a pooled connection to the gateway may have been closed meanwhile (EPIPE on reuse).
    for (let attempt = 0; attempt < 3; attempt++) {
      if (
        await fetch(`${platform.api.baseUrl}/api/health`).then(
          (res) => res.ok,
          () => false,
        )
      )
        break;
    }

    browser = await launchChromium();
    const context = await browser.newContext();
    context.setDefaultTimeout(WAIT_MS);
    page = await context.newPage();
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
    staticServer?.close();
    if (outside) rmSync(outside, { recursive: true, force: true });
  }, 120_000);

  it(
    'installed the tarball: the package ships built ESM and declarations, no TypeScript sources',
    () => {
      const installed = join(outside, 'app', 'node_modules', '@platform', 'client');
      const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
      expect(pkg.exports['.']).toMatchObject({ types: './dist/index.d.ts', import: './dist/index.js' });
      expect(readdirSync(installed)).not.toContain('src');
      // The browser bundle of the built app: the SDK without any contract schema.
      const assets = readdirSync(join(outside, 'app', 'dist', 'assets'));
      const bundle = assets.map((name) => readFileSync(join(outside, 'app', 'dist', 'assets', name), 'utf8')).join('\n');
      expect(bundle).toContain('/api/wallet/balance');
      expect(bundle).not.toMatch(/ZodError|\$ZodType/);
    },
    STEP_MS,
  );

  it(
    'signs in and deposits a French amount',
    async () => {
      await page.goto(appOrigin);
      await page.fill('input[name="email"]', fan.email);
      await page.fill('input[name="password"]', fan.password);
      await page.click('button[type="submit"]');
      await expect.poll(() => page.textContent('[data-testid="signed-in-as"]'), { timeout: WAIT_MS }).toBe(fan.name);
      await page.fill('input[name="amount"]', '12,50');
      await page.click('text=Déposer');
      await expect.poll(() => page.textContent('[data-testid="balance"]'), { timeout: WAIT_MS }).toMatch(/^12,50\s€$/);
      await page.fill('input[name="amount"]', '100');
      await page.click('text=Déposer');
      await expect.poll(() => page.textContent('[data-testid="balance"]'), { timeout: WAIT_MS }).toMatch(/^112,50\s€$/);
    },
    STEP_MS,
  );

  it(
    'stays signed in across a reload (the SDK keeps the session)',
    async () => {
      await page.reload();
      await expect.poll(() => page.textContent('[data-testid="signed-in-as"]'), { timeout: WAIT_MS }).toBe(fan.name);
    },
    STEP_MS,
  );

  it(
    'buys a ticket and shows its QR code',
    async () => {
      await page.click(`[data-testid="buy-m-${namespace}-standard"]`);
      const qr = page.locator('img[data-testid="ticket-qr"]');
      await qr.waitFor({ state: 'visible' });
      expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
      await expect.poll(() => page.textContent('[data-testid="balance"]'), { timeout: WAIT_MS }).toMatch(/^87,50\s€$/);
    },
    STEP_MS,
  );

  it(
    'pays a cart, then refuses an empty one in French',
    async () => {
      await page.click(`[data-testid="add-${productId}"]`);
      await expect.poll(() => page.textContent('[data-testid="cart-summary"]'), { timeout: WAIT_MS }).toMatch(/1 article/);
      await page.click('[data-testid="checkout"]');
      await expect.poll(() => page.textContent('[data-testid="shop-notice"]'), { timeout: WAIT_MS }).toBe('Commande payée, merci !');
      await page.click('[data-testid="checkout"]');
      await expect.poll(() => page.textContent('[data-testid="shop-error"]'), { timeout: WAIT_MS }).toBe('Votre panier est vide');
    },
    STEP_MS,
  );

  it(
    'receives a message live through the realtime hook, with the sender named',
    async () => {
      // Polled with its text, so a failure shows why it is not live (the hook's French error).
      const realtime = page.locator('[data-testid="realtime-status"]');
      await expect.poll(async () => `${await realtime.getAttribute('data-status')}: ${await realtime.textContent()}`, { timeout: WAIT_MS }).toMatch(/^live:/);
      const me = await page.evaluate(() => JSON.parse(localStorage.getItem('paiecashfan.session') ?? 'null'));
      expect(me?.token).toBeTruthy();
      const { body: profile } = await platform.api.get('/api/auth/me', me.token);
      const sent = await platform.api.post('/api/social/messages', { recipientId: profile.id, message: 'Tu viens au match ?' }, friend.token);
      expect(sent.status).toBe(201);
      await expect.poll(() => page.textContent('[data-testid="messages"]'), { timeout: WAIT_MS }).toContain('Tu viens au match ?');
      await expect.poll(() => page.textContent('[data-testid="messages"]'), { timeout: WAIT_MS }).toContain('Ami Supporter');
    },
    STEP_MS,
  );

  it(
    'in the browser, a refused realtime connection rejects with 401 and an unreachable server names CORS',
    async () => {
      // A string, not a function: the test runner would rewrite a function's dynamic import() for Node.
      const outcome: { refused: unknown; unreachable: { status: number; code: string; message: string } | null } = await page.evaluate(`(async () => {
      const sdk = await import('${platform.api.baseUrl}/sdk/paiecashfan-sdk.js');
      const refused = await new sdk.PaieCashFanAPIClient({ baseURL: '${platform.api.baseUrl}', session: { token: 'a.b.c', refreshToken: 'x' }, persistSession: false })
        .connectRealtime({ reconnect: false })
        .then(() => null, (error) => ({ status: error.status, code: error.code }));
      const unreachable = await new sdk.PaieCashFanAPIClient({ baseURL: 'http://127.0.0.1:9', persistSession: false }).health()
        .then(() => null, (error) => ({ status: error.status, code: error.code, message: error.message }));
      return { refused, unreachable };
    })()`);
      expect(outcome.refused).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
      expect(outcome.unreachable).toMatchObject({ status: 0, code: 'NETWORK_ERROR' });
      expect(outcome.unreachable!.message).toMatch(/CORS/);
    },
    STEP_MS,
  );
});
