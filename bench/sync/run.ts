// Sync benchmark (seed 002): the Dashboard mirrors 100k Template paintings.
//   pnpm exec tsx bench/sync/run.ts [--paintings 100000] [--page-size 1000]
// Every service runs in its own process, as in production (BENCH_RUNTIME=bundle
// runs dist/start, bench/lib/services.ts): the Template export API, the sync
// worker and the gateway. The bench imports none of their code: it fills the
// Template with the service's own `generate-data` script and asks for each
// sync through the public admin route, POST /admin/api/sync-template?wait=true,
// with the run's own counts in the answer. Baseline, in the same run:
// PostgreSQL copying the same rows from the Template's table into a
// Dashboard-shaped table with one INSERT ... SELECT, the floor no HTTP-based
// sync can beat.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { adminSession } from '@platform/testkit/admin';
import { startGateway } from '@platform/testkit/gateway';
import { dropNamespaceSchemas, infra, schemaFor, serviceEnv } from '@platform/testkit/infra';
import { repoRoot } from '@platform/testkit/processes';
import { startBenchService } from '../lib/services.js';

const { values } = parseArgs({
  options: { paintings: { type: 'string', default: '100000' }, 'page-size': { type: 'string', default: '1000' }, repeat: { type: 'string', default: '3' } },
});
const paintings = Number(values.paintings);
const pageSize = Number(values['page-size']);
/** Each timed phase runs this many times and the best time is kept: the machine is shared, and noise only ever adds time. */
const repeat = Number(values.repeat);
const ns = `bench${randomBytes(3).toString('hex')}`;
const apiKey = randomBytes(32).toString('base64url');
const templateSchema = schemaFor('template-export', ns);
const dashboardSchema = schemaFor('sync-worker', ns);
const pool = new pg.Pool({ connectionString: infra.databaseUrl, max: 6 });

const seconds = (started: number) => (performance.now() - started) / 1000;

/**
 * CPU seconds used so far by a process tree (a service started from source
 * runs under tsx, one process below the one we started). Wall time on a shared
 * machine depends on the neighbours; CPU time per row does not.
 */
function treeCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const own = (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
    const children = readdirSync(`/proc/${pid}/task`).flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
    );
    return own + children.reduce((sum, child) => sum + treeCpuSeconds(child), 0);
  } catch {
    return 0;
  }
}
const rows: Array<[string, string, string, string]> = [];
const record = (scenario: string, count: number, elapsed: number, note = '') =>
  rows.push([
    scenario,
    count.toLocaleString('en'),
    `${elapsed.toFixed(3)} s`,
    count ? `${Math.round(count / elapsed).toLocaleString('en')} rows/s${note}` : note,
  ]);

interface TableCounts {
  fetched: number;
  inserted: number;
  updated: number;
}
type SyncMode = 'incremental' | 'full';

