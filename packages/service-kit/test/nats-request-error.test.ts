import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { NatsConnection } from '@nats-io/transport-node';
import { connectNats, createLogger } from '@platform/service-kit';
import { infra, uniqueNamespace } from '@platform/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Our patch of nats-core (patches/, docs/decisions/0963): a request that got
 * its reply releases its timer and subscription entry without building a
 * `RequestError("cancelled")` (message, stack and all) to reject a promise
 * that is already settled, which cost about 2 % of the gateway's CPU. The
 * errors module's class is swapped for a counting one: request.js reads it at
 * the moment it builds the error. Without the patch every reply builds one,
 * and this test fails (checked by reverting the patch).
 */
const logger = createLogger({ service: 'test', instance: 'test', level: 'silent' });
const requireFromTransport = createRequire(createRequire(import.meta.url).resolve('@nats-io/transport-node'));
const errorsModule = requireFromTransport(join(dirname(requireFromTransport.resolve('@nats-io/nats-core')), 'errors.js')) as {
  RequestError: new (message?: string, options?: ErrorOptions) => Error;
};
let nc: NatsConnection;

beforeAll(async () => {
  nc = await connectNats({ url: infra.natsUrl, name: 'request-error-test', logger });
});

afterAll(async () => {
  await nc?.close();
});

describe("the kit's NATS requests", () => {
  it('build no "cancelled" error once answered, and still get every reply', async () => {
    const subject = `kit.echo.${uniqueNamespace('echo')}`;
    nc.subscribe(subject, {
      callback: (_err, msg) => {
        msg.respond(msg.data);
      },
    });
    await nc.flush();
    const original = errorsModule.RequestError;
    let cancelled = 0;
    errorsModule.RequestError = class CountedRequestError extends original {
      constructor(message?: string, options?: ErrorOptions) {
        super(message, options);
        if (message === 'cancelled') cancelled++;
      }
    };
    try {
      const replies = await Promise.all(Array.from({ length: 200 }, (_, i) => nc.request(subject, String(i), { timeout: 5_000 })));
      expect(replies.map((m) => m.string())).toEqual(Array.from({ length: 200 }, (_, i) => String(i)));
    } finally {
      errorsModule.RequestError = original;
    }
    expect(cancelled).toBe(0);
  });
});
