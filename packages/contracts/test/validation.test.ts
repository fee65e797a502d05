import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineOperation, describeValidationError } from '../src/index.js';

const schema = z.strictObject({ amount: z.number(), nested: z.object({ items: z.array(z.object({ id: z.string() })) }).optional() });
const problemOf = (value: unknown) => {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected failure');
  return describeValidationError(result.error);
};

describe('describeValidationError', () => {
  it('names a missing field', () => expect(problemOf({})).toEqual({ field: 'amount', message: 'amount: is required' }));
  it('names an unknown field', () => expect(problemOf({ amount: 1, extra: true }).field).toBe('extra'));
  it('names a nested array field', () => expect(problemOf({ amount: 1, nested: { items: [{ id: 3 }] } }).field).toBe('nested.items[0].id'));
  it('explains a non-object body', () => expect(problemOf([1]).message).toBe('body: must be a JSON object'));
});

describe('defineOperation', () => {
  it('derives the NATS subject and refuses a name outside its service', () => {
    const op = defineOperation({ name: 'wallet.send', service: 'wallet', summary: '', auth: 'user', input: z.object({}), output: z.object({}) });
    expect(op.subject).toBe('svc.wallet.send');
    expect(() => defineOperation({ name: 'shop.send', service: 'wallet', summary: '', auth: 'user', input: z.object({}), output: z.object({}) })).toThrow();
  });
});
