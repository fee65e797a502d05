import { Parser } from '@asyncapi/parser';
import { allEvents, allOperations, eventKey, eventPayloadJsonSchema } from '@platform/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startTestGateway } from './harness.js';

/** Errors (0) and warnings (1) of the AsyncAPI parser; hints and infos (the "3.1 exists" notice) are not failures. */
async function problemsOf(document: unknown): Promise<string[]> {
  const { diagnostics } = await new Parser().parse(document as Parameters<Parser['parse']>[0]);
  return diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.code} at ${d.path.join('.')}: ${d.message}`);
}

// The AsyncAPI parser takes ~15 s per run of the 400 kB document on an idle machine; minutes on a loaded one.
describe('event catalog (/docs/events.json, /docs/events) generated from the contracts', { timeout: 300_000 }, () => {
  let h: GatewayHarness;
  let doc: any;

  beforeAll(async () => {
    h = await startTestGateway();
    const res = await h.api.get('/docs/events.json');
    expect(res.status).toBe(200);
    doc = res.body;
  });
  afterAll(async () => {
    await h?.close();
  });

  it('is a valid AsyncAPI 3.0 document (@asyncapi/parser: no error, no warning)', async () => {
    expect(doc.asyncapi).toBe('3.0.0');
    expect(await problemsOf(doc)).toEqual([]);
  });

  it('refuses a broken document, so the test above can fail', async () => {
    const broken = structuredClone(doc);
    delete broken.channels['evt.wallet.transfer.completed'];
    const problems = await problemsOf(broken);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join('\n')).toMatch(/evt\.wallet\.transfer\.completed/);
  });

  it('describes every event version: subject, payload schema, example and publisher', () => {
    const gaps: string[] = [];
    for (const event of allEvents) {
      const message = doc.channels[event.subject]?.messages?.[`v${event.version}`];
      if (!message) {
        gaps.push(`${eventKey(event)}: missing`);
        continue;
      }
      if (doc.channels[event.subject].address !== event.subject) gaps.push(`${eventKey(event)}: address`);
      if (JSON.stringify(message.payload.properties.data) !== JSON.stringify(eventPayloadJsonSchema(event))) gaps.push(`${eventKey(event)}: payload schema`);
      if (message.payload.properties.v.const !== event.version) gaps.push(`${eventKey(event)}: version`);
      if (JSON.stringify(message.examples?.[0]?.payload?.data) !== JSON.stringify(event.example)) gaps.push(`${eventKey(event)}: example`);
      if (!event.publisher || message['x-publisher'] !== event.publisher) gaps.push(`${eventKey(event)}: publisher`);
      if (doc.operations[event.subject]?.action !== 'send') gaps.push(`${eventKey(event)}: publish operation`);
    }
    expect(gaps).toEqual([]);
    expect(allEvents.length).toBeGreaterThanOrEqual(12);
  });

  it('describes every NATS operation svc.<service>.<operation> with its input, reply and queue group', () => {
    const gaps: string[] = [];
    for (const op of allOperations) {
      const operation = doc.operations[op.subject];
      const request = doc.channels[op.subject]?.messages?.request;
      const reply = doc.channels[`${op.subject}.reply`]?.messages?.reply;
      if (!operation || !request || !reply) {
        gaps.push(`${op.subject}: missing`);
        continue;
      }
      if (operation.action !== 'receive' || operation.bindings.nats.queue !== op.service) gaps.push(`${op.subject}: action or queue`);
      if (!request.payload.properties.input || request.payload.required.join() !== 'input,ctx') gaps.push(`${op.subject}: request`);
      if (!reply.payload.oneOf?.[0]?.properties?.data) gaps.push(`${op.subject}: reply`);
      if (op.examples?.input !== undefined && JSON.stringify(request.examples?.[0]?.payload?.input) !== JSON.stringify(op.examples.input))
        gaps.push(`${op.subject}: example`);
    }
    expect(gaps).toEqual([]);
    expect(Object.values(doc.operations).filter((o: any) => o.action === 'receive')).toHaveLength(allOperations.length);
  });

  it('serves a readable page listing every event and operation, self-contained (no script, no outside font or file)', async () => {
    const res = await h.api.get('/docs/events');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = res.body as string;
    expect(allEvents.filter((event) => !html.includes(`<code>${event.subject}</code>`)).map(eventKey)).toEqual([]);
    expect(allOperations.filter((op) => !html.includes(`<code>${op.subject}</code>`)).map((op) => op.subject)).toEqual([]);
    expect(html).not.toMatch(/<script|<link|@import|url\(|src=|href="(https?:)?\/\//i);
    expect(html).toContain('href="/docs/events.json"');
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
  });
});
