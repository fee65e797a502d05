// The user journey of `npm run test:compose`, run on the host against the
// stack's public entry: Nginx (TLS, a certificate made for this run) in front
// of the gateway container. Seed 003's client (packages/client) does what an
// app does; every step checks what it got back.
//
//   tsx infra/compose/test/journey.ts journey   register ... /docs
//   tsx infra/compose/test/journey.ts wallets   with wallet scaled to 2: both take requests
//
// Environment: BASE_URL (https://localhost:PORT), NODE_EXTRA_CA_CERTS (the
// run's certificate), ADMIN_EMAIL, ADMIN_PASSWORD, ORDERS_API_KEY, REQUEST_ID_PREFIX.
import { randomUUID } from 'node:crypto';
import { PaieCashFanAPIClient } from '@platform/client';
import { syncWorker, system } from '@platform/contracts';
import { decodeQrPng } from '@platform/testkit/qr';

const env = (name: string) => process.env[name] || fail(`${name} is not set`);
const baseURL = env('BASE_URL');
const requestIdPrefix = process.env.REQUEST_ID_PREFIX ?? 'compose-journey';

function fail(message: string): never {
  throw new Error(message);
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) fail(message);
}

const step = (message: string) => console.log(`[journey] ${message}`);

/** fetch with a request id the test can find in the gateway's log (TRUST_PROXY check in test.sh). */
let sent = 0;
const tracedFetch: typeof fetch = (input, init = {}) => {
  const headers = new Headers(init.headers);
  headers.set('x-request-id', `${requestIdPrefix}-${++sent}`);
  return fetch(input, { ...init, headers });
};

const client = (apiKey?: string) => new PaieCashFanAPIClient({ baseURL: `${baseURL}/api`, fetch: tracedFetch, apiKey });

async function adminClient() {
  const admin = client();
  await admin.login(env('ADMIN_EMAIL'), env('ADMIN_PASSWORD'));
  return admin;
}

/**
 * Registers, once more after a deadline on a busy machine: a registration
 * that timed out may have landed, so the second try signs in when it did.
 */
async function signUp(api: PaieCashFanAPIClient, email: string) {
  const password = 'compose-journey-pass-1';
  try {
    return await api.register(email, password, 'Compose Journey', 'psg');
  } catch (error) {
    if ((error as { status?: number }).status !== 503 && (error as { status?: number }).status !== 504) throw error;
    step(`register hit its deadline (${(error as Error).message}); trying again`);
    return api.register(email, password, 'Compose Journey', 'psg').catch(() => api.login(email, password));
  }
}

