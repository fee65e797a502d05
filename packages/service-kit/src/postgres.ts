import pg from 'pg';
import type { Logger } from './logger.js';
import type { Service } from './service.js';

/**
 * Keeps a lost PostgreSQL connection from crashing the process. pg-pool only
 * listens for errors on idle clients; a client checked out between two
 * queries (a transaction waiting on NATS or S3, the outbox relay publishing,
 * a LISTEN connection) has no listener, so when the server ends its
 * connection (restart, failover, admin shutdown) pg emits an unhandled
 * 'error' and Node exits. With a listener the next query on that client
 * fails instead, and release() drops the dead client from the pool.
 */
export function survivePostgresRestarts(pool: pg.Pool, logger: Logger): pg.Pool {
  pool.on('error', (err) => logger.warn({ err }, 'idle postgres client error'));
  pool.on('connect', (client) => {
    client.on('error', (err) => logger.warn({ err }, 'postgres connection lost'));
  });
  return pool;
}

/** A pg pool registered with the service's readiness checks and shutdown. */
export function createPool(service: Service, options: { connectionString: string; max: number }): pg.Pool {
  const pool = survivePostgresRestarts(
    new pg.Pool({ connectionString: options.connectionString, max: options.max, application_name: service.name }),
    service.logger,
  );
  service.addReadinessCheck('postgres', async () => {
    await pool.query('SELECT 1');
  });
  service.onShutdown('postgres', () => pool.end());
  return pool;
}
