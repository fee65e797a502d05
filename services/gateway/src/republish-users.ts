import { loadConfig, postgresEnvSchema } from '@platform/service-kit';
import pg from 'pg';
import { gatewaySchema } from './schema.js';
import { announceEveryUser } from './store/user-announcements.js';

/**
 * One-off, for a service whose user read model starts after the stream has
 * dropped some accounts' events (they are kept 30 days): writes one
 * evt.gateway.user.updated per account to the gateway's outbox, which the
 * running gateways publish (docs/decisions/0975). Safe to repeat.
 */
const config = loadConfig(postgresEnvSchema);
const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 1 });
try {
  const written = await announceEveryUser(pool, gatewaySchema(config));
  console.log(`gateway: ${written} user events written to the outbox; a running gateway publishes them`);
} finally {
  await pool.end();
}
