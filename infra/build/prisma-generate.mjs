// Runs `prisma generate` offline. Prisma 7 only needs a schema-engine binary for
// migrate/db commands, yet checks for one at generate time; any existing file
// satisfies that check (see docs/decisions/0002-prisma-7-with-sql-migrations.md).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('prisma/schema.prisma')) process.exit(0);
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
const result = spawnSync('prisma', ['generate'], { stdio: ['ignore', 'ignore', 'inherit'], env, shell: process.platform === 'win32' });
process.exit(result.status ?? 1);
