import { randomUUID } from 'node:crypto';
import type { ErrorStyle, Operation } from '@platform/contracts';
import { TEST_JWT_SECRET, uniqueNamespace } from '@platform/testkit';
import { PLATFORM_START_TIMEOUT_MS } from '@platform/testkit/commerce';
import { startPlatform, type TestPlatform } from '@platform/testkit/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hmacJwt, nowSeconds } from '../src/forged-jwt.js';
import { type HostileAnswer, type HostileRequest, sendHostile } from '../src/hostile-http.js';
import { routedOperations } from '../src/routed-operations.js';

/** Letters only French text has: an English API message never holds one (docs/api-conventions.md, "Language"). */
const FRENCH_LETTERS = /[àâçéèêëîïôûùüÿœ]/i;

/**
 * The one error contract (docs/api-conventions.md), checked on an answer:
 * - envelope: error.{code, message, field (string or null), fields: [{field, message}]}, the first of fields in field;
 * - the seeds' flat and success-flag styles: error as a string, code, fields beside it;
 * - a 429 carries retryAfter, equal to its Retry-After header.
 */
function shapeProblems(answer: HostileAnswer, style: ErrorStyle): string[] {
  const problems: string[] = [];
  const body = answer.json as Record<string, any> | undefined;
  if (!body || typeof body !== 'object') return [`not JSON: ${answer.text.slice(0, 80)}`];
  const fields = style === 'envelope' ? body.error?.fields : body.fields;
  const field = style === 'envelope' ? body.error?.field : (body.field ?? null);
  const message = style === 'envelope' ? body.error?.message : body.error;
  const code = style === 'envelope' ? body.error?.code : body.code;
  if (typeof code !== 'string') problems.push('no code');
  if (typeof message !== 'string' || !message) problems.push('no message');
  if (!Array.isArray(fields)) problems.push('no fields array');
  else {
    if (fields.some((f: any) => typeof f?.field !== 'string' || typeof f?.message !== 'string')) problems.push('a fields entry is not {field, message}');
    if (field !== null && field !== undefined && fields[0]?.field !== field) problems.push(`field ${field} is not the first of fields`);
    if ((field === null || field === undefined) !== (fields.length === 0)) problems.push('field and fields disagree');
  }
  if (style === 'envelope' && !('field' in (body.error ?? {}))) problems.push('no error.field');
  if (style === 'success-flag' && body.success !== false) problems.push('success is not false');
  if (answer.status === 429) {
    const retryAfter = style === 'envelope' ? body.error?.retryAfter : body.retryAfter;
    if (retryAfter !== Number(answer.headers.get('retry-after'))) problems.push('retryAfter does not match Retry-After');
  }
  if (style === 'envelope' && typeof message === 'string' && FRENCH_LETTERS.test(message)) problems.push(`message not in English: ${message}`);
  if (/FST_ERR/.test(answer.text)) problems.push("Fastify's internal code reached the client");
  return problems;
}

const pathOf = (op: Operation) => op.http!.path.replace(/:([A-Za-z_]+)/g, () => 'x-hostile-1');
const hasBody = (op: Operation) => !['GET', 'DELETE'].includes(op.http!.method);

/**
 * Every route the gateway serves, refused the ways a client gets refused at
 * the edge (no token, malformed JSON, input that does not fit), answers in
 * the one error shape. Only the gateway runs: these refusals never reach a
 * service, and an answer that did (503, no responder) is not a refusal to check.
 */
describe('one error shape on every route', () => {
  const namespace = uniqueNamespace('shape');
  let platform: TestPlatform;
  const token = () =>
    hmacJwt({ sub: randomUUID(), role: 'user', email: 'shape@example.com', typ: 'access', iat: nowSeconds(), exp: nowSeconds() + 3600 }, TEST_JWT_SECRET);

  beforeAll(async () => {
    platform = await startPlatform(namespace, { only: ['gateway'] });
  }, PLATFORM_START_TIMEOUT_MS);
  afterAll(async () => {
    await platform?.stop();
  });

  const send = (request: HostileRequest) => sendHostile(platform.api.baseUrl, request, 30_000);

  it('answers 401 without a token in the route’s error shape', async () => {
    const failures: string[] = [];
    for (const op of routedOperations.filter((o) => o.auth === 'user' || o.auth === 'admin')) {
      const answer = await send({ method: op.http!.method, path: pathOf(op), headers: {} });
      if (answer.status !== 401) failures.push(`${op.name}: ${answer.status}`);
      for (const problem of shapeProblems(answer, op.errorStyle ?? 'envelope')) failures.push(`${op.name}: ${problem}`);
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('answers 400 to malformed JSON, naming body, in the route’s error shape', async () => {
    const failures: string[] = [];
    for (const op of routedOperations.filter(hasBody)) {
      const answer = await send({
        method: op.http!.method,
        path: pathOf(op),
        headers: { authorization: `Bearer ${token()}`, 'content-type': 'application/json' },
        body: '{"broken":',
      });
      if (answer.status !== 400) failures.push(`${op.name}: ${answer.status}`);
      const body = answer.json as Record<string, any>;
      const field = (op.errorStyle ?? 'envelope') === 'envelope' ? body?.error?.field : body?.field;
      if (field !== 'body') failures.push(`${op.name}: field ${field}`);
      for (const problem of shapeProblems(answer, op.errorStyle ?? 'envelope')) failures.push(`${op.name}: ${problem}`);
    }
    expect(failures).toEqual([]);
  }, 300_000);

  it('answers every edge refusal of input that does not fit in the route’s error shape, naming each field', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const op of routedOperations) {
      const body = hasBody(op) ? JSON.stringify({ unexpected_hostile_field: [1, { a: 2 }] }) : undefined;
      const answer = await send({
        method: op.http!.method,
        path: `${pathOf(op)}${hasBody(op) ? '' : '?limit=not-a-number&unexpected_hostile_field=1'}`,
        headers: { authorization: `Bearer ${token()}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body,
      });
      // A 5xx reached a service this suite does not run; a 2xx is a route whose input takes anything (health, stats).
      if (answer.status >= 500 || answer.status < 400) continue;
      checked++;
      for (const problem of shapeProblems(answer, op.errorStyle ?? 'envelope')) failures.push(`${op.name}: ${problem}`);
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(routedOperations.length / 2);
  }, 300_000);
});
