import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client.js';

export type Db = PrismaClient;

/**
 * Prisma on the pg adapter, in the service's schema. The adapter's `schema`
 * option qualifies model queries only; raw SQL (the kit's unqualified outbox
 * insert) needs the session's search_path too.
 */
export function createPrisma(options: { url: string; schema: string; poolSize: number }): Db {
  return new PrismaClient({
    adapter: new PrismaPg(
      { connectionString: options.url, max: options.poolSize, options: `-c search_path=${options.schema},public` },
      { schema: options.schema },
    ),
  });
}
