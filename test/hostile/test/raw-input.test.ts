import type { Operation } from '@platform/contracts';
import { uniqueNamespace } from '@platform/testkit';
import { PLATFORM_START_TIMEOUT_MS } from '@platform/testkit/commerce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleValidInput } from '../src/contract-inputs.js';
import { acceptedCaller, type Callers, callerHeaders } from '../src/credentials.js';
import { HostileClient } from '../src/hostile-client.js';
import { answerProblem, clip, type HostileRequest } from '../src/hostile-http.js';
import { type HostilePlatform, startHostilePlatform } from '../src/hostile-platform.js';
import { requestFor } from '../src/operation-request.js';
import { routedOperations } from '../src/routed-operations.js';
import { paddedJson, RAW_BODIES, RAW_QUERIES } from '../src/raw-inputs.js';

const BODY_LIMIT_BYTES = 1_048_576;

const withBody = routedOperations.filter((op) => !['GET', 'DELETE'].includes(op.http!.method));
const withQuery = routedOperations.filter((op) => ['GET', 'DELETE'].includes(op.http!.method));

describe('raw hostile bodies and query strings through the gateway', () => {
  let hostile: HostilePlatform;
  let callers: Callers;
  let client: HostileClient;

  beforeAll(async () => {
    hostile = await startHostilePlatform(uniqueNamespace('raw'), { serviceEnv: { gateway: { BODY_LIMIT_BYTES: String(BODY_LIMIT_BYTES) } } });
    client = new HostileClient(hostile.platform.api.baseUrl);
    const [user, admin] = await Promise.all([hostile.newUser(), hostile.newAdmin()]);
    callers = { userToken: user.token, adminToken: admin.token, apiKeys: hostile.apiKeys };
  }, PLATFORM_START_TIMEOUT_MS * 2);

  afterAll(async () => {
    client?.tally.print('Raw bodies and queries');
    await hostile?.platform.stop();
  });

  /** The route of an operation with its parameters filled from a valid input, and the caller's headers. */
  const routeOf = (op: Operation) => {
    const valid = sampleValidInput(op);
    const headers = callerHeaders(op, acceptedCaller(op), callers);
    return { valid, headers, path: requestFor(op, valid).path.split('?')[0]! };
  };

  it.each(withBody.map((op) => [op.name, op] as const))(
    '%s refuses malformed, polluting and absurdly deep bodies with a 4xx that says why',
    async (_name, op) => {
      const { path, headers } = routeOf(op);
      const problems: string[] = [];
      for (const raw of RAW_BODIES) {
        const contentType = raw.contentType === undefined ? 'application/json' : raw.contentType;
        const answer = await client.send(op, `body: ${raw.name}`, {
          method: op.http!.method,
          path,
          headers: contentType === null ? headers : { ...headers, 'content-type': contentType },
          body: raw.body,
        });
        const problem = answerProblem(answer);
        if (problem) problems.push(`${raw.name}: ${problem}`);
      }
      expect(problems).toEqual([]);
    },
  );

  it.each(withBody.map((op) => [op.name, op] as const))(
    '%s takes a body just under the size limit without a 5xx, and refuses one just over it with 413',
    async (_name, op) => {
      const { valid, path, headers } = routeOf(op);
      const fields = JSON.parse(requestFor(op, valid).body as string) as Record<string, unknown>;
      const request = (bytes: number): HostileRequest => ({
        method: op.http!.method,
        path,
        headers: { ...headers, 'content-type': 'application/json' },
        body: paddedJson(fields, bytes),
      });
      const under = await client.send(op, 'body: just under the limit', request(BODY_LIMIT_BYTES - 64));
      expect(answerProblem(under), clip(under.text, 300)).toBeUndefined();
      const over = await client.send(op, 'body: just over the limit', request(BODY_LIMIT_BYTES + 1));
      expect(over.status, clip(over.text, 300)).toBe(413);
      expect(answerProblem(over)).toBeUndefined();
    },
  );

  it.each(withQuery.map((op) => [op.name, op] as const))('%s refuses query strings no browser would build with a 4xx that says why', async (_name, op) => {
    const { path, headers } = routeOf(op);
    const problems: string[] = [];
    for (const raw of RAW_QUERIES) {
      const answer = await client.send(op, `query: ${raw.name}`, { method: op.http!.method, path: `${path}?${raw.query}`, headers });
      const problem = answerProblem(answer);
      if (problem) problems.push(`${raw.name}: ${problem}`);
    }
    expect(problems).toEqual([]);
  });

  it('leaves no password, token, API key or S3 secret in any log', () => {
    expect(hostile.secrets.leaksIn(hostile.platform.output())).toEqual([]);
  });
});
