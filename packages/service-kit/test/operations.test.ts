import type { NatsConnection } from '@nats-io/transport-node';
import { baseEnvSchema, parseConfig, Service } from '@platform/service-kit';
import { serviceEnv, startProcess, uniqueNamespace } from '@platform/testkit';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, natsConnect } from './nats-client.js';
import { slowEcho } from './fixtures/probe-operations.js';

describe('operation handling over NATS', () => {
  let nc: NatsConnection;
  beforeAll(async () => {
    nc = await natsConnect();
  });
  afterAll(async () => nc?.close());

  it('spreads requests across two instances of a service (queue group)', async () => {
    const namespace = uniqueNamespace('kq');
    const instances = await Promise.all(
      ['a', 'b'].map(async (id) => {
        const service = new Service({ name: 'kitprobe', config: parseConfig(baseEnvSchema, serviceEnv('kitprobe', namespace, { INSTANCE_ID: id })) });
        service.handle(slowEcho, async (input) => {
          await new Promise((resolve) => setTimeout(resolve, 2));
          return { value: input.value, instance: id };
        });
        return service.connect();
      }),
    );
    try {
      const replies = await Promise.all(Array.from({ length: 60 }, (_, i) => call(nc, slowEcho, namespace, { value: i })));
      const byInstance = { a: 0, b: 0 } as Record<string, number>;
      replies.forEach((reply, i) => {
        expect(reply).toMatchObject({ ok: true, data: { value: i } });
        byInstance[reply.ok ? reply.data.instance : 'x']++;
      });
      expect(byInstance.a + byInstance.b).toBe(60);
      expect(byInstance.a).toBeGreaterThan(5);
      expect(byInstance.b).toBeGreaterThan(5);
    } finally {
      await Promise.all(instances.map((s) => s.stop()));
    }
  });

  it('validates input against the contract and names the field', async () => {
    const namespace = uniqueNamespace('kv');
    const service = await new Service({ name: 'kitprobe', config: parseConfig(baseEnvSchema, serviceEnv('kitprobe', namespace)) })
      .handle(slowEcho, async (input) => ({ value: input.value, instance: 'x' }))
      .connect();
    try {
      const reply = await call(nc, slowEcho, namespace, { value: 'nope' });
      expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', status: 400, field: 'value' } });
    } finally {
      await service.stop();
    }
  });

  it('sends the replies of requests in flight before its NATS connection drains on stop', async () => {
    // Replies leave at the end of the event-loop turn (end-of-turn.ts); the drain must not outrun them.
    const namespace = uniqueNamespace('kd');
    const service = await new Service({ name: 'kitprobe', config: parseConfig(baseEnvSchema, serviceEnv('kitprobe', namespace)) })
      .handle(slowEcho, async (input) => {
        await new Promise((resolve) => setTimeout(resolve, input.delayMs));
        return { value: input.value, instance: 'x' };
      })
      .connect();
    const pending = [1, 2, 3].map((value) => call(nc, slowEcho, namespace, { value, delayMs: 100 * value }, 2_000));
    await new Promise((resolve) => setTimeout(resolve, 30));
    await service.stop();
    const replies = await Promise.all(pending);
    expect(replies.map((reply) => reply.ok && reply.data.value)).toEqual([1, 2, 3]);
  });

  it('finishes a request in flight on SIGTERM, then exits 0', async () => {
    const namespace = uniqueNamespace('ks');
    const entry = fileURLToPath(new URL('./fixtures/slow-service.ts', import.meta.url));
    const proc = await startProcess(entry, serviceEnv('kitprobe', namespace));
    const pending = call(nc, slowEcho, namespace, { value: 7, delayMs: 1_500 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const exitCode = proc.stop('SIGTERM');
    const reply = await pending;
    expect(reply).toMatchObject({ ok: true, data: { value: 7 } });
    expect(await exitCode).toBe(0);
    // Once stopped, nobody answers any more.
    await expect(call(nc, slowEcho, namespace, { value: 1 }, 300)).rejects.toThrow();
  });
});
