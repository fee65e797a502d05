import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from './logger.js';

/**
 * Connects to NATS and never gives up reconnecting: a service outlives a NATS
 * restart without being restarted itself.
 */
export async function connectNats(options: { url: string; name: string; logger: Logger }): Promise<NatsConnection> {
  const nc = await connect({
    servers: options.url.split(','),
    name: options.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    reconnectJitter: 100,
    waitOnFirstConnect: true,
    pingInterval: 10_000,
    // By default every request and timer builds an Error up front to keep the
    // caller's stack for a possible timeout: 6 % of the gateway's CPU under
    // load. Our failures are mapped by type (requestFailure), not by stack.
    noAsyncTraces: true,
  });
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect' || status.type === 'error') options.logger.warn({ nats: status.type }, 'nats connection problem');
      else if (status.type === 'reconnect') options.logger.info('nats reconnected');
    }
  })();
  return nc;
}
