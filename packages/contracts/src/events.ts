import type { z } from 'zod';

/**
 * An event published on JetStream. The subject is `evt.<service>.<entity>.<verb>`;
 * payload fields are only ever added. A breaking change is a new version.
 */
export interface EventDefinition<P extends z.ZodType = z.ZodType> {
  subject: string;
  version: number;
  payload: P;
  summary: string;
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

/** All platform events live in one stream; namespaces isolate test runs. */
export function eventSubject(subject: string, namespace = ''): string {
  return namespace ? `${namespace}.${subject}` : subject;
}

export function eventStreamName(namespace = ''): string {
  return namespace ? `EVENTS_${namespace.replace(/[^A-Za-z0-9_-]/g, '_')}` : 'EVENTS';
}
