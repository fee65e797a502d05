import { readFileSync } from 'node:fs';
import { uniqueNamespace } from '@platform/testkit';
import { startPlatform, type TestPlatform } from '@platform/testkit/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFile } from '../src/seed-files.js';

/**
 * The seed's request (seeds/000/order-post.txt, verbatim) with its two
 * placeholders filled: `[...]` gets one photo item, and the `...` that stands
 * for more fields gets one, `notes` (unknown fields are kept in the snapshot).
 */
function seedOrderPost(): { event_id: string; orders: Array<Record<string, unknown>> } {
  const text = readFileSync(seedFile('000/order-post.txt'), 'utf8')
    .split('\n')
    .filter((line) => !line.startsWith('//'))
    .join('\n')
    .replace('[...]', '[{ "photo_id": "IMG_0412", "format": "13x18", "quantity": 2 }]')
    .replace(/\n\s*\.\.\.\n/, '\n      "notes": "Tirage mat"\n');
  return JSON.parse(text);
}

describe("seed 000: the front end's order post", () => {
  let platform: TestPlatform;
  // Each run its own event, so the test never meets a snapshot from another run.
  const eventId = `BJ${Date.now().toString(36).toUpperCase()}`;
  // What the seed's index.html sets: window.PUBLIC_API_URL (seed 000 line 223).
  const PUBLIC_API_URL = '/api/orders/snapshot';
  const post = (body: unknown) => platform.api.post(PUBLIC_API_URL, body);

  beforeAll(async () => {
    platform = await startPlatform(uniqueNamespace('seed000'), { only: ['gateway', 'orders-snapshot'] });
  });
  afterAll(async () => platform?.stop());

  it('answers the seed: "Snapshot v1 créé" with event_id, new_orders and total_orders', async () => {
    const body = seedOrderPost();
    body.event_id = eventId;
    body.orders[0].event_id = eventId;
    const res = await post(body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ message: 'Snapshot v1 créé', event_id: eventId, new_orders: 1, total_orders: 1 });
  });

  it('posting the same order again adds nothing: new_orders counts only orders truly new (the seed counted the request)', async () => {
    const body = seedOrderPost();
    body.event_id = eventId;
    body.orders[0].event_id = eventId;
    const again = await post(body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ event_id: eventId, new_orders: 0, total_orders: 1 });
    expect(again.body.message).toMatch(/^Snapshot v\d+ créé$/);
  });

  it("refuses a body without event_id or orders with 400, as the seed's 'event_id et orders requis'", async () => {
    const res = await post({ orders: [] });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual(expect.any(String));
  });
});
