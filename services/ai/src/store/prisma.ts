import { PrismaPg } from '@prisma/adapter-pg';
import type { Pool } from 'pg';
import { PrismaClient } from './generated/client.js';

export type Db = PrismaClient;

/** Prisma on the service's own pg pool, so reads and event projections share one set of connections. */
export function createPrisma(options: { pool: Pool; schema: string }): Db {
  return new PrismaClient({ adapter: new PrismaPg(options.pool, { schema: options.schema }) });
}
