import {
  DEFAULT_TIMEOUT_MS,
  type EventContract,
  eventEnvelopeSchema,
  errorReplySchema,
  eventKey,
  type Operation,
  publishedJsonSchema,
  requestContextSchema,
} from '@platform/contracts';
import { z } from 'zod';
import { EVENT_DUPLICATE_WINDOW_MS, EVENT_RETENTION_MS } from './events.js';

/**
 * The AsyncAPI 3.0 document of the platform's NATS side (served at
 * /docs/events.json), generated from the same contracts as the OpenAPI
 * document: every event version on JetStream, and every request/reply
 * operation `svc.<service>.<operation>` with its input and reply. Nothing in
 * it is written by hand but the prose; the schemas are the contracts' zod
 * schemas converted to JSON Schema (draft-07, which AsyncAPI schemas extend).
 */

export interface EventCatalogOptions {
  operations: readonly Operation[];
  events: readonly EventContract[];
  /** Where a reader's NATS is; the catalog's `servers` entry. */
  natsHost?: string;
}

const days = (ms: number) => Math.round(ms / 86_400_000);

const DESCRIPTION = `Every message the platform's services exchange over NATS, generated from \`packages/contracts\` (the same source as the REST API at /docs). Guide: docs/events.md.

**Events** are published on JetStream, stream \`EVENTS\`, subjects \`evt.<service>.<entity>.<verb>\`. Each message is an envelope \`{id, subject, v, occurredAt, data}\`; its \`Nats-Msg-Id\` header is the event \`id\`, so JetStream drops a repeated publish within ${EVENT_DUPLICATE_WINDOW_MS / 60_000} minutes. Services write events to an outbox in the transaction that changes their state, so delivery is **at least once**: consume with a durable pull consumer, explicit acks, and a handler that remembers the ids it processed. The stream keeps ${days(EVENT_RETENTION_MS)} days of events: a new durable consumer with deliver policy \`all\` replays them.

**Versions.** Within a version a payload only gains optional fields: ignore fields you do not know. A breaking change is a new version (\`v\`) on the same subject, published side by side with the old one until the old one's retirement date (at least ${days(EVENT_RETENTION_MS)} days). Handle the one version you know and acknowledge the others.

**Operations** are NATS request/reply on \`svc.<service>.<operation>\` (queue group: the service's name). The request is \`{input, ctx}\`; the reply \`{ok: true, data}\` or \`{ok: false, error}\`. Services trust \`ctx.user\` as set by the gateway, so NATS is an internal network: never expose it to clients.`;

function inputJsonSchema(schema: z.ZodType): Record<string, unknown> {
  try {
    const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', target: 'draft-7', unrepresentable: 'any' }) as Record<string, unknown>;
    return rest;
  } catch {
    // A schema JSON Schema cannot express (a transform feeding a refinement): the catalog says so rather than failing.
    return { description: 'Not expressible as JSON Schema: see the contract in packages/contracts' };
  }
}

function outputJsonSchema(schema: z.ZodType): Record<string, unknown> {
  try {
    return publishedJsonSchema(schema);
  } catch {
    return { description: 'Not expressible as JSON Schema: see the contract in packages/contracts' };
  }
}

const channelRef = (id: string) => ({ $ref: `#/channels/${id}` });
const messageRef = (channel: string, message: string) => ({ $ref: `#/channels/${channel}/messages/${message}` });

const EXAMPLE_EVENT_ID = '3f2a9c1e-8b7d-4e6f-a5c4-b3a2f1e0d9c8';
const EXAMPLE_CONTEXT = {
  requestId: 'req-8f14e45f',
  deadline: 1_796_000_000_000,
  user: { id: '7c9e6679-7425-40de-944b-e07fc1f90ae7', role: 'user', email: 'demo@paiecashfan.com' },
};

function eventMessage(event: EventContract): Record<string, unknown> {
  const envelope = publishedJsonSchema(eventEnvelopeSchema(event));
  const example =
    event.example === undefined
      ? undefined
      : { id: EXAMPLE_EVENT_ID, subject: event.subject, v: event.version, occurredAt: '2026-12-07T09:30:00.000Z', data: event.example };
  const retiring = event.retiresAt ? ` Retiring: published until ${event.retiresAt}, then only version ${event.version + 1}.` : '';
  return {
    name: eventKey(event),
    title: `${event.subject} v${event.version}`,
    summary: event.summary,
    description: `Published by ${event.publisher ?? 'an unnamed service'}.${retiring}`,
    contentType: 'application/json',
    headers: {
      type: 'object',
      properties: { 'Nats-Msg-Id': { type: 'string', description: 'The event id: JetStream de-duplicates publishes on it' } },
      required: ['Nats-Msg-Id'],
    },
    payload: envelope,
    ...(example ? { examples: [{ name: 'example', summary: event.summary, headers: { 'Nats-Msg-Id': EXAMPLE_EVENT_ID }, payload: example }] } : {}),
    ...(event.publisher ? { 'x-publisher': event.publisher } : {}),
    'x-version': event.version,
    ...(event.retiresAt ? { 'x-retires-at': event.retiresAt } : {}),
  };
}

