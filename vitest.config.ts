import { defineConfig } from 'vitest/config';

// One run for the whole repo. Each test file isolates itself (its own NATS
// namespace, Postgres schemas and Redis prefix), so files run in parallel.
export default defineConfig({
  test: {
    projects: ['packages/*', 'services/*', 'test/*', 'examples/*'],
  },
});