async function journey() {
  const fan = client(env('ORDERS_API_KEY'));
  const email = `compose-${randomUUID().slice(0, 8)}@example.com`;
  const registered = await signUp(fan, email);
  check(registered.token, 'register: no access token');
  step(`registered ${email} through Nginx (TLS)`);

  const deposit = await fan.depositMoney(200);
  const { balance } = await fan.getWalletBalance();
  check(Number(balance) === 200, `deposit: balance is ${balance}, expected 200 (deposit answered ${JSON.stringify(deposit)})`);
  step('deposited 200.00: balance 200.00');

  const { events } = (await fan.getEvents()) as {
    events: Array<{ id: string; categories: Array<{ code: string; price: number; priceMinor: number; soldOut: boolean }> }>;
  };
  const event = events.find((candidate) => candidate.categories.some((category) => !category.soldOut && category.price <= 200));
  check(event, `tickets: no seeded event with a seat at 200.00 or less (${events.length} events)`);
  const category = event.categories.find((candidate) => !candidate.soldOut && candidate.price <= 200)!;
  const ticket = (await fan.purchaseTicket(event.id, category.code, category.price)) as { id: string };
  const qr = (await fan.getTicketQR(ticket.id)) as { qrDataUrl: string; token: string };
  const decoded = decodeQrPng(qr.qrDataUrl);
  check(decoded === qr.token, `tickets: the QR code reads ${decoded.slice(0, 40)}..., not the ticket's token`);
  const after = await fan.getWalletBalance();
  const centsLeft = Math.round(Number(after.balance) * 100);
  check(centsLeft === 20_000 - category.priceMinor, `tickets: balance ${after.balance} after paying ${category.price}`);
  step(`bought a ${category.code} ticket for event ${event.id}; its QR code decodes to the ticket's signed token`);

  const snapshot = await fan.postOrdersSnapshot(`CMP${Date.now() % 1_000_000}`, [
    {
      order_id: `order_${randomUUID().slice(0, 8)}`,
      client_name: 'Compose Journey',
      items: [{ photo_id: 'IMG_0001', format: '13x18', quantity: 1 }],
      status: 'pending',
    },
  ]);
  check(snapshot.new_orders === 1 && snapshot.snapshot_version >= 1, `orders snapshot: ${JSON.stringify(snapshot)}`);
  step(`posted an orders snapshot: v${snapshot.snapshot_version} written to the bucket`);

  const bytes = new TextEncoder().encode(`compose journey ${new Date().toISOString()}\n`);
  const uploaded = (await fan.uploadFile(bytes, { name: 'journey.txt', contentType: 'application/octet-stream' })) as { object_id?: string; size?: number };
  const stored = await fan.downloadFile(uploaded.object_id!);
  check(Buffer.from(stored.bytes).equals(Buffer.from(bytes)), 'storage: the downloaded bytes differ from the uploaded ones');
  step('uploaded a file through a presigned URL to the S3 endpoint, confirmed it and read it back');

  // For test.sh's TRUST_PROXY check: a failed login is logged with the
  // client's address; this client also claims another one, which must be ignored.
  const refused = await fetch(`${baseURL}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': `${requestIdPrefix}-trust-proxy`, 'x-forwarded-for': '203.0.113.7' },
    body: JSON.stringify({ email, password: 'not-the-password-1' }),
  });
  check(refused.status === 401, `login with a wrong password answered ${refused.status}`);

  const admin = await adminClient();
  const synced = (await admin.call(syncWorker.syncTemplate, { wait: true })) as {
    success: boolean;
    run: { status: string } | null;
    data: Record<string, number>;
  };
  check(synced.success && synced.run?.status === 'succeeded', `sync: ${JSON.stringify(synced)}`);
  step(`synced the Template: ${JSON.stringify(synced.data)}`);

  const docs = await tracedFetch(`${baseURL}/docs`, { redirect: 'follow' });
  const html = await docs.text();
  check(docs.ok && /swagger|openapi/i.test(html), `/docs answered ${docs.status}`);
  const openapi = await tracedFetch(`${baseURL}/docs/json`);
  check(openapi.ok && ((await openapi.json()) as { openapi?: string }).openapi, `/docs/json answered ${openapi.status}`);
  step('opened /docs (Swagger UI) and its OpenAPI document');
}

type InstanceReport = { service: string; instance: string; operations: Record<string, number> };

/** Deposits from a fresh user, then the census: every wallet instance must have answered some. */
async function wallets() {
  const fan = client();
  await signUp(fan, `compose-scale-${randomUUID().slice(0, 8)}@example.com`);
  const deposits = 24;
  for (let i = 0; i < deposits; i++) await fan.depositMoney(1);
  const { balance } = await fan.getWalletBalance();
  check(Number(balance) === deposits, `wallets: balance ${balance} after ${deposits} deposits of 1.00`);
  const admin = await adminClient();
  const census = (await admin.call(system.instances, { waitMs: 2_000 })) as { instances: InstanceReport[] };
  const walletInstances = census.instances.filter((report) => report.service === 'wallet');
  const busy = walletInstances.filter((report) => (report.operations['wallet.deposit'] ?? 0) > 0);
  step(`wallet instances: ${walletInstances.map((report) => `${report.instance} (${report.operations['wallet.deposit'] ?? 0} deposits)`).join(', ')}`);
  check(walletInstances.length === 2, `wallets: the census lists ${walletInstances.length} wallet instances, expected 2`);
  check(busy.length === 2, 'wallets: only one wallet instance took deposits');
}

const mode = process.argv[2];
const run = mode === 'journey' ? journey : mode === 'wallets' ? wallets : fail('usage: journey.ts journey|wallets');
run().then(
  () => step(`${mode}: passed`),
  (error: unknown) => {
    console.error(`[journey] ${mode}: FAILED: ${error instanceof Error ? error.message : String(error)}`);
    if (error && typeof error === 'object' && 'body' in error) console.error(JSON.stringify((error as { body: unknown }).body));
    process.exit(1);
  },
);
