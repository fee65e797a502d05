import type { AuthLevel, ErrorCode, Operation } from '@platform/contracts';
import { ERROR_STATUS } from '@platform/contracts';
import { z } from 'zod';
import { renderError } from './http-errors.js';

/**
 * The OpenAPI side of a route generated from a contract: schemas, the
 * security requirement, a request and a response example, and the error
 * shapes. Fastify never validates or serializes with these (the contract's
 * zod schemas do); they only feed /docs, so they are built when the document
 * is (openApiDocs below) rather than held by every route of every service:
 * about 2 MB of an idle gateway's heap (docs/performance.md).
 */

const AUTH_DOCS: Record<AuthLevel, { security: Array<Record<string, string[]>>; description: string }> = {
  public: { security: [], description: 'No authentication.' },
  user: { security: [{ bearerAuth: [] }], description: 'Needs an access token: `Authorization: Bearer <token>` (from POST /api/auth/login).' },
  admin: { security: [{ bearerAuth: [] }], description: 'Needs the access token of an administrator: `Authorization: Bearer <token>`.' },
  // `{}` first: OpenAPI's way to say the token may be left out.
  'optional-user': { security: [{}, { bearerAuth: [] }], description: 'Works without authentication; with an access token the caller is identified.' },
  'api-key': { security: [{ apiKey: [] }], description: 'Needs the client key in the `X-API-Key` header.' },
  'admin-or-api-key': {
    security: [{ bearerAuth: [] }, { apiKey: [] }],
    description: "Needs an administrator's access token (`Authorization: Bearer <token>`) or the service's key in the `X-API-Key` header.",
  },
  internal: { security: [], description: 'Internal: not served over HTTP.' },
};

const IDEMPOTENCY_KEY_DOC = {
  type: 'string',
  pattern: '^[A-Za-z0-9._:-]{1,200}$',
  description:
    'One value per logical request (a UUID): retrying with the same key returns the first answer instead of doing it twice. The SDK sends a fresh one per call.',
  examples: ['5b0c7f0e-2d1a-4c3b-9e8f-7a6b5c4d3e2f'],
};

const EXAMPLE_REQUEST_ID = 'req-8f14e45f';

function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> | undefined {
  try {
    const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
    return rest;
  } catch {
    return undefined;
  }
}

/** The error body of `code` in the operation's error style, as the server renders it. */
function errorResponse(op: Operation, code: ErrorCode, message: string, field?: string): Record<string, unknown> {
  const body = renderError(op.errorStyle ?? 'envelope', { code, status: ERROR_STATUS[code], message, ...(field ? { field } : {}) }, EXAMPLE_REQUEST_ID);
  return { description: `${code}: ${message}`, type: 'object', additionalProperties: true, examples: [body] };
}

/** `fields` in the order a refusal is most likely: required body or query fields, then path parameters, then the rest. */
function errorResponses(op: Operation, fields: { required: string[]; params: string[]; optional: string[] }): Record<string, unknown> {
  const responses: Record<string, unknown> = {};
  const field = fields.required[0] ?? fields.params[0] ?? fields.optional[0];
  if (field) responses[400] = errorResponse(op, 'VALIDATION_FAILED', `${field}: ${fields.required.includes(field) ? 'is required' : 'is not valid'}`, field);
  if (op.auth === 'user' || op.auth === 'admin') responses[401] = errorResponse(op, 'UNAUTHENTICATED', 'Missing or invalid access token');
  if (op.auth === 'optional-user') responses[401] = errorResponse(op, 'UNAUTHENTICATED', 'Invalid access token (send none to call anonymously)');
  if (op.auth === 'api-key') responses[401] = errorResponse(op, 'UNAUTHENTICATED', 'X-API-Key is missing or wrong');
  if (op.auth === 'admin-or-api-key') responses[401] = errorResponse(op, 'UNAUTHENTICATED', "Send an administrator's access token or X-API-Key");
  if (op.auth === 'admin' || op.auth === 'admin-or-api-key') responses[403] = errorResponse(op, 'FORBIDDEN', 'Administrators only');
  return responses;
}

