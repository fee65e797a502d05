import { uniqueNamespace } from '@platform/testkit';
import { adminSession } from '@platform/testkit/admin';
import { startPlatform, type TestPlatform } from '@platform/testkit/platform';
import { decodeQrPng } from '@platform/testkit/qr';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowBrowserUploads } from '../src/bucket-cors.js';
import { createDemoCatalogue, type DemoCatalogue } from '../src/catalogue.js';
import { launchChromium } from '../src/chromium.js';
import { recordPageLog, saveArtifactsOnFailure } from '../src/failure-artifacts.js';

const STEP_TIMEOUT_MS = 180_000;
// Playwright's waits: a loaded 2-core machine can take a while to answer, never a timed assertion.
const WAIT_MS = 60_000;
/** One read call of every section: each must answer through the SDK (a renamed SDK method would show CLIENT_ERROR). */
const READ_BUTTONS = [
  ...['#health-button', '#stats-button', '#me-button', '#transactions-button', '#esim-plans-button', '#esim-active-button'],
  ...['#products-submit', '#cart-button', '#my-tickets-button', '#conversations-button', '#feed-button'],
  ...['#ai-recommendations-button', '#ai-insights-button', '#ai-predictions-button', '#my-bookings-button'],
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The /demo page driven in Debian's Chromium against the real platform:
 * a fan registers, deposits, buys a ticket (its QR code decodes to the signed
 * token), messages a second fan whose browser shows it live over the
 * WebSocket, books a slot, uploads a real file to the bucket, and every other
 * section's read calls answer. Steps share one browser and run in order.
 */
describe('the demo page in a real browser', () => {
  const namespace = uniqueNamespace('br');
  let platform: TestPlatform;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pages = new Map<string, { page: Page; log: string[] }>();
  let catalogue: DemoCatalogue;
  let fan: Page;
  let fanId: string;
  let ticketQrPng: Buffer;

  /** Screenshots and logs of every open page if the current step fails. */
  const captureFailure = () =>
    saveArtifactsOnFailure(
      () => pages,
      () => platform.output(),
    );

  async function openDemo(name: string): Promise<Page> {
    const context = await browser.newContext();
    context.setDefaultTimeout(WAIT_MS);
    contexts.push(context);
    const page = await context.newPage();
    pages.set(name, { page, log: recordPageLog(page) });
    await page.goto(`${platform.api.baseUrl}/demo`);
    await page.locator('[data-testid="page-status"][data-state="ready"]').waitFor();
    return page;
  }

  beforeAll(async () => {
    platform = await startPlatform(namespace);
    await allowBrowserUploads(platform.bucket, new URL(platform.api.baseUrl).origin);
    const admin = await adminSession(platform.api, namespace);
    catalogue = await createDemoCatalogue(platform.api, admin.token, namespace);
    browser = await launchChromium();
  }, 600_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await platform?.stop();
  }, 120_000);

  it(
    'registers a new fan and deposits money',
    async () => {
      captureFailure();
      fan = await openDemo('fan');
      await fan.fill('#register-email', `fan-${namespace}@example.com`);
      await fan.fill('#register-password', 'password-123');
      await fan.fill('#register-name', 'Fan Navigateur');
      await fan.click('#register-submit');
      await expect.poll(() => fan.textContent('#session-user-id'), { timeout: WAIT_MS }).toMatch(UUID);
      fanId = (await fan.textContent('#session-user-id'))!;

      // A French amount, as a French user types it.
      await fan.fill('#deposit-amount', '150,00');
      await fan.click('#deposit-submit');
      await fan.locator('#wallet-balance[data-balance-minor="15000"]').waitFor();
      expect(await fan.locator('[data-testid="response-latest"]').getAttribute('data-outcome')).toBe('ok');
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'buys a ticket and shows its QR code, which decodes to the signed token',
    async () => {
      captureFailure();
      await fan.fill('#events-club', 'psg');
      await fan.click('#events-submit');
      await fan.click(`[data-testid="buy-ticket"][data-event-id="${catalogue.eventId}"][data-category="standard"]`);

      const qr = fan.locator('img[data-testid="ticket-qr"]');
      await qr.waitFor({ state: 'visible' });
      const src = await qr.getAttribute('src');
      expect(src).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]{100,}={0,2}$/);
      const token = (await fan.textContent('#ticket-qr-token'))!.trim();
      expect(token.length).toBeGreaterThan(0);
      // What a gate scanner would read from the screen is the token the API signed.
      expect(decodeQrPng(src!)).toBe(token);
      ticketQrPng = Buffer.from(src!.split(',')[1]!, 'base64');
      expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

      await fan.click('#balance-button');
      await fan.locator('#wallet-balance[data-balance-minor="12500"]').waitFor();
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'activates an eSIM, showing its QR code, and pays a cart from the wallet',
    async () => {
      captureFailure();
      await fan.click('#esim-plans-button');
      await fan.click(`[data-plan-id="${catalogue.planId}"] [data-testid="activate-esim"]`);
      const qr = fan.locator('img[data-testid="esim-qr"]');
      await qr.waitFor({ state: 'visible' });
      const activationCode = (await fan.textContent('#esim-activation-code'))!;
      expect(activationCode).toMatch(/^LPA:1\$[^$]+\$.+/);
      expect(decodeQrPng((await qr.getAttribute('src'))!)).toBe(activationCode);

      await fan.click('#products-submit');
      await fan.click(`[data-product-id="${catalogue.productId}"] [data-testid="add-to-cart"]`);
      await expect.poll(() => fan.textContent('#cart-summary'), { timeout: WAIT_MS }).toMatch(/^1 article/);
      await fan.click('#checkout-button');
      await expect.poll(() => fan.textContent('#cart-summary'), { timeout: WAIT_MS }).toMatch(/^0 article/);
      // Checking out the now empty cart shows the server's "cart is empty", and its French text.
      await fan.click('#checkout-button');
      const refused = fan.locator('#response-log li[data-label="checkout(total)"][data-outcome="error"]');
      await refused.first().waitFor();
      expect(await refused.first().textContent()).toMatch(/cart is empty/);
      expect(await refused.first().textContent()).toContain('Votre panier est vide');
      // 125.00 - 9.90 (eSIM) - 20.00 (jersey)
      await fan.click('#balance-button');
      await fan.locator('#wallet-balance[data-balance-minor="9510"]').waitFor();
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'shows a message in a second browser context as it is sent, without a reload',
    async () => {
      captureFailure();
      const friend = await platform.api.register({ email: `friend-${namespace}@example.com`, name: 'Ami Navigateur' });
      const friendPage = await openDemo('friend');
      await friendPage.fill('#login-email', friend.user.email);
      await friendPage.fill('#login-password', 'password-123');
      await friendPage.click('#login-submit');
      await expect.poll(() => friendPage.textContent('#session-user-id'), { timeout: WAIT_MS }).toBe(friend.user.id);
      await friendPage.locator('[data-testid="realtime-status"][data-state="online"]').waitFor();
      // Survives only if the page is never reloaded or navigated away.
      await friendPage.evaluate(() => {
        (window as unknown as { sameDocument: boolean }).sameDocument = true;
      });

      const text = `Rendez-vous au Parc ce soir ? ${namespace}`;
      await fan.fill('#message-recipient', friend.user.id);
      await fan.fill('#message-text', text);
      await fan.click('#message-submit');

      const received = friendPage.locator('#social-live li', { hasText: text });
      await received.waitFor();
      expect(await received.count()).toBe(1);
      // People by name, not by id: the sender's name comes from the conversation.
      await expect.poll(() => received.textContent(), { timeout: WAIT_MS }).toContain('Fan Navigateur');
      expect(await received.textContent()).not.toContain(fanId);
      expect(await received.locator('[data-sender-id]').getAttribute('data-sender-id')).toBe(fanId);
      expect(await friendPage.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'books a free slot after checking availability',
    async () => {
      captureFailure();
      const date = await fan.inputValue('#booking-date');
      const service = await fan.inputValue('#booking-service');
      await fan.click('#slots-submit');
      const freeSlot = fan.locator('[data-testid="book-slot"]:not([disabled])').first();
      const slot = (await freeSlot.getAttribute('data-slot'))!;
      await freeSlot.click();

      const confirmation = fan.locator('[data-testid="booking-confirmation"]');
      await confirmation.waitFor({ state: 'visible' });
      expect(await confirmation.getAttribute('data-booking-id')).toMatch(/^[0-9a-f]{24}$/);
      expect(await confirmation.textContent()).toContain(slot);
      // The page re-reads availability: the booked slot is now taken, for everyone.
      await fan.locator(`[data-testid="book-slot"][data-slot="${slot}"][disabled]`).waitFor();
      const occupied = await platform.api.get(`/api/bookings/occupied-slots?date=${date}&service=${encodeURIComponent(service)}`);
      expect(occupied.body.occupied_slots).toContain(slot);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'uploads a real file from the file input to the bucket and previews it',
    async () => {
      captureFailure();
      // The ticket's QR code PNG, as a fan would upload a photo of it.
      await fan.setInputFiles('#upload-file', { name: 'mon-billet.png', mimeType: 'image/png', buffer: ticketQrPng });
      await fan.click('#upload-submit');

      const result = fan.locator('[data-testid="upload-result"]');
      await result.waitFor({ state: 'visible' });
      expect(await result.getAttribute('data-object-id')).toMatch(UUID);
      const key = (await result.getAttribute('data-key'))!;
      expect(key).toMatch(new RegExp(`^uploads/${fanId}/[0-9a-f-]{36}-mon-billet\\.png$`));
      // Private by default: registered into the private bucket.
      expect((await platform.bucket.private.bytes(key)).equals(ticketQrPng)).toBe(true);

      // The preview comes straight from the bucket: the page's CSP allows the storage origin for images.
      const preview = fan.locator('img[data-testid="upload-preview"]');
      await preview.waitFor({ state: 'visible' });
      await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: WAIT_MS }).toBeGreaterThan(0);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "answers every section's read calls through the SDK without an error",
    async () => {
      captureFailure();
      const log = fan.locator('#response-log > li');
      const before = await log.count();
      for (const button of READ_BUTTONS) {
        await fan.click(button);
        // Each button stays disabled while its call runs.
        await fan.locator(`${button}:not([disabled])`).waitFor();
      }
      const calls = await log.evaluateAll((items) =>
        items.map((item) => ({
          label: (item as HTMLElement).dataset.label,
          outcome: (item as HTMLElement).dataset.outcome,
          shown: item.querySelector('pre')?.textContent,
        })),
      );
      const made = calls.slice(0, calls.length - before);
      expect(made).toHaveLength(READ_BUTTONS.length);
      expect(made.filter((call) => call.outcome !== 'ok')).toEqual([]);
      expect(await fan.locator('[data-testid="my-tickets"] li').count()).toBe(1);
    },
    STEP_TIMEOUT_MS,
  );

  it('broke no Content-Security-Policy rule and threw no uncaught error along the way', () => {
    const problems = [...pages.values()].flatMap(({ log }) => log.filter((line) => /Content Security Policy|\[pageerror\]/.test(line)));
    expect(problems).toEqual([]);
  });
});
