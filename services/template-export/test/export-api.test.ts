import { dropNamespaceSchemas, startGateway, type TestApi, type TestGateway, uniqueNamespace } from '@platform/testkit';
import { dropNamespaceKeys } from '@platform/testkit/redis';
import { startAll } from '@platform/testkit/start-all';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_KEY, PREVIOUS_KEY, startTemplate, type TemplateUnderTest, withKey } from './harness.js';

const LIST_ROUTES = ['settings', 'paintings', 'orders', 'users', 'exhibitions', 'custom-requests'];

/** Pages through a list route with the cursor, calling `between` after each page. */
async function pageAll(api: TestApi, route: string, limit: number, between: (page: number) => Promise<void> = async () => {}) {
  const rows: any[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: any = await api.get(`/api/export/${route}?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, undefined, withKey());
    expect(res.status).toBe(200);
    rows.push(...res.body.data);
    cursor = res.body.next_cursor;
    expect(res.body.has_more).toBe(cursor !== null);
    await between(++pages);
  } while (cursor);
  return rows;
}

describe('template export API', () => {
  const ns = uniqueNamespace('tex');
  let template: TemplateUnderTest;
  let gateway: TestGateway;

  beforeAll(async () => {
    [template, gateway] = await startAll([startTemplate(ns), startGateway(ns)] as const);
  });
  afterAll(async () => {
    await gateway?.stop();
    await template?.close();
    await dropNamespaceKeys(ns);
    await dropNamespaceSchemas(ns);
  });

  it('serves every seed route with its seed shape, directly and through the gateway', async () => {
    for (const api of [template.direct, gateway.api]) {
      const settings = await api.get('/api/export/settings', undefined, withKey());
      expect(settings.status).toBe(200);
      expect(settings.body.count).toBe(settings.body.data.length);
      expect(settings.body.data).toContainEqual(expect.objectContaining({ key: 'site_name', value: 'Galerie Artworks Digital' }));

      for (const route of LIST_ROUTES) {
        const res = await api.get(`/api/export/${route}?limit=1000&offset=0`, undefined, withKey());
        expect(res.status, route).toBe(200);
        expect(res.body).toMatchObject({ count: res.body.data.length, total: res.body.data.length, has_more: false, next_cursor: null });
        expect(res.body.data.length, route).toBeGreaterThan(0);
      }
      const orders = await api.get('/api/export/orders', undefined, withKey());
      expect(orders.body.data.find((o: any) => o.id === 3).items.map((i: any) => i.painting_id)).toEqual([4, 5]);

      const stats = await api.get('/api/export/stats', undefined, withKey());
      expect(stats.status).toBe(200);
      expect(stats.body.stats).toMatchObject({ settings: 5, paintings: 12, orders: 4, order_items: 5, users: 4, exhibitions: 3, custom_requests: 3 });

      const full = await api.get('/api/export/full', undefined, withKey());
      expect(full.status).toBe(200);
      expect(Object.keys(full.body.data).sort()).toEqual(['custom_requests', 'exhibitions', 'orders', 'paintings', 'settings', 'users']);
      expect(full.body.tables_count).toBe(6);
      expect(full.body.total_records).toBe(5 + 12 + 4 + 4 + 3 + 3);
    }
  });

  it('refuses a missing or wrong key with 401 JSON, accepts both rotation keys, and counts refusals', async () => {
    for (const api of [template.direct, gateway.api]) {
      const missing = await api.get('/api/export/paintings');
      expect(missing.status).toBe(401);
      expect(missing.body).toMatchObject({ error: 'Missing X-API-Key header', code: 'UNAUTHENTICATED' });
      const wrong = await api.get('/api/export/stats', undefined, withKey(`${CURRENT_KEY}x`));
      expect(wrong.status).toBe(401);
      expect(wrong.body).toMatchObject({ error: 'Invalid API key', code: 'UNAUTHENTICATED' });
      expect(JSON.stringify(wrong.body)).not.toContain(CURRENT_KEY);
      const short = await api.get('/api/export/stats', undefined, withKey('x'));
      expect(short.status).toBe(401);
      expect((await api.get('/api/export/stats', undefined, withKey(CURRENT_KEY))).status).toBe(200);
      expect((await api.get('/api/export/stats', undefined, withKey(PREVIOUS_KEY))).status).toBe(200);
    }
    const metrics = await template.direct.get('/metrics');
    const count = (reason: string) => Number(new RegExp(`template_export_auth_failures_total\\{reason="${reason}"[^}]*\\} (\\d+)`).exec(metrics.body)?.[1]);
    expect(count('missing')).toBe(2);
    expect(count('invalid')).toBe(4);
  });

  it('never exports a password hash', async () => {
    const hashes = await template.sql('SELECT password_hash FROM users');
    for (const api of [template.direct, gateway.api]) {
      for (const route of ['users', 'full']) {
        const res = await api.get(`/api/export/${route}`, undefined, withKey());
        const text = JSON.stringify(res.body);
        expect(text).not.toMatch(/password/i);
        for (const { password_hash } of hashes) expect(text).not.toContain(password_hash);
      }
    }
  });

  it('pages with limit and offset up to the boundaries', async () => {
    const api = gateway.api;
    const page = (query: string) => api.get(`/api/export/paintings?${query}`, undefined, withKey());
    const first = await page('limit=5&offset=0');
    expect(first.body).toMatchObject({ count: 5, total: 12, limit: 5, offset: 0, has_more: true });
    const last = await page('limit=5&offset=10');
    expect(last.body).toMatchObject({ count: 2, total: 12, has_more: false, next_cursor: null });
    const exact = await page('limit=12');
    expect(exact.body).toMatchObject({ count: 12, has_more: false, next_cursor: null });
    const past = await page('limit=5&offset=12');
    expect(past.body).toMatchObject({ count: 0, data: [], total: 12, has_more: false });
    const one = await page('limit=1&offset=11');
    expect(one.body).toMatchObject({ count: 1, has_more: false });
    const all = await page('limit=1000');
    expect([...first.body.data, ...(await page('limit=5&offset=5')).body.data, ...last.body.data]).toEqual(all.body.data);
  });

  it('refuses out-of-range and malformed paging input with 400 naming the field', async () => {
    for (const api of [template.direct, gateway.api]) {
      for (const [query, field] of [
        ['limit=5001', 'limit'],
        ['limit=0', 'limit'],
        ['limit=abc', 'limit'],
        ['limit=2.5', 'limit'],
        ['offset=-1', 'offset'],
        ['updated_since=yesterday', 'updated_since'],
        ['cursor=bogus', 'cursor'],
        [`cursor=${Buffer.from('["not-a-date", 1, 12]').toString('base64url')}`, 'cursor'],
        [`cursor=${Buffer.from('["2024-01-01T00:00:00.000Z", "1", 12]').toString('base64url')}`, 'cursor'],
        [`cursor=${Buffer.from('["2024-01-01T00:00:00.000Z", 1, -1]').toString('base64url')}`, 'cursor'],
        [`cursor=${Buffer.from('["2024-01-01T00:00:00.000Z", 1]').toString('base64url')}`, 'cursor'],
      ]) {
        const res = await api.get(`/api/export/paintings?${query}`, undefined, withKey());
        expect(res.status, query).toBe(400);
        expect(res.body, query).toMatchObject({ code: 'VALIDATION_FAILED', field });
        expect(res.body.error, query).toMatch(new RegExp(`^${field}: `));
      }
    }
  });

  it('walks every row exactly once with the cursor, in (updated_at, id) order', async () => {
    const all = (await gateway.api.get('/api/export/paintings', undefined, withKey())).body.data;
    const paged = await pageAll(gateway.api, 'paintings', 5);
    expect(paged).toEqual(all);
    const keys = paged.map((p) => `${p.updated_at}|${String(p.id).padStart(8, '0')}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('keeps the cursor stable while rows change: nothing skipped, changed rows come again with their new version', async () => {
    const before = (await template.direct.get('/api/export/exhibitions', undefined, withKey())).body.data as any[];
    expect(before.map((e) => e.id)).toEqual([1, 2, 3]);
    const seen = await pageAll(template.direct, 'exhibitions', 1, async (page) => {
      if (page === 1) {
        // Already read (id 1) and not yet read (id 3): both move to the end of the order.
        await template.sql(`UPDATE exhibitions SET title = title || ' (mis à jour)' WHERE id IN (1, 3)`);
        await template.sql(`INSERT INTO exhibitions (title, location) VALUES ('Nouvelle exposition', 'Marseille')`);
      }
    });
    const ids = seen.map((e) => e.id);
    // id 2 never changed: exactly once. id 1 twice (old then new version); id 3 once, in its new version; the new row once.
    expect(ids.filter((id) => id === 2)).toHaveLength(1);
    expect(seen.filter((e) => e.id === 1).map((e) => e.title)).toEqual(['Lumières de France', 'Lumières de France (mis à jour)']);
    expect(seen.filter((e) => e.id === 3).map((e) => e.title)).toEqual(['Abstractions (mis à jour)']);
    expect(seen.filter((e) => e.title === 'Nouvelle exposition')).toHaveLength(1);
    const after = (await template.direct.get('/api/export/exhibitions', undefined, withKey())).body.data as any[];
    for (const row of after) expect(seen).toContainEqual(row);
  });

  it('filters by updated_since (inclusive) for incremental reads', async () => {
    const [{ mark }] = await template.sql(`SELECT to_json(max(updated_at)) AS mark FROM custom_requests`);
    await template.sql(`UPDATE custom_requests SET status = 'done' WHERE id = 2`);
    const res = await gateway.api.get(`/api/export/custom-requests?updated_since=${encodeURIComponent(mark)}`, undefined, withKey());
    expect(res.status).toBe(200);
    expect(res.body.data.map((r: any) => r.id)).toContain(2);
    expect(res.body.total).toBe(res.body.data.length);
    for (const row of res.body.data) expect(Date.parse(row.updated_at)).toBeGreaterThanOrEqual(Date.parse(mark));
    const future = await gateway.api.get('/api/export/custom-requests?updated_since=2999-01-01', undefined, withKey());
    expect(future.body).toMatchObject({ data: [], count: 0, total: 0 });
  });
  it('keeps pages of large rows under the NATS message limit behind the gateway', async () => {
    const description = 'Une très longue description. '.repeat(1_700); // ~50 kB per painting
    await template.sql(`INSERT INTO paintings (name, description, price_cents) SELECT 'Grande notice ' || g, $1, 1000 FROM generate_series(1, 30) AS g`, [
      description,
    ]);
    try {
      const first = await gateway.api.get('/api/export/paintings?limit=5000', undefined, withKey());
      expect(first.status).toBe(200);
      expect(first.body.count).toBeLessThan(42);
      expect(first.body).toMatchObject({ total: 42, has_more: true });
      const all = await pageAll(gateway.api, 'paintings', 5000);
      expect(new Set(all.map((p) => p.id)).size).toBe(42);
      expect(all).toHaveLength(42);
    } finally {
      await template.sql(`DELETE FROM paintings WHERE name LIKE 'Grande notice %'`);
    }
  });
});

