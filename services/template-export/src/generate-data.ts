// Fills the Template with a large data set for benchmarks:
//   pnpm run generate-data --paintings 100000 [--orders 10000] [--users 5000]
import { parseArgs } from 'node:util';
import { loadConfig, schemaNameFor } from '@platform/service-kit';
import pg from 'pg';
import { templateExportEnvSchema } from './config.js';
import { generateData } from './store/bulk-generator.js';

// `pnpm run x -- --flag` passes the `--` along; it is not an argument.
const args = process.argv.slice(2).filter((arg) => arg !== '--');
const { values } = parseArgs({ args, options: { paintings: { type: 'string' }, orders: { type: 'string' }, users: { type: 'string' } } });
const count = (name: string, value: string | undefined) => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 10_000_000) throw new Error(`--${name} must be an integer between 0 and 10000000`);
  return n;
};
const config = loadConfig(templateExportEnvSchema);
const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 2 });
try {
  const started = performance.now();
  const created = await generateData(pool, schemaNameFor('template-export', config.DATABASE_SCHEMA), {
    paintings: count('paintings', values.paintings),
    orders: count('orders', values.orders),
    users: count('users', values.users),
  });
  console.log(`template-export: generated ${JSON.stringify(created)} in ${Math.round(performance.now() - started)} ms`);
} finally {
  await pool.end();
}
