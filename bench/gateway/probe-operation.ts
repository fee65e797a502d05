import { defineOperation } from '@platform/contracts';
import { z } from 'zod';

/** Benchmark-only operation: an authenticated GET served over NATS by the probe service. */
export const benchPing = defineOperation({
  name: 'benchprobe.ping',
  service: 'benchprobe',
  summary: 'benchmark ping',
  auth: 'user',
  http: { method: 'GET', path: '/api/bench/ping' },
  input: z.object({}),
  output: z.object({ pong: z.boolean(), userId: z.string() }),
});
