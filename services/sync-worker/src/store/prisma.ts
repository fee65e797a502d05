import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client.js';

export type Db = PrismaClient;

export function createPrisma(options: { url: string; schema: string; poolSize: number }): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: options.url, max: options.poolSize }, { schema: options.schema }) });
}
