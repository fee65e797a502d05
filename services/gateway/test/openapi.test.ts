import { allOperations, type Operation } from '@platform/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startTestGateway } from './harness.js';

const routed = allOperations.filter((op) => op.http);
const bodyMethods = new Set(['POST', 'PUT', 'PATCH']);

const EXPECTED_SECURITY: Record<Operation['auth'], unknown> = {
  public: [],
  user: [{ bearerAuth: [] }],
  admin: [{ bearerAuth: [] }],
  'optional-user': [{}, { bearerAuth: [] }],
  'api-key': [{ apiKey: [] }],
  'admin-or-api-key': [{ bearerAuth: [] }, { apiKey: [] }],
  internal: undefined,
};

const pathParams = (op: Operation) => [...op.http!.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]);

describe('API docs (/docs) generated from the contracts', () => {
  let h: GatewayHarness;
  let doc: any;
  const entryOf = (op: Operation) => doc.paths[op.http!.path.replace(/:([A-Za-z_]+)/g, '{$1}')]?.[op.http!.method.toLowerCase()];

  beforeAll(async () => {
    h = await startTestGateway();
    const res = await h.api.get('/docs/json');
    expect(res.status).toBe(200);
    doc = res.body;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('lists every HTTP operation of the contracts', () => {
    const missing = routed.filter((op) => !entryOf(op)).map((op) => op.name);
    expect(missing).toEqual([]);
  });

  it('states the security requirement of every route: bearer JWT, X-API-Key, or none', () => {
    const wrong = routed.filter((op) => JSON.stringify(entryOf(op).security) !== JSON.stringify(EXPECTED_SECURITY[op.auth])).map((op) => op.name);
    expect(wrong).toEqual([]);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-API-Key' });
  });

  it('shows the contract example as the success response of every route', () => {
    const wrong = routed
      .filter((op) => {
        const response = entryOf(op).responses[String(op.http!.successStatus ?? 200)];
        const shown = response?.content?.['application/json']?.example;
        return shown === undefined || JSON.stringify(shown) !== JSON.stringify(op.examples?.output);
      })
      .map((op) => op.name);
    expect(wrong).toEqual([]);
  });

  it('shows a request example for every route that takes input: body, path and query parameters', () => {
    const gaps: string[] = [];
    for (const op of routed) {
      const entry = entryOf(op);
      const example = (op.examples?.input ?? {}) as Record<string, unknown>;
      const params: any[] = entry.parameters ?? [];
      for (const name of pathParams(op)) {
        const shown = params.find((p) => p.in === 'path' && p.name === name)?.example;
        if (shown === undefined || shown !== example[name]) gaps.push(`${op.name}: path ${name}`);
      }
      const rest = Object.entries(example).filter(([key]) => !pathParams(op).includes(key));
      if (bodyMethods.has(op.http!.method)) {
        const shown = entry.requestBody?.content?.['application/json']?.example;
        if ((entry.requestBody || rest.length) && (shown === undefined || JSON.stringify(shown) !== JSON.stringify(Object.fromEntries(rest)))) {
          gaps.push(`${op.name}: body`);
        }
      } else {
        for (const [name, value] of rest) {
          if (params.find((p) => p.in === 'query' && p.name === name)?.example !== value) gaps.push(`${op.name}: query ${name}`);
        }
      }
    }
    expect(gaps).toEqual([]);
  });

  it('documents errors in each route’s own style and the Idempotency-Key header where it applies', () => {
    const byName = (name: string) => entryOf(routed.find((op) => op.name === name)!);
    expect(byName('wallet.send').responses['400'].content['application/json'].example).toMatchObject({
      error: { code: 'VALIDATION_FAILED', status: 400, field: 'amount' },
    });
    expect(byName('wallet.send').responses['401']).toBeDefined();
    expect(byName('bookings.createReservation').responses['400'].content['application/json'].example).toMatchObject({
      success: false,
      code: 'VALIDATION_FAILED',
    });
    expect(byName('gateway.listUsers').responses['403']).toBeDefined();
    const withoutKeyHeader = routed
      .filter((op) => op.idempotent && !entryOf(op).parameters?.some((p: any) => p.in === 'header' && p.name === 'idempotency-key'))
      .map((op) => op.name);
    expect(withoutKeyHeader).toEqual([]);
  });

  it('renders Swagger UI as HTML at /docs', async () => {
    const res = await fetch(`${h.api.baseUrl}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toMatch(/swagger-ui/i);
  });
});
