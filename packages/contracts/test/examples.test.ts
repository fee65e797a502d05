import { describe, expect, it } from 'vitest';
import { allOperations, describeValidationError } from '../src/index.js';

const routed = allOperations.filter((op) => op.http);
const withExamples = allOperations.filter((op) => op.examples);

/** The validation problem of `value` against `schema`, or undefined when it parses. */
function problemOf(schema: (typeof allOperations)[number]['input'], value: unknown): string | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? undefined : describeValidationError(parsed.error).message;
}

describe('operation examples shown in /docs', () => {
  it('covers every HTTP operation with a request and a response example', () => {
    const missing = routed.filter((op) => op.examples?.input === undefined || op.examples?.output === undefined).map((op) => op.name);
    expect(missing).toEqual([]);
    expect(routed.length).toBeGreaterThan(80);
  });

  it.each(withExamples.map((op) => [op.name, op]))('%s: the input example passes the input schema', (_name, op) => {
    expect(problemOf(op.input, op.examples!.input)).toBeUndefined();
  });

  it.each(withExamples.map((op) => [op.name, op]))('%s: the output example passes the output schema', (_name, op) => {
    expect(problemOf(op.output, op.examples!.output)).toBeUndefined();
  });

  it('names every path parameter in the input example, so the docs can fill the URL', () => {
    const gaps = routed.flatMap((op) =>
      [...op.http!.path.matchAll(/:([A-Za-z_]+)/g)]
        .map((match) => match[1])
        .filter((param) => (op.examples?.input as Record<string, unknown> | undefined)?.[param] === undefined)
        .map((param) => `${op.name}: ${param}`),
    );
    expect(gaps).toEqual([]);
  });

  it('refuses an example that does not fit, so the test above can fail', () => {
    const send = allOperations.find((op) => op.name === 'wallet.send')!;
    expect(problemOf(send.input, { ...(send.examples!.input as object), amount: '12.345' })).toMatch(/amount/);
  });
});
