import { type EventContract, eventKey, eventPayloadJsonSchema } from './events.js';

/**
 * The versioning rule of events (docs/events.md, "Versions"), as code.
 *
 * Within one version a payload may only gain optional fields. Everything else
 * breaks someone: a consumer built on the old contract rejects a payload that
 * no longer fits it (a removed or retyped field, a new enum value, a new
 * null), and a consumer built on the new contract rejects the old events it
 * replays from the stream (a newly required field, a narrowed enum). So the
 * comparison is strict: the schemas must be equal except for added optional
 * properties and changed annotations (descriptions, titles, examples).
 */

export interface SnapshotEntry {
  subject: string;
  version: number;
  publisher?: string;
  /** The date after which this version may leave the contracts (its successor replaces it). */
  retiresAt?: string;
  payload: Record<string, unknown>;
}

/** The committed snapshot: one entry per `subject@version`, sorted by key. */
export type EventSnapshot = Record<string, SnapshotEntry>;

export interface SchemaChanges {
  /** Changes that break a consumer: these need a new version instead. */
  breaking: string[];
  /** Added optional fields and annotation changes: the snapshot only needs refreshing. */
  additive: string[];
}

/** Keywords that document without validating: changing them breaks no one. */
const ANNOTATIONS = new Set(['description', 'title', 'examples', 'example', 'default', 'deprecated', '$comment']);

const isNode = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const at = (path: string, key: string) => (path ? `${path}.${key}` : key);
const show = (value: unknown) => JSON.stringify(value);

/** What changed from `before` to `after`, two JSON Schemas of one payload version. */
export function compareSchemas(before: unknown, after: unknown, path = ''): SchemaChanges {
  const changes: SchemaChanges = { breaking: [], additive: [] };
  walk(before, after, path, changes);
  return changes;
}

function walk(before: unknown, after: unknown, path: string, changes: SchemaChanges): void {
  if (isNode(before) && isNode(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (ANNOTATIONS.has(key)) {
        if (show(before[key]) !== show(after[key])) changes.additive.push(`${at(path, key)}: annotation changed`);
      } else if (key === 'properties') {
        compareProperties(before, after, path, changes);
      } else if (key === 'required') {
        compareRequired(before, after, path, changes);
      } else if (key === 'enum') {
        compareEnum(before.enum, after.enum, path, changes);
      } else if (!(key in after)) {
        changes.breaking.push(`${at(path, key)}: ${show(before[key])} was removed`);
      } else if (!(key in before)) {
        changes.breaking.push(`${at(path, key)}: ${show(after[key])} was added`);
      } else {
        walk(before[key], after[key], at(path, key), changes);
      }
    }
  } else if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    for (const [index, item] of before.entries()) walk(item, after[index], `${path}[${index}]`, changes);
  } else if (show(before) !== show(after)) {
    changes.breaking.push(`${path || 'payload'}: changed from ${show(before)} to ${show(after)}`);
  }
}

function compareProperties(before: Record<string, unknown>, after: Record<string, unknown>, path: string, changes: SchemaChanges): void {
  const oldProps = isNode(before.properties) ? before.properties : {};
  const newProps = isNode(after.properties) ? after.properties : {};
  const newRequired = new Set(Array.isArray(after.required) ? (after.required as string[]) : []);
  for (const name of Object.keys(oldProps)) {
    if (!(name in newProps)) changes.breaking.push(`${at(path, name)}: field removed`);
    else walk(oldProps[name], newProps[name], at(path, name), changes);
  }
  for (const name of Object.keys(newProps)) {
    if (name in oldProps) continue;
    // A new required field is reported by compareRequired; an optional one is the one allowed change.
    if (!newRequired.has(name)) changes.additive.push(`${at(path, name)}: optional field added`);
  }
}

function compareRequired(before: Record<string, unknown>, after: Record<string, unknown>, path: string, changes: SchemaChanges): void {
  const oldRequired = new Set(Array.isArray(before.required) ? (before.required as string[]) : []);
  const newRequired = new Set(Array.isArray(after.required) ? (after.required as string[]) : []);
  const oldProps = isNode(before.properties) ? before.properties : {};
  const newProps = isNode(after.properties) ? after.properties : {};
  for (const name of newRequired) {
    if (oldRequired.has(name)) continue;
    changes.breaking.push(name in oldProps ? `${at(path, name)}: optional field became required` : `${at(path, name)}: required field added`);
  }
  for (const name of oldRequired) {
    // A removed field is already reported as removed.
    if (!newRequired.has(name) && name in newProps) changes.breaking.push(`${at(path, name)}: required field became optional`);
  }
}

function compareEnum(before: unknown, after: unknown, path: string, changes: SchemaChanges): void {
  if (!Array.isArray(before) || !Array.isArray(after)) {
    if (show(before) !== show(after)) changes.breaking.push(`${at(path, 'enum')}: changed from ${show(before)} to ${show(after)}`);
    return;
  }
  const removed = before.filter((value) => !after.some((other) => show(other) === show(value)));
  const added = after.filter((value) => !before.some((other) => show(other) === show(value)));
  if (removed.length) changes.breaking.push(`${at(path, 'enum')}: narrowed, ${show(removed)} no longer allowed`);
  if (added.length) changes.breaking.push(`${at(path, 'enum')}: widened with ${show(added)}, which consumers of this version reject`);
}

/** Today's events as a snapshot. */
export function snapshotOf(events: readonly EventContract[]): EventSnapshot {
  const entries = events.map((event): [string, SnapshotEntry] => [
    eventKey(event),
    {
      subject: event.subject,
      version: event.version,
      ...(event.publisher ? { publisher: event.publisher } : {}),
      ...(event.retiresAt ? { retiresAt: event.retiresAt } : {}),
      payload: eventPayloadJsonSchema(event),
    },
  ]);
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Every difference between the committed snapshot and today's events.
 * A version may leave the contracts only once its `retiresAt` date has passed.
 */
export function compareSnapshots(committed: EventSnapshot, current: EventSnapshot, today = new Date().toISOString().slice(0, 10)): SchemaChanges {
  const changes: SchemaChanges = { breaking: [], additive: [] };
  for (const [key, entry] of Object.entries(committed)) {
    const now = current[key];
    if (!now) {
      if (entry.retiresAt && entry.retiresAt < today) changes.additive.push(`${key}: retired (after ${entry.retiresAt})`);
      else
        changes.breaking.push(`${key}: removed before its retirement date (${entry.retiresAt ?? 'none was set: set retiresAt and publish a successor first'})`);
      continue;
    }
    const payload = compareSchemas(entry.payload, now.payload, key);
    changes.breaking.push(...payload.breaking);
    changes.additive.push(...payload.additive);
    if (entry.publisher !== now.publisher) changes.additive.push(`${key}: publisher ${entry.publisher ?? 'unset'} -> ${now.publisher ?? 'unset'}`);
    if (entry.retiresAt !== now.retiresAt) changes.additive.push(`${key}: retiresAt ${entry.retiresAt ?? 'unset'} -> ${now.retiresAt ?? 'unset'}`);
  }
  for (const key of Object.keys(current)) {
    if (!committed[key]) changes.additive.push(`${key}: new event version`);
  }
  return changes;
}
