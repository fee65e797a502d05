import { defineProject } from 'vitest/config';

/** Per-package vitest settings: real infrastructure is slower than mocks, so timeouts are generous. */
export const projectConfig = (name: string) =>
  defineProject({
    test: {
      name,
      include: ['test/**/*.test.ts'],
      testTimeout: 60_000,
      hookTimeout: 180_000,
      pool: 'forks',
      // Postgres, NATS and child processes do the waiting; 3 files at a time keeps 2 cores busy without thrashing.
      maxWorkers: 3,
    },
  });
