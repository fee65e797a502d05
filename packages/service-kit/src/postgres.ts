import pg from 'pg';
import type { Service } from './service.js';

/** A pg pool registered with the service's readiness checks and shutdown. */
export function createPool(service: Service, options: { connectionString: string; max: number }): pg.Pool {
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.max, application_name: service.name });
  pool.on('error', (err) => service.logger.warn({ err }, 'idle postgres client error'));
  service.addReadinessCheck('postgres', async () => {
    await pool.query('SELECT 1');
  });
  service.onShutdown('postgres', () => pool.end());
  return pool;
}