describe('template export size limits', () => {
  const ns = uniqueNamespace('texf');
  let template: TemplateUnderTest;
  beforeAll(async () => {
    template = await startTemplate(ns, { FULL_EXPORT_MAX_RECORDS: '10', EXPORT_PAGE_MAX_BYTES: '2000' });
  });
  afterAll(async () => {
    await template?.close();
    await dropNamespaceSchemas(ns);
  });

  it('answers 413 naming the paged routes when the full export is too large', async () => {
    const res = await template.direct.get('/api/export/full', undefined, withKey());
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(res.body.error).toMatch(/page through/);
  });

  it('stops a page before it passes the byte limit, and paging still sees every row once', async () => {
    const first = await template.direct.get('/api/export/paintings?limit=100', undefined, withKey());
    expect(first.status).toBe(200);
    expect(first.body.count).toBeGreaterThan(0);
    expect(first.body.count).toBeLessThan(12);
    expect(first.body).toMatchObject({ limit: 100, total: 12, has_more: true });
    expect(Buffer.byteLength(JSON.stringify(first.body.data))).toBeLessThanOrEqual(2000);

    const byCursor = await pageAll(template.direct, 'paintings', 100);
    expect(byCursor.map((p) => p.id).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const byOffset: any[] = [];
    for (let offset = 0; ; ) {
      const page = await template.direct.get(`/api/export/paintings?limit=100&offset=${offset}`, undefined, withKey());
      byOffset.push(...page.body.data);
      offset += page.body.count;
      if (!page.body.has_more) break;
    }
    expect(byOffset).toEqual(byCursor);
  });
});
