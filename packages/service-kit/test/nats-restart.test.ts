import { TimeoutError } from '@nats-io/transport-node';
import { connectNats, createLogger, isNatsConnected, NatsDisconnectedError, requestWhenConnected } from '@platform/service-kit';
import { waitFor } from '@platform/testkit';
import { type PrivateInfra, startPrivateInfra } from '@platform/testkit/private-infra';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * A NATS restart, on a private nats-server (the shared one is never
 * restarted). While the connection is down, nats.js drops what is published
 * (it clears its outbound buffer on each reconnect attempt): a request sent
 * then was never delivered, and its caller waited out its whole deadline.
 * The faults suite (test/faults) saw 504s after 15-30 s; now such a request
 * is refused at once, and answered again as soon as the connection is back.
 */
const logger = createLogger({ service: 'test', instance: 'test', level: 'silent' });
let infra: PrivateInfra;

beforeAll(async () => {
  infra = await startPrivateInfra();
}, 120_000);

afterAll(async () => {
  await infra?.stop();
});

describe('requests across a NATS restart', () => {
  it('are refused at once while the connection is down, and answered again once it is back', async () => {
    const responder = await connectNats({ url: infra.natsUrl, name: 'responder', logger });
    const requester = await connectNats({ url: infra.natsUrl, name: 'requester', logger });
    responder.subscribe('kit.echo', {
      callback: (_err, msg) => {
        msg.respond(msg.data);
      },
    });
    await responder.flush(); // the server has the subscription before the first request (else: no responders)
    try {
      expect(new TextDecoder().decode((await requestWhenConnected(requester, 'kit.echo', 'before', { timeout: 2_000 })).data)).toBe('before');

      const restarted = infra.restart('nats', { downMs: 3_000 });
      await waitFor(() => !isNatsConnected(requester), { what: 'the requester to see the disconnect' });
      // What the kit prevents: the same request through nats.js alone is dropped and only ends at its timeout.
      await expect(requester.request('kit.echo', 'while down', { timeout: 1_000 })).rejects.toBeInstanceOf(TimeoutError);
      // Refused before anything is published: no reply to wait for.
      await expect(requestWhenConnected(requester, 'kit.echo', 'while down', { timeout: 10_000 })).rejects.toBeInstanceOf(NatsDisconnectedError);

      await restarted;
      await waitFor(() => isNatsConnected(requester) && isNatsConnected(responder), { timeoutMs: 15_000, what: 'both to reconnect' });
      const after = await waitFor(
        () => requestWhenConnected(requester, 'kit.echo', 'after', { timeout: 2_000 }).then((msg) => new TextDecoder().decode(msg.data)),
        { timeoutMs: 15_000, what: 'an answer after the restart' },
      );
      expect(after).toBe('after');
    } finally {
      await requester.close();
      await responder.close();
    }
  }, 60_000);
});
