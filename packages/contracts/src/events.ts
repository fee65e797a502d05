import { z } from 'zod';
import type { ServiceName } from './services.js';

/**
 * An event published on JetStream. The subject is `evt.<service>.<entity>.<verb>`;
 * payload fields are only ever added. A breaking change is a new version,
 * published side by side with the old one (docs/events.md, "Versions").
 */
export interface EventDefinition<P extends z.ZodType = z.ZodType> {
  subject: string;
  version: number;
  payload: P;
  summary: string;
  /**
   * The service that publishes it (the subject's second part is a name, not
   * always the service's: `evt.orders.*` comes from orders-snapshot).
   * Shown in the event catalog (/docs/events); a contracts test requires it.
   */
  publisher?: ServiceName;
  /** One payload as it travels, shown in the catalog; a contracts test parses it with `payload`. */
  example?: z.output<P>;
  /**
   * Set on a version that a newer one replaces: the date (YYYY-MM-DD) after
   * which it is no longer published and may leave the contracts. Until then
   * both versions are published side by side.
   */
  retiresAt?: string;
}

export type EventContract<P extends z.ZodType = z.ZodType> = Readonly<EventDefinition<P>>;
export type PayloadOf<E> = E extends EventContract<infer P> ? z.output<P> : never;

/** What travels on the wire: the payload plus the envelope fields. */
export interface EventEnvelope<T = unknown> {
  id: string;
  subject: string;
  v: number;
  occurredAt: string;
  data: T;
}

export function defineEvent<P extends z.ZodType>(definition: EventDefinition<P>): EventContract<P> {
  if (!/^evt\.[a-z-]+\.[a-z-]+\.[a-z-]+$/.test(definition.subject) && !/^evt\.[a-z-]+\.[a-z-]+$/.test(definition.subject)) {
    throw new Error(`event subject ${definition.subject} must look like evt.<service>.<entity>.<verb>`);
  }
  return Object.freeze(definition);
}

/** `subject@version`: one version of one event, as the schema snapshot and the catalog name it. */
export const eventKey = (event: Pick<EventDefinition, 'subject' | 'version'>): string => `${event.subject}@${event.version}`;

/**
 * The JSON Schema (draft-07) of what a producer sends: an event's `data`, an
 * operation's reply. Objects carry no `additionalProperties: false`: a payload
 * may gain fields within its version, so a reader must accept (and may ignore)
 * fields it does not know.
 */
export function publishedJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'output', target: 'draft-7', unrepresentable: 'any' }) as Record<string, unknown>;
  return withoutClosedObjects(rest) as Record<string, unknown>;
}

/** The JSON Schema of what a publisher puts in an event's `data` (see publishedJsonSchema). */
export const eventPayloadJsonSchema = (event: Pick<EventDefinition, 'payload'>): Record<string, unknown> => publishedJsonSchema(event.payload);

/**
 * The whole message of one event version as it travels on JetStream. A
 * consumer checks `v` first (a subject may carry two versions side by side),
 * then parses the message with this schema.
 */
export function eventEnvelopeSchema<P extends z.ZodType>(event: EventContract<P>) {
  return z.object({
    id: z.string().min(1).describe('Unique per event, and its Nats-Msg-Id header: a consumer de-duplicates on it'),
    subject: z.literal(event.subject),
    v: z.literal(event.version).describe('The payload version'),
    occurredAt: z.string().describe('When the change happened (ISO 8601)'),
    data: event.payload,
  });
}

function withoutClosedObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutClosedObjects);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === 'additionalProperties' && value === false))
      .map(([key, value]) => [key, withoutClosedObjects(value)]),
  );
}

/** All platform events live in one stream; namespaces isolate test runs. */
export function eventSubject(subject: string, namespace = ''): string {
  return namespace ? `${namespace}.${subject}` : subject;
}

export function eventStreamName(namespace = ''): string {
  return namespace ? `EVENTS_${namespace.replace(/[^A-Za-z0-9_-]/g, '_')}` : 'EVENTS';
}