const withExample = (schema: unknown, value: unknown) => (value === undefined ? schema : { ...(schema as object), examples: [value] });

export function routeSchema(op: Operation): Record<string, unknown> {
  const http = op.http!;
  const input = jsonSchemaOf(op.input, 'input');
  const example = (op.examples?.input ?? {}) as Record<string, unknown>;
  const params = [...http.path.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]);
  const auth = AUTH_DOCS[op.auth];
  const properties = (input?.type === 'object' ? (input.properties ?? {}) : {}) as Record<string, unknown>;
  const required = (input?.required ?? []) as string[];
  const schema: Record<string, unknown> = {
    summary: op.summary,
    description: [auth.description, op.idempotent ? 'Idempotent: send an `Idempotency-Key` header.' : ''].filter(Boolean).join(' '),
    tags: op.tags ?? [op.service],
    operationId: op.name,
    security: auth.security,
    response: {
      [http.successStatus ?? 200]: withExample({ description: 'Success', ...jsonSchemaOf(op.output, 'output') }, op.examples?.output),
      ...(http.redirect
        ? { 307: { description: 'Temporary Redirect: the result is too large to answer inline; `Location` is a short-lived URL of it (clients follow it)' } }
        : {}),
      ...(http.async
        ? {
            202: {
              description: 'Accepted: the work goes on; follow the `Location` header (sent with `Prefer: respond-async`, or when it outlasts the wait)',
              ...jsonSchemaOf(op.output, 'output'),
            },
          }
        : {}),
      ...errorResponses(op, {
        required: required.filter((k) => !params.includes(k)),
        params,
        optional: Object.keys(properties).filter((k) => !params.includes(k) && !required.includes(k)),
      }),
    },
  };
  if (params.length) {
    const pathProps = Object.fromEntries(params.map((p) => [p, withExample(properties[p] ?? { type: 'string' }, example[p])]));
    schema.params = { type: 'object', properties: pathProps, required: params };
  }
  const rest = Object.fromEntries(Object.entries(properties).filter(([k]) => !params.includes(k)));
  const restRequired = required.filter((k) => !params.includes(k));
  const part = { type: 'object', properties: rest, ...(restRequired.length ? { required: restRequired } : {}) };
  if (http.method === 'GET' || http.method === 'DELETE') {
    schema.querystring = { ...part, properties: Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, withExample(v, example[k])])) };
  } else {
    const bodyExample = Object.fromEntries(Object.entries(example).filter(([k]) => !params.includes(k)));
    // An input the JSON Schema cannot describe (a preprocessed body) still gets its example.
    const bodySchema = input?.type === 'object' ? part : { ...(input ?? {}) };
    if (Object.keys(rest).length || input?.type !== 'object') schema.body = withExample(bodySchema, Object.keys(bodyExample).length ? bodyExample : undefined);
  }
  const headers: Record<string, unknown> = {};
  if (op.idempotent) headers['idempotency-key'] = IDEMPOTENCY_KEY_DOC;
  if (http.async)
    headers.prefer = {
      type: 'string',
      description: '`respond-async` (RFC 7240): answer 202 at once with where to follow the work',
      examples: ['respond-async'],
    };
  if (Object.keys(headers).length) schema.headers = { type: 'object', properties: headers };
  return schema;
}

/**
 * For @fastify/swagger's `transform` option: the documentation of a route
 * generated from a contract, built from it on demand; other routes keep theirs.
 */
export function openApiDocs<S>({ schema, url, route }: { schema: S; url: string; route: { config?: unknown } }): { schema: S; url: string } {
  const contract = (route.config as { contract?: Operation } | undefined)?.contract;
  return { schema: contract?.http ? (routeSchema(contract) as S) : schema, url };
}