function addEvents(events: readonly EventContract[], channels: Record<string, unknown>, operations: Record<string, unknown>): void {
  const subjects = [...new Set(events.map((event) => event.subject))].sort();
  for (const subject of subjects) {
    const versions = events.filter((event) => event.subject === subject).sort((a, b) => a.version - b.version);
    const latest = versions[versions.length - 1]!;
    const publishers = [...new Set(versions.map((event) => event.publisher).filter((name): name is NonNullable<typeof name> => name !== undefined))];
    channels[subject] = {
      address: subject,
      title: subject,
      summary: latest.summary,
      messages: Object.fromEntries(versions.map((event) => [`v${event.version}`, eventMessage(event)])),
      tags: [{ name: 'events' }, ...publishers.map((name) => ({ name }))],
    };
    operations[subject] = {
      action: 'send',
      channel: channelRef(subject),
      title: `${publishers.join(', ') || 'a service'} publishes ${subject}`,
      summary: latest.summary,
      description: `Published on JetStream (stream EVENTS) from ${publishers.join(', ')}'s outbox: at least once, de-duplicated on Nats-Msg-Id.`,
      messages: versions.map((event) => messageRef(subject, `v${event.version}`)),
      tags: [{ name: 'events' }, ...publishers.map((name) => ({ name }))],
      ...(publishers.length ? { 'x-publisher': publishers.join(', ') } : {}),
    };
  }
}

function addOperation(op: Operation, channels: Record<string, unknown>, operations: Record<string, unknown>): void {
  const replyChannel = `${op.subject}.reply`;
  const request = {
    type: 'object',
    properties: { input: inputJsonSchema(op.input), ctx: { $ref: '#/components/schemas/RequestContext' } },
    required: ['input', 'ctx'],
  };
  const success = { type: 'object', properties: { ok: { type: 'boolean', const: true }, data: outputJsonSchema(op.output) }, required: ['ok', 'data'] };
  const requestExample = op.examples?.input === undefined ? undefined : { input: op.examples.input, ctx: EXAMPLE_CONTEXT };
  const replyExample = op.examples?.output === undefined ? undefined : { ok: true, data: op.examples.output };
  channels[op.subject] = {
    address: op.subject,
    title: op.subject,
    summary: op.summary,
    messages: {
      request: {
        name: `${op.name}.request`,
        title: `${op.name} request`,
        contentType: 'application/json',
        payload: request,
        ...(requestExample ? { examples: [{ name: 'example', payload: requestExample }] } : {}),
      },
    },
    tags: [{ name: op.service }],
  };
  channels[replyChannel] = {
    // The reply goes to the requester's own inbox, which NATS picks per request.
    address: null,
    title: `${op.subject} reply`,
    description: "The requester's inbox (the request's reply subject).",
    messages: {
      reply: {
        name: `${op.name}.reply`,
        title: `${op.name} reply`,
        contentType: 'application/json',
        payload: { oneOf: [success, { $ref: '#/components/schemas/ErrorReply' }] },
        ...(replyExample ? { examples: [{ name: 'example', payload: replyExample }] } : {}),
      },
    },
  };
  const http = op.http ? ` Also served over HTTP: ${op.http.method} ${op.http.path}.` : ' NATS only (not routed by the gateway).';
  operations[op.subject] = {
    action: 'receive',
    channel: channelRef(op.subject),
    title: op.name,
    summary: op.summary,
    description: `The ${op.service} service answers (queue group \`${op.service}\`). Caller: ${op.auth}.${http}${op.idempotent ? ' Idempotent: set ctx.idempotencyKey.' : ''}`,
    messages: [messageRef(op.subject, 'request')],
    reply: { channel: channelRef(replyChannel), messages: [messageRef(replyChannel, 'reply')] },
    bindings: { nats: { queue: op.service, bindingVersion: '0.1.0' } },
    tags: [{ name: op.service }],
    'x-auth': op.auth,
    'x-timeout-ms': op.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(op.http ? { 'x-http': `${op.http.method} ${op.http.path}` } : {}),
  };
}

export function asyncApiDocument(options: EventCatalogOptions): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  addEvents(options.events, channels, operations);
  for (const op of [...options.operations].sort((a, b) => a.subject.localeCompare(b.subject))) addOperation(op, channels, operations);
  const services = [...new Set([...options.events.map((event) => event.publisher), ...options.operations.map((op) => op.service)])]
    .filter((name): name is NonNullable<typeof name> => name !== undefined)
    .sort();
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'PaieCashFan platform events and NATS operations',
      version: '0.1.0',
      description: DESCRIPTION,
      tags: [{ name: 'events', description: 'Events on JetStream' }, ...services.map((name) => ({ name, description: `The ${name} service` }))],
    },
    defaultContentType: 'application/json',
    servers: {
      nats: {
        host: options.natsHost ?? 'localhost:4222',
        protocol: 'nats',
        description: 'NATS with JetStream (NATS_URL). Tests prefix every subject with their namespace.',
      },
    },
    channels,
    operations,
    components: {
      schemas: {
        RequestContext: publishedJsonSchema(requestContextSchema),
        ErrorReply: publishedJsonSchema(errorReplySchema),
      },
    },
  };
}
