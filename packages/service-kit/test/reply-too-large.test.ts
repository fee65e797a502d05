import { Writable } from 'node:stream';
import type { NatsConnection } from '@nats-io/transport-node';
import { operationSubject, type ReplyEnvelope } from '@platform/contracts';
import {
  baseEnvSchema,
  createHttpApp,
  createLogger,
  mountOperationRoutes,
  parseConfig,
  requestFailure,
  requestWhenConnected,
  Service,
} from '@platform/service-kit';
import { serviceEnv, uniqueNamespace } from '@platform/testkit';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigReply } from './fixtures/probe-operations.js';
import { natsConnect } from './nats-client.js';

/**
 * A reply larger than the NATS server's max_payload (1 MB by default) cannot
 * be sent. It must come back at once as an explicit error, logged, and never
 * as the caller's deadline running out (a silent 504).
 */
describe('a reply too large for NATS', () => {
  const namespace = uniqueNamespace('kbig');
  const logLines: Array<Record<string, unknown>> = [];
  let service: Service;
  let nc: NatsConnection;
  let app: ReturnType<typeof createHttpApp>;

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
        done();
      },
    });
    service = await new Service({
      name: 'kitprobe',
      config: parseConfig(baseEnvSchema, serviceEnv('kitprobe', namespace)),
      logger: pino({ level: 'warn' }, sink),
    })
      .handle(bigReply, async (input) => ({ blob: 'x'.repeat(input.bytes) }))
      .connect();
    nc = await natsConnect();
    // The gateway's path: an HTTP route from the contract, forwarded as one NATS request.
    app = createHttpApp({ logger: createLogger({ service: 'test', instance: 'test', level: 'silent' }) });
    mountOperationRoutes(app, [bigReply], {
      dispatch: async (op, input, ctx) => {
        try {
          const msg = await requestWhenConnected(nc, operationSubject(op, namespace), JSON.stringify({ input, ctx }), {
            timeout: ctx.deadline - Date.now(),
          });
          return msg.json<ReplyEnvelope>();
        } catch (error) {
          return { ok: false, error: requestFailure(error, op.service) };
        }
      },
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await nc?.close();
    await service?.stop();
  });

  it('answers 502 REPLY_TOO_LARGE for a 2 MB reply instead of timing out, and logs it', async () => {
    const maxPayload = nc.info!.max_payload;
    expect(2 * 1024 * 1024).toBeGreaterThan(maxPayload);
    const res = await app.inject({ method: 'GET', url: '/kitprobe/big?bytes=2097152' });
    expect(res.statusCode).toBe(502);
    expect(res.json().error).toMatchObject({ code: 'REPLY_TOO_LARGE' });
    expect(res.json().error.message).toContain('kitprobe.bigReply');
    const logged = logLines.find((line) => line.operation === 'kitprobe.bigReply');
    expect(logged).toMatchObject({ level: 50, maxPayload });
    expect(Number(logged?.bytes)).toBeGreaterThan(2 * 1024 * 1024);
  });

  it('still sends a reply that fits', async () => {
    const res = await app.inject({ method: 'GET', url: '/kitprobe/big?bytes=1000' });
    expect(res.statusCode).toBe(200);
    expect(res.json().blob).toHaveLength(1000);
  });
});
