import { createContext, runInContext } from 'node:vm';
import { uniqueNamespace } from '@platform/testkit';
import { adminSession } from '@platform/testkit/admin';
import { startPlatform, type TestPlatform } from '@platform/testkit/platform';
import PaieCashFanAPIClient from '@platform/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript copied from the seed, without types
import { methodList, reactLoadBalance, vanilla, widget } from '../seeds/003-examples.js';

/**
 * Seed 003's usage examples, unchanged, against the whole platform: the
 * classic script the gateway serves at /sdk/client.js in a page-like context
 * (its own globals, localStorage, window.parent), and the package's default
 * export for the method list. The only substitution is the seed's
 * http://localhost:3000 for the test gateway.
 */
// A step's own budget: a loaded 2-core machine answers slowly (never a timed assertion).
const STEP_MS = 240_000;

describe('seed 003: the JavaScript client as the seed uses it', () => {
  const namespace = uniqueNamespace('s003');
  let platform: TestPlatform;
  let admin: { token: string };
  let page: Record<string, any>;
  const logged: unknown[][] = [];
  const posted: Array<{ message: any; target: string }> = [];

  /** Runs seed code in the page, as the body of an async function; returns what `tail` evaluates to. */
  const runInPage = (code: string, tail = 'undefined') =>
    runInContext(`(async () => {\n${code.replaceAll('http://localhost:3000', platform.api.baseUrl)}\nreturn ${tail};\n})()`, page) as Promise<any>;

  async function adminPost(path: string, body: unknown, expected = 201) {
    const send = () => platform.api.request(path.startsWith('PUT ') ? 'PUT' : 'POST', path.replace(/^PUT /, ''), { body, token: admin.token });
    // Setup, not the behaviour under test: a service too busy to answer in time (504) on a loaded machine is asked again.
    let res = await send();
    for (let attempt = 0; attempt < 3 && res.status === 504; attempt++) res = await send();
    if (res.status !== expected) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  const premiumMatch = (id: string, title: string) => ({
    id,
    clubId: 'psg',
    title,
    venue: 'Parc des Princes',
    startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    categories: [
      { code: 'standard', name: 'Standard', price: '45.00', capacity: 100 },
      { code: 'premium', name: 'Premium', price: '89.99', capacity: 100 },
    ],
  });

  beforeAll(async () => {
    platform = await startPlatform(namespace);
    admin = await adminSession(platform.api, namespace);
    // The events the examples buy: 'event-1' (vanilla) and '1' (widget), premium at 89.99.
    await adminPost('/api/tickets/admin/events', premiumMatch('event-1', 'PSG - OM'));
    await adminPost('/api/tickets/admin/events', premiumMatch('1', 'PSG - OL'));
    // The seed's user, with money for two premium seats.
    const user = await platform.api.register({ email: 'user@example.com', password: 'password123', name: 'Utilisateur Exemple' });
    const deposit = await platform.api.post('/api/wallet/deposit', { amount: '300.00' }, user.token);
    expect(deposit.status).toBe(200);

    // A page that included <script src="/sdk/client.js">, served by the gateway itself.
    const storage = new Map<string, string>();
    page = {
      console: { log: (...args: unknown[]) => logged.push(args), error: console.error },
      fetch,
      Headers,
      Request,
      Response,
      URL,
      URLSearchParams,
      AbortController,
      TextEncoder,
      Blob,
      crypto,
      atob,
      btoa,
      setTimeout,
      clearTimeout,
      location: { origin: platform.api.baseUrl, href: `${platform.api.baseUrl}/app` },
      localStorage: {
        getItem: (key: string) => storage.get(key) ?? null,
        setItem: (key: string, value: string) => storage.set(key, value),
        removeItem: (key: string) => storage.delete(key),
      },
      parent: { postMessage: (message: unknown, target: string) => posted.push({ message, target }) },
    };
    page.window = page;
    page.self = page;
    createContext(page);
    const script = await fetch(`${platform.api.baseUrl}/sdk/client.js`);
    expect(script.status).toBe(200);
    runInContext(await script.text(), page);
  }, 600_000);

  afterAll(async () => {
    await platform?.stop();
  }, 120_000);

  it(
    'defines window.PaieCashFanAPIClient from the classic script',
    () => {
      expect(typeof page.PaieCashFanAPIClient).toBe('function');
    },
    STEP_MS,
  );

  it(
    'runs the vanilla example: `const { token } = await api.login(…)`, `const { balance } = …`, purchaseTicket(eventId, category, price)',
    async () => {
      const { token, balance, ticket } = await runInPage(vanilla, '{ token, balance, ticket }');
      expect(typeof token).toBe('string');
      expect(token.split('.')).toHaveLength(3);
      expect(balance).toBe(300);
      expect(logged).toContainEqual(['Solde:', 300]);
      expect(ticket).toMatchObject({ eventId: 'event-1', category: 'premium' });
      expect(logged.find(([label]) => label === 'Billet acheté:')?.[1]).toEqual(ticket);
      page.token = token; // the widget example reads the page's `token`
    },
    STEP_MS,
  );

  it(
    "runs the widget's raw fetch purchase and notifies the parent",
    async () => {
      await runInPage(widget, 'handlePurchase()');
      expect(posted).toHaveLength(1);
      expect(posted[0]!.target).toBe('*');
      expect(posted[0]!.message.type).toBe('TICKET_PURCHASED');
      expect(posted[0]!.message.data).toMatchObject({ eventId: '1', category: 'premium' });
    },
    STEP_MS,
  );

  it(
    'runs the React example: new PaieCashFanAPIClient() with no options reaches this origin + /api, signed in from the page',
    async () => {
      const balances: unknown[] = [];
      page.setBalance = (value: unknown) => balances.push(value);
      await runInPage(reactLoadBalance, 'loadBalance()');
      // 300 - 89.99 (vanilla) - 89.99 (widget)
      expect(balances).toEqual([120.02]);
    },
    STEP_MS,
  );

  it(
    "runs every line of the seed's method list with the package's default export",
    async () => {
      const api = new PaieCashFanAPIClient({ baseURL: `${platform.api.baseUrl}/api` });
      const friend = await platform.api.register({ name: 'Ami' });
      await adminPost('PUT /api/shop/admin/clubs/psg', { name: 'Paris Saint-Germain' }, 200);
      const product = await adminPost('/api/shop/admin/products', { clubId: 'psg', category: 'jersey', name: 'Maillot', price: '20.00', stock: 10 });
      const plan = await adminPost('/api/esim/admin/plans', { name: 'Europe 5 Go', dataMb: 5120, validityDays: 30, countries: ['FR'], price: '9.90' });
      const scope: Record<string, any> = {
        api,
        email: `fan-${namespace}@example.com`,
        password: 'password-123',
        name: 'Fan Seed',
        clubId: 'psg',
        recipientId: friend.user.id,
        amount: 10,
        planId: plan.id,
        club: 'psg',
        category: 'jersey',
        productId: product.id,
        quantity: 2,
        total: 40,
        eventId: 'event-1',
        price: 89.99,
        message: 'Allez !',
      };
      // What the seed's app had done before some lines (money in the wallet, a conversation to answer).
      const before: Record<string, () => Promise<void>> = {
        'await api.sendMoney(recipientId, amount);': async () => {
          await api.call('wallet.deposit', { amount: 200 });
        },
        'await api.sendMessage(conversationId, message);': async () => {
          const { message } = await api.sendMessageToUser(friend.user.id, 'Salut');
          scope.conversationId = message.conversationId;
        },
        // The seed names the shop's and the tickets' category alike.
        'await api.purchaseTicket(eventId, category, price);': async () => {
          scope.category = 'premium';
        },
      };
      const lines = (methodList as string).split('\n').filter((line) => line.startsWith('await api.'));
      expect(lines).toHaveLength(18);
      for (const line of lines) {
        await before[line]?.();
        const names = Object.keys(scope); // after the setup, which may add a variable (conversationId)
        const run = new Function(...names, `return (async () => { return ${line.replace(/;$/, '')}; })();`);
        const result = await run(...names.map((n) => scope[n])).catch((error: Error) => {
          throw new Error(`${line} failed: ${error.message}`);
        });
        expect(result, line).toBeDefined();
      }
    },
    STEP_MS,
  );
});
