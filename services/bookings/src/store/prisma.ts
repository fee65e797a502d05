import { PrismaPg } from '@prisma/adapter-pg';
import { quoteIdent } from '@platform/service-kit';
import { PrismaClient } from './generated/client.js';

export type Db = PrismaClient;

/**
 * How long a transaction may wait for a pooled connection. Prisma's default
 * (2 s) turns a burst on a popular slot into errors; waiting as long as an
 * operation's deadline (5 s by default) queues the burst instead, and the
 * caller's deadline still bounds the wait.
 */
export const TRANSACTION_MAX_WAIT_MS = 5_000;

/**
 * Prisma on the service's schema. The search_path is set on every connection
 * as well, so the unqualified raw SQL of the kit's outbox insert lands in the
 * same schema as the booking it commits with.
 */
export function createPrisma(options: { url: string; schema: string; poolSize: number }): Db {
  const searchPath = `-c search_path=${quoteIdent(options.schema)}`;
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: options.url, max: options.poolSize, options: searchPath }, { schema: options.schema }),
    transactionOptions: { maxWait: TRANSACTION_MAX_WAIT_MS, timeout: 10_000 },
  });
}
