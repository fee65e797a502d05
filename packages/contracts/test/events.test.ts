import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compareSchemas, compareSnapshots, type EventSnapshot, snapshotOf } from '../src/event-compatibility.js';
import { allEvents, defineEvent, describeValidationError, eventKey, eventPayloadJsonSchema, serviceNames } from '../src/index.js';

const committed = JSON.parse(readFileSync(new URL('../events.snapshot.json', import.meta.url), 'utf8')) as EventSnapshot;

describe('event declarations shown in the catalog (/docs/events)', () => {
  it('names the publishing service of every event', () => {
    const missing = allEvents.filter((event) => !event.publisher || !serviceNames.includes(event.publisher)).map(eventKey);
    expect(missing).toEqual([]);
  });

  it.each(allEvents.map((event) => [eventKey(event), event]))('%s: has an example that passes its payload schema', (_key, event) => {
    expect(event.example).toBeDefined();
    const parsed = event.payload.safeParse(event.example);
    expect(parsed.success ? undefined : describeValidationError(parsed.error).message).toBeUndefined();
  });

  it('declares each version of a subject once, versions counting from 1', () => {
    const keys = allEvents.map(eventKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(allEvents.filter((event) => !Number.isInteger(event.version) || event.version < 1).map(eventKey)).toEqual([]);
  });

  it('dates a retiring version, and only one that has a successor', () => {
    const wrong = allEvents
      .filter((event) => event.retiresAt !== undefined)
      .filter((event) => !/^\d{4}-\d{2}-\d{2}$/.test(event.retiresAt!) || !allEvents.some((e) => e.subject === event.subject && e.version > event.version))
      .map(eventKey);
    expect(wrong).toEqual([]);
  });
});

describe('event schema compatibility with the committed snapshot (events.snapshot.json)', () => {
  it('has no breaking change: a payload only gains optional fields within a version', () => {
    const { breaking } = compareSnapshots(committed, snapshotOf(allEvents));
    // A breaking change needs a new version (docs/events.md, "Versions"), not a refreshed snapshot.
    expect(breaking).toEqual([]);
  });

  it('is up to date: additive changes are recorded with `pnpm --filter @platform/contracts events:snapshot`', () => {
    const { additive } = compareSnapshots(committed, snapshotOf(allEvents));
    expect(additive).toEqual([]);
  });
});

describe('the schema comparator, so the tests above can fail', () => {
  const base = z.object({
    id: z.string(),
    kind: z.enum(['send', 'refund']),
    amountMinor: z.number().int(),
    note: z.string().optional(),
    items: z.array(z.object({ sku: z.string(), quantity: z.number().int() })),
  });
  const changesTo = (after: z.ZodType) => compareSchemas(eventPayloadJsonSchema({ payload: base }), eventPayloadJsonSchema({ payload: after }));

  it('accepts added optional fields, at the top and nested, and new descriptions', () => {
    const after = base.extend({
      channel: z.string().optional(),
      id: z.string().describe('The transfer id'),
      items: z.array(z.object({ sku: z.string(), quantity: z.number().int(), giftWrap: z.boolean().optional() })),
    });
    const changes = changesTo(after);
    expect(changes.breaking).toEqual([]);
    expect(changes.additive).toEqual(
      expect.arrayContaining(['channel: optional field added', 'items.items.giftWrap: optional field added', 'id.description: annotation changed']),
    );
  });

  it.each([
    ['a removed field', base.omit({ note: true }), 'note: field removed'],
    ['a new required field', base.extend({ channel: z.string() }), 'channel: required field added'],
    ['an optional field made required', base.extend({ note: z.string() }), 'note: optional field became required'],
    ['a required field made optional', base.extend({ id: z.string().optional() }), 'id: required field became optional'],
    ['a changed type', base.extend({ amountMinor: z.string() }), 'amountMinor.type: changed from "integer" to "string"'],
    ['a narrowed enum', base.extend({ kind: z.enum(['send']) }), 'kind.enum: narrowed, ["refund"] no longer allowed'],
    [
      'a widened enum',
      base.extend({ kind: z.enum(['send', 'refund', 'cashback']) }),
      'kind.enum: widened with ["cashback"], which consumers of this version reject',
    ],
    ['a field made nullable', base.extend({ id: z.string().nullable() }), 'id.type: changed from "string" to ["string","null"]'],
    ['a new constraint', base.extend({ amountMinor: z.number().int().positive() }), 'amountMinor.exclusiveMinimum: 0 was added'],
    ['a nested field removed', base.extend({ items: z.array(z.object({ sku: z.string() })) }), 'items.items.quantity: field removed'],
  ])('refuses %s', (_what, after, expected) => {
    expect(changesTo(after).breaking).toContain(expected);
  });

  it('refuses a version removed from the contracts before its retirement date, and lets it go after', () => {
    const v1 = defineEvent({ subject: 'evt.demo.thing.done', version: 1, summary: 'v1', payload: base, retiresAt: '2027-01-31' });
    const v2 = defineEvent({ subject: 'evt.demo.thing.done', version: 2, summary: 'v2', payload: base.extend({ kind: z.string() }) });
    const before = snapshotOf([v1, v2]);
    expect(compareSnapshots(before, snapshotOf([v2]), '2027-01-15').breaking).toEqual([
      'evt.demo.thing.done@1: removed before its retirement date (2027-01-31)',
    ]);
    expect(compareSnapshots(before, snapshotOf([v2]), '2027-02-01')).toEqual({ breaking: [], additive: ['evt.demo.thing.done@1: retired (after 2027-01-31)'] });
    const undated = snapshotOf([{ ...v1, retiresAt: undefined }]);
    expect(compareSnapshots(undated, {}, '2030-01-01').breaking).toHaveLength(1);
  });
});
