import { spawnSync } from 'node:child_process';
import { baseEnvSchema, ConfigError, envFlag, optionalEnv, parseConfig, postgresEnvSchema } from '@platform/service-kit';
import { repoRoot, serviceEnv } from '@platform/testkit';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

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

  it('reads flags and optional variables one way: `VAR=` is unset, only true/false is a flag', () => {
    const schema = z.object({ FEATURE: envFlag('true'), OTHER: envFlag('false'), KEY: optionalEnv(z.string().min(4, 'must be at least 4 characters')) });
    expect(parseConfig(schema, {})).toEqual({ FEATURE: true, OTHER: false, KEY: undefined });
    expect(parseConfig(schema, { FEATURE: 'false', OTHER: 'true', KEY: '' })).toEqual({ FEATURE: false, OTHER: true, KEY: undefined });
    expect(parseConfig(schema, { KEY: 'long enough' }).KEY).toBe('long enough');
    expect(() => parseConfig(schema, { FEATURE: 'yes' })).toThrow(/FEATURE/);
    expect(() => parseConfig(schema, { KEY: 'abc' })).toThrow(/KEY must be at least 4 characters/);
  });
});
