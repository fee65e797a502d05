import { spawnSync } from 'node:child_process';
import { baseEnvSchema, ConfigError, parseConfig, postgresEnvSchema } from '@platform/service-kit';
import { repoRoot, serviceEnv } from '@platform/testkit';
import { describe, expect, it } from 'vitest';

describe('typed env config', () => {
  it('names every missing or bad variable', () => {
    const schema = baseEnvSchema.extend(postgresEnvSchema.shape);
    try {
      parseConfig(schema, { DATABASE_URL: 'not a url', SHUTDOWN_TIMEOUT_MS: '-5' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toContain('NATS_URL is required but not set');
      expect(message).toContain('DATABASE_URL');
      expect(message).toContain('SHUTDOWN_TIMEOUT_MS');
    }
  });

  it('stops a real service process with a non-zero code naming the missing variable', () => {
    const env = { ...serviceEnv('gateway', 'tcfg') } as Record<string, string>;
    delete env.JWT_SECRET;
    const result = spawnSync(`${repoRoot}node_modules/.bin/tsx`, [`${repoRoot}services/gateway/src/main.ts`], {
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('JWT_SECRET is required but not set');
  });
});
