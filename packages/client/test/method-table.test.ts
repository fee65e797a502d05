import { describe, expect, it } from 'vitest';
import { routeTable } from '../scripts/generate-routes.js';
import { PaieCashFanAPIClient, ROUTES, SEED_METHODS } from '../src/index.js';

/** Seed 003's client, as its document lists it: name and argument order. */
const SEED_003 = {
  register: ['email', 'password', 'name', 'clubId'],
  login: ['email', 'password'],
  getWalletBalance: [],
  sendMoney: ['recipientId', 'amount'],
  depositMoney: ['amount'],
  getESIMPlans: [],
  activateESIM: ['planId'],
  getProducts: ['club', 'category'],
  addToCart: ['productId', 'quantity'],
  checkout: ['total'],
  getEvents: ['club'],
  purchaseTicket: ['eventId', 'category', 'price'],
  getMyTickets: [],
  getConversations: [],
  sendMessage: ['conversationId', 'message'],
  getAIRecommendations: [],
  getAIInsights: [],
  getAIPredictions: [],
} as const;

describe('the method table', () => {
  it('is up to date with the contracts (pnpm --filter @platform/client generate rewrites src/generated/routes.ts)', () => {
    expect(ROUTES).toEqual(routeTable());
  });

  it("keeps every seed 003 method with the seed's argument order", () => {
    for (const [name, args] of Object.entries(SEED_003)) {
      const spec = SEED_METHODS[name as keyof typeof SEED_METHODS] as { args?: readonly string[] };
      expect(spec, name).toBeDefined();
      expect((spec.args ?? []).slice(0, args.length), name).toEqual(args.length ? args : []);
      // getESIMPlans(country?) takes an optional filter after the seed's (none).
      expect(typeof (PaieCashFanAPIClient.prototype as unknown as Record<string, unknown>)[name], name).toBe('function');
    }
  });

  it('names a routed operation in every row, and each row becomes a method', () => {
    for (const [name, spec] of Object.entries(SEED_METHODS)) {
      expect(ROUTES[spec.op], `${name} -> ${spec.op}`).toBeDefined();
      expect(Object.hasOwn(Object.getPrototypeOf(PaieCashFanAPIClient.prototype), name), name).toBe(true);
    }
  });

  it('sends positional arguments as the named input fields, the trailing object as the rest, and drops empty optional ones', async () => {
    const sent: Array<{ url: string; init: RequestInit }> = [];
    const fetch = (async (url: string, init: RequestInit) => {
      sent.push({ url, init });
      return new Response('{}', { status: 200 });
    }) as typeof globalThis.fetch;
    const api = new PaieCashFanAPIClient({ baseURL: 'http://gateway.test/api', fetch, session: { token: 't', refreshToken: 'r' } });
    await api.getProducts('', 'jersey', { limit: 5 });
    await api.sendMoney('ami@example.com', '12.50', { note: 'merci', idempotencyKey: 'key-1' });
    await api.purchaseTicket('1', 'premium', 89.99);
    expect(sent[0]!.url).toBe('http://gateway.test/api/shop/products?limit=5&category=jersey');
    expect(JSON.parse(String(sent[1]!.init.body))).toEqual({ note: 'merci', amount: '12.50', recipientEmail: 'ami@example.com' });
    expect((sent[1]!.init.headers as Record<string, string>)['idempotency-key']).toBe('key-1');
    expect(JSON.parse(String(sent[2]!.init.body))).toEqual({ eventId: '1', category: 'premium', price: 89.99 });
    expect((sent[2]!.init.headers as Record<string, string>).authorization).toBe('Bearer t');
  });

  it('defaults to http://localhost:3000 outside a browser', () => {
    expect(new PaieCashFanAPIClient().transport.baseURL).toBe('http://localhost:3000');
  });
});
