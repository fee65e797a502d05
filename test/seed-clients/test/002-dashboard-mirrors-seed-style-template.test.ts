import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { infra, schemaFor, uniqueNamespace } from '@platform/testkit';
import { type AdminSession, adminSession } from '@platform/testkit/admin';
import { startPlatform, type TestPlatform } from '@platform/testkit/platform';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeedStyleTemplate, startSeedStyleTemplate } from '../src/seed-style-template.js';

const KEY = 'seed-style-template-key-0123456789';

/**
 * Issue 16 §2: the Dashboard (sync-worker) mirrors any Template that speaks
 * seed 002's export API, not only ours. The Template here is the seed-style
 * one (fixtures/seed_style_template.py, Python standard library): `{data,
 * count}` pages, limit/offset, at most 1,000 rows a page whatever is asked,
 * no cursor, total or updated_at, unknown fields, prices as floats. The
 * worker asks 5,000 a page, so the cap is exercised, and 2,500 paintings
 * take three pages.
 */
describe('seed 002: the Dashboard mirrors a seed-style Template completely', () => {
  const ns = uniqueNamespace('seedtpl');
  const dir = mkdtempSync(join(tmpdir(), 'seed-style-template-'));
  const dataFile = join(dir, 'template.json');
  const pool = new pg.Pool({ connectionString: infra.databaseUrl, max: 2 });
  const dashboard = `"${schemaFor('sync-worker', ns)}"`;
  let template: SeedStyleTemplate;
  let platform: TestPlatform;
  let admin: AdminSession;

  const sql = async (text: string, values?: unknown[]) => (await pool.query(text, values)).rows;
  const sync = () => platform.api.post('/admin/api/sync-template', undefined, admin.token);
  const editTemplate = (edit: (data: any) => void) => {
    const data = JSON.parse(readFileSync(dataFile, 'utf8'));
    edit(data);
    writeFileSync(dataFile, JSON.stringify(data));
  };
  const requestsOf = (table: string) => template.requests.filter((r) => r.request.startsWith(`/api/export/${table}?`)).map((r) => r.request);

  beforeAll(async () => {
    template = await startSeedStyleTemplate({ TEMPLATE_MASTER_API_KEY: KEY, TEMPLATE_DATA_FILE: dataFile, PAINTINGS: '2500', ORDERS: '230', PAGE_CAP: '1000' });
    platform = await startPlatform(ns, {
      only: ['gateway', 'sync-worker'],
      serviceEnv: {
        'sync-worker': { TEMPLATE_BASE_URL: template.url, TEMPLATE_API_KEY: KEY, SYNC_PAGE_SIZE: '5000', SYNC_SCHEDULES_ENABLED: 'false' },
      },
    });
    admin = await adminSession(platform.api, ns);
  });
  afterAll(async () => {
    await platform?.stop();
    await template?.stop();
    await pool.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads every row, page by page, by offset only, and answers the seed: 200 "Synchronization completed" with rows per table', async () => {
    const res = await sync();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      success: true,
      message: 'Synchronization completed',
      data: { settings: 4, paintings: 2500, orders: 230, users: 1, exhibitions: 1, custom_requests: 1 },
    });
    // 1,000 + 1,000 + 500: the short third page ends the table; the cap below the 5,000 asked did not stop it early.
    expect(requestsOf('paintings')).toEqual([
      '/api/export/paintings?limit=5000&offset=0',
      '/api/export/paintings?limit=5000&offset=1000',
      '/api/export/paintings?limit=5000&offset=2000',
    ]);
    // Our additions are never sent to a Template whose answers do not show them.
    for (const { request } of template.requests) expect(request).not.toMatch(/cursor|updated_since/);

    expect((await sql(`SELECT count(*)::int AS n FROM ${dashboard}.paintings`))[0].n).toBe(2500);
    expect((await sql(`SELECT count(*)::int AS n FROM ${dashboard}.order_items`))[0].n).toBe(230);
  });

  it('keeps every field: typed columns for the known ones, the whole row as JSON; float prices become exact cents', async () => {
    const [painting] = await sql(`SELECT name, artist, status, price_cents, raw FROM ${dashboard}.paintings WHERE id = 1`);
    expect(painting).toMatchObject({ name: 'Toile n°1', artist: 'Hugo Blanc', status: 'available', price_cents: 11025 });
    expect(painting.raw).toEqual({
      id: 1,
      name: 'Toile n°1',
      artist: 'Hugo Blanc',
      price: 110.25,
      status: 'available',
      dominant_color: 'bleu de Prusse',
      tags: ['huile', 'série-1'],
      frame: { material: 'chêne', depth_mm: 31 },
    });
    // Every one of the 2,500 float prices, in exact cents.
    const wrong = await sql(`SELECT id FROM ${dashboard}.paintings WHERE price_cents IS DISTINCT FROM round((raw->>'price')::numeric * 100)`);
    expect(wrong).toEqual([]);
    const [order] = await sql(`SELECT total_cents, status, created_at, raw FROM ${dashboard}.orders WHERE id = 4`);
    expect(order).toMatchObject({ total_cents: 10390, status: 'paid', created_at: new Date('2026-01-15T10:30:00Z') });
    expect(order.raw).toMatchObject({ gift_message: 'Joyeux anniversaire', items: [{ id: 40, unit_price: 103.9 }] });
    const [item] = await sql(`SELECT order_id, painting_id, quantity, unit_price_cents FROM ${dashboard}.order_items WHERE id = 40`);
    expect(item).toEqual({ order_id: 4, painting_id: 4, quantity: 1, unit_price_cents: 10390 });
    const [theme] = await sql(`SELECT value, raw FROM ${dashboard}.settings WHERE key = 'theme'`);
    expect(theme).toEqual({ value: 'sombre', raw: { key: 'theme', value: 'sombre', updated_by: 'marie' } });
    const [request] = await sql(`SELECT budget_cents FROM ${dashboard}.custom_requests WHERE id = 1`);
    expect(request.budget_cents).toBe(90000);
  });

  it('upserts settings by key and paintings by id, inserts each order once and never updates it', async () => {
    editTemplate((data) => {
      data.settings.find((s: any) => s.key === 'theme').value = 'clair';
      data.settings.push({ key: 'instagram', value: '@galeriequai' });
      Object.assign(
        data.paintings.find((p: any) => p.id === 5),
        { price: 999.99, name: 'Toile n°5 (restaurée)' },
      );
      Object.assign(
        data.orders.find((o: any) => o.id === 1),
        { status: 'refunded', total: 0 },
      );
      data.orders.push({ id: 231, customer_name: 'Client 231', customer_email: 'c231@example.fr', status: 'paid', total: 19.99, items: [] });
    });
    const res = await sync();
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ settings: 5, paintings: 2500, orders: 231 });
    expect(res.body.run.counts).toMatchObject({
      settings: { inserted: 1, updated: 1 },
      paintings: { inserted: 0, updated: 1 },
      orders: { inserted: 1, updated: 0 },
    });
    expect(await sql(`SELECT key, value FROM ${dashboard}.settings WHERE key IN ('theme', 'instagram') ORDER BY key`)).toEqual([
      { key: 'instagram', value: '@galeriequai' },
      { key: 'theme', value: 'clair' },
    ]);
    expect((await sql(`SELECT name, price_cents FROM ${dashboard}.paintings WHERE id = 5`))[0]).toEqual({ name: 'Toile n°5 (restaurée)', price_cents: 99999 });
    // The seed: "orders are never updated, only created". Order 1 stays as first synced.
    expect((await sql(`SELECT status, total_cents FROM ${dashboard}.orders WHERE id = 1`))[0]).toEqual({ status: 'paid', total_cents: 10090 });
    expect((await sql(`SELECT total_cents FROM ${dashboard}.orders WHERE id = 231`))[0].total_cents).toBe(1999);
  });

  it('a run with nothing changed writes nothing', async () => {
    const res = await sync();
    expect(res.status).toBe(200);
    for (const [table, counts] of Object.entries<any>(res.body.run.counts)) expect(counts, table).toMatchObject({ inserted: 0, updated: 0 });
  });
});
