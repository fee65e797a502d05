import { createServer } from 'node:http';
import { connect } from '@nats-io/transport-node';
import { loadConfig } from './config.js';
import { type Log, startConsumer } from './consumer.js';
import { ConsumerStore } from './store.js';

/**
 * The example consumer (examples/event-consumer/README.md): keeps, per user,
 * the money received through the wallet, from evt.wallet.transfer.completed.
 * The only file with side effects at import.
 */
const config = loadConfig();
const log: Log = (message, fields = {}) => console.log(JSON.stringify({ time: new Date().toISOString(), message, ...fields }));

const store = new ConsumerStore(config.DATABASE_URL, config.DATABASE_SCHEMA);
await store.prepare();
const nc = await connect({ servers: config.NATS_URL, name: config.CONSUMER_NAME });
const consumer = await startConsumer({
  nc,
  namespace: config.NATS_NAMESPACE,
  durableName: config.CONSUMER_NAME,
  ackWaitSeconds: config.ACK_WAIT_SECONDS,
  store,
  log,
});

// Health for the orchestrator (and the tests): up once the consumer is attached.
const health = createServer((request, response) => {
  const ok = request.url === '/health';
  response.writeHead(ok ? 200 : 404, { 'content-type': 'application/json' });
  response.end(JSON.stringify(ok ? { status: 'ok', ...consumer.progress } : { error: 'not found' }));
});
health.listen(config.PORT, '127.0.0.1');
log('consuming', { subject: 'evt.wallet.transfer.completed', durable: config.CONSUMER_NAME, port: config.PORT });

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log('stopping', { signal });
  await consumer.stop();
  // drain() sends the acks still buffered before closing.
  await nc.drain();
  await store.close();
  health.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
