import { randomUUID } from 'node:crypto';
import { uniqueNamespace } from '@platform/testkit';
import { PLATFORM_START_TIMEOUT_MS } from '@platform/testkit/commerce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleValidInput } from '../src/contract-inputs.js';
import { acceptedCaller, type Callers, callerHeaders, mayPass } from '../src/credentials.js';
import { fuzzCaseArbitrary } from '../src/fuzz-cases.js';
import { checkProperty, fuzzSettings } from '../src/fuzz-run.js';
import { createFuzzTargets, type KnownValues } from '../src/fuzz-targets.js';
import { HostileClient } from '../src/hostile-client.js';
import { answerProblem, clip } from '../src/hostile-http.js';
import { type HostilePlatform, startHostilePlatform } from '../src/hostile-platform.js';
import { fieldPaths, valueAt, withValueAt } from '../src/input-paths.js';
import { requestFor } from '../src/operation-request.js';
import { routedOperations } from '../src/routed-operations.js';

describe('fuzzing every contract operation through the gateway', () => {
  let hostile: HostilePlatform;
  let callers: Callers;
  let known: KnownValues;
  let client: HostileClient;

  beforeAll(async () => {
    hostile = await startHostilePlatform(uniqueNamespace('fz'));
    client = new HostileClient(hostile.platform.api.baseUrl);
    const [user, other, admin] = await Promise.all([hostile.newUser(), hostile.newUser(), hostile.newAdmin()]);
    callers = { userToken: user.token, adminToken: admin.token, apiKeys: hostile.apiKeys };
    known = await createFuzzTargets(hostile.platform.api, { user, other, adminToken: admin.token, ordersApiKey: hostile.apiKeys['orders-snapshot'] });
    console.log(`fuzzing ${routedOperations.length} operations, ${fuzzSettings.numRuns} runs each, FUZZ_SEED=${fuzzSettings.seed}`);
  }, PLATFORM_START_TIMEOUT_MS * 2);

  afterAll(async () => {
    client?.tally.print('Fuzzed operations');
    await hostile?.platform.stop();
  });

  it.each(routedOperations.map((op) => [op.name, op] as const))(
    '%s answers hostile input with a 4xx that says why, never a 5xx or a hang',
    async (name, op) => {
      await checkProperty(name, fuzzCaseArbitrary(op, known[op.name]), async (fuzzCase) => {
        const request = requestFor(op, fuzzCase.input, { ...fuzzCase.headers, ...callerHeaders(op, fuzzCase.caller, callers) });
        const answer = await client.send(op, fuzzCase.kind, request);
        const problem =
          answerProblem(answer) ?? (answer.status < 400 && !mayPass(op, fuzzCase.caller) ? `a ${fuzzCase.caller} caller got ${answer.status}` : undefined);
        if (problem) {
          const body = typeof request.body === 'string' ? clip(request.body, 1_000) : '';
          throw new Error(`${fuzzCase.kind} input as ${fuzzCase.caller}: ${request.method} ${clip(request.path, 200)} ${body} -> ${problem}`);
        }
      });
    },
    fuzzSettings.numRuns * 20_000,
  );

  /**
   * Text no store can hold as sent: PostgreSQL text and jsonb refuse U+0000,
   * and jsonb refuses an unpaired surrogate (which JSON can carry as \\ud800).
   * Each reaching a store would be a 500 unless the input is refused first.
   */
  const UNSTORABLE = [
    ['NUL', '\u0000'],
    ['unpaired surrogate', '\ud800'],
  ] as const;

  it.each(routedOperations.map((op) => [op.name, op] as const))(
    '%s refuses (or safely keeps) a NUL or an unpaired surrogate in each of its text fields',
    async (_name, op) => {
      const valid = sampleValidInput(op, known[op.name]);
      const headers = callerHeaders(op, acceptedCaller(op), callers);
      const problems: string[] = [];
      for (const path of fieldPaths(valid).filter((path) => typeof valueAt(valid, path) === 'string')) {
        for (const [what, character] of UNSTORABLE) {
          const text = valueAt(valid, path) as string;
          // Same length, so a field at its maximum is still within it.
          const input = withValueAt(valid, path, `${text.slice(0, -1)}${character}`);
          const request = requestFor(op, input, { ...headers, ...(op.idempotent ? { 'idempotency-key': randomUUID() } : {}) });
          const answer = await client.send(op, `${what} in a text field`, request);
          const problem = answerProblem(answer);
          if (problem) problems.push(`${what} in ${path.join('.')}: ${problem}`);
        }
      }
      expect(problems).toEqual([]);
    },
  );

  it('leaves no password, token, API key or S3 secret in any log', () => {
    expect(hostile.secrets.leaksIn(hostile.platform.output())).toEqual([]);
  });
});