const template = await startBenchService('template-export', ns, { TEMPLATE_MASTER_API_KEY: apiKey, LOG_LEVEL: 'warn' });
const syncWorker = await startBenchService('sync-worker', ns, {
  TEMPLATE_BASE_URL: template.url,
  TEMPLATE_API_KEY: apiKey,
  TEMPLATE_TIMEOUT_MS: '30000',
  TEMPLATE_RETRIES: '0',
  SYNC_PAGE_SIZE: String(pageSize),
  SYNC_OVERLAP_MS: '60000',
  SYNC_SCHEDULES_ENABLED: 'false',
  LOG_LEVEL: 'warn',
});
const gateway = await startGateway(ns);
try {
  const admin = await adminSession(gateway.api, ns);
  const started = performance.now();
  // The Template's own bulk generator (services/template-export/src/generate-data.ts), run as its script.
  execFileSync(`${repoRoot}node_modules/.bin/tsx`, ['src/generate-data.ts', '--paintings', String(paintings)], {
    cwd: `${repoRoot}services/template-export`,
    env: { ...process.env, ...serviceEnv('template-export', ns) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  record('generate paintings in the Template (generate_series)', paintings, seconds(started));
  // What the mirror must hold: every painting of the Template, the generated ones and any demo paintings
  // its start seeded (SEED_DEMO_DATA=true in a fresh .env adds 12).
  const templatePaintings = Number((await pool.query(`SELECT count(*) AS n FROM "${templateSchema}".paintings`)).rows[0].n);

  const run = async (mode: SyncMode) => {
    const cpu = { worker: treeCpuSeconds(syncWorker.child.pid!), template: treeCpuSeconds(template.child.pid!) };
    const at = performance.now();
    const res = await gateway.api.post(`/admin/api/sync-template?wait=true${mode === 'full' ? '&full=true' : ''}`, undefined, admin.token);
    const elapsed = seconds(at);
    if (res.status !== 200 || res.body.job?.state !== 'completed') throw new Error(`sync failed: ${res.status} ${JSON.stringify(res.body)}`);
    return {
      elapsed,
      counts: res.body.run.counts as Record<string, TableCounts>,
      cpu: { worker: treeCpuSeconds(syncWorker.child.pid!) - cpu.worker, template: treeCpuSeconds(template.child.pid!) - cpu.template },
    };
  };
  const cpuNote = (cpu: { worker: number; template: number }) => `; Node CPU ${cpu.worker.toFixed(2)} s worker + ${cpu.template.toFixed(2)} s template`;
  const best = async <T extends { elapsed: number }>(times: number, phase: () => Promise<T>, reset: () => Promise<unknown> = async () => {}) => {
    let fastest: T | undefined;
    for (let i = 0; i < times; i++) {
      await reset();
      const result = await phase();
      if (!fastest || result.elapsed < fastest.elapsed) fastest = result;
    }
    return fastest!;
  };
  const emptyDashboard = () =>
    pool.query(`TRUNCATE "${dashboardSchema}".paintings, "${dashboardSchema}".orders, "${dashboardSchema}".order_items, "${dashboardSchema}".settings,
      "${dashboardSchema}".users, "${dashboardSchema}".exhibitions, "${dashboardSchema}".custom_requests, "${dashboardSchema}".sync_state`);

  // Baseline: the same rows copied inside PostgreSQL, no HTTP, no JSON.
  await pool.query(`CREATE TABLE "${dashboardSchema}".baseline_paintings (LIKE "${dashboardSchema}".paintings INCLUDING ALL)`);
  const { elapsed: baseline } = await best(
    repeat,
    async () => {
      const at = performance.now();
      await pool.query(
        `INSERT INTO "${dashboardSchema}".baseline_paintings (id, name, description, artist, category, technique, width_cm, height_cm, year, price_cents, currency, image_url, status, created_at, updated_at)
         SELECT id, name, description, artist, category, technique, width_cm, height_cm, year, price_cents, currency, image_url, status, created_at, updated_at FROM "${templateSchema}".paintings`,
      );
      return { elapsed: seconds(at) };
    },
    () => pool.query(`TRUNCATE "${dashboardSchema}".baseline_paintings`),
  );
  record('baseline: INSERT ... SELECT inside PostgreSQL', paintings, baseline);

  const full = await best(repeat, () => run('incremental'), emptyDashboard);
  const fetched = Object.values(full.counts).reduce((sum, c) => sum + c.fetched, 0);
  record(
    `first sync (empty Dashboard, pages of ${pageSize})`,
    fetched,
    full.elapsed,
    ` (${(full.elapsed / baseline).toFixed(1)}× baseline time${cpuNote(full.cpu)})`,
  );

  const idle = await best(repeat, () => run('incremental'));
  const reread = Object.values(idle.counts).reduce((sum, c) => sum + c.fetched, 0);
  const written = Object.values(idle.counts).reduce((sum, c) => sum + c.inserted + c.updated, 0);
  rows.push(['incremental sync, no change', `${reread} re-read (overlap window)`, `${idle.elapsed.toFixed(3)} s`, `${written} rows written`]);

  await pool.query(`UPDATE "${templateSchema}".paintings SET price_cents = price_cents + 1 WHERE id % 100 = 0`);
  const changed = await run('incremental');
  record('incremental sync, 1% of paintings changed', changed.counts.paintings.fetched, changed.elapsed, `, ${changed.counts.paintings.updated} updated`);

  const again = await best(repeat, () => run('full'));
  const againFetched = Object.values(again.counts).reduce((sum, c) => sum + c.fetched, 0);
  record('full re-read, nothing to write (?full=true)', againFetched, again.elapsed, ` (${cpuNote(again.cpu).slice(2)})`);

  const check = await pool.query<{ equal: number; mirrored: number }>(
    `SELECT (SELECT count(*)::int FROM "${templateSchema}".paintings t JOIN "${dashboardSchema}".paintings d USING (id)
             WHERE (t.name, t.price_cents, t.updated_at) IS NOT DISTINCT FROM (d.name, d.price_cents, d.updated_at)) AS equal,
            (SELECT count(*)::int FROM "${dashboardSchema}".paintings) AS mirrored`,
  );
  const { equal, mirrored } = check.rows[0];
  if (equal !== templatePaintings || mirrored !== templatePaintings) {
    throw new Error(`mirror mismatch: ${equal} of the Template's ${templatePaintings} paintings equal, ${mirrored} in the mirror`);
  }

  const [load] = (await import('node:os')).loadavg();
  console.log(
    `\nSync benchmark: ${paintings.toLocaleString('en')} paintings, page size ${pageSize}, best of ${repeat}, node ${process.version}, load average ${load.toFixed(1)}\n`,
  );
  console.log('| scenario | rows | time | throughput |');
  console.log('|---|---:|---:|---:|');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  console.log(`\nTargets: first sync >= 20,000 rows/s; incremental no-change <= 1 s. Mirror verified: ${templatePaintings} paintings equal.`);
  console.log('Times are seen by the admin client: each sync includes its trip through the gateway and the job queue.');
} finally {
  await Promise.all([gateway.stop(), syncWorker.stop(), template.stop()]);
  await pool.end();
  await dropNamespaceSchemas(ns);
}
