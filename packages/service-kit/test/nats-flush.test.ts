import { connect, type NatsConnection } from '@nats-io/transport-node';
import { connectNats, createLogger } from '@platform/service-kit';
import { infra, uniqueNamespace } from '@platform/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Our patch of nats-core (patches/, docs/decisions/0963): a kit connection
 * writes what was sent during one turn of the event loop in one socket write.
 * Stock nats.js flushes at every microtask checkpoint, so messages sent from
 * separate callbacks of one turn (timers here; requests arriving on separate
 * sockets in a service) each cost a write. If the patch stops applying (a nats
 * upgrade), the first test fails; the second shows the stock behaviour it
 * replaces, so the counting itself is proven to count.
 */
const logger = createLogger({ service: 'test', instance: 'test', level: 'silent' });
const SENDS = 20;
let kit: NatsConnection;
let stock: NatsConnection;

/** Counts socket writes of one connection (the node transport's socket) while `send` runs and its messages reach the server. */
async function writesDuring(nc: NatsConnection, send: () => Promise<void>): Promise<number> {
  const socket = (nc as unknown as { protocol: { transport: { socket: { write: (...args: unknown[]) => boolean } } } }).protocol.transport.socket;
  const write = socket.write;
  let writes = 0;
  socket.write = function counted(this: unknown, ...args: unknown[]) {
    writes++;
    return write.apply(this, args);
  };
  try {
    await send();
  } finally {
    socket.write = write;
  }
  return writes;
}

/** SENDS messages, each published from its own timer callback, all timers due in the same turn. */
function publishFromTimers(nc: NatsConnection, subject: string): Promise<void> {
  return new Promise((resolve) => {
    let fired = 0;
    for (let i = 0; i < SENDS; i++) {
      setTimeout(() => {
        nc.publish(subject, String(i));
        if (++fired === SENDS) setImmediate(() => setImmediate(resolve));
      }, 0);
    }
  });
}

beforeAll(async () => {
  kit = await connectNats({ url: infra.natsUrl, name: 'flush-test', logger });
  stock = await connect({ servers: infra.natsUrl });
});

afterAll(async () => {
  await kit?.close();
  await stock?.close();
});

describe("the kit's NATS connection", () => {
  it('sends what one turn of the event loop published in one write, and every message arrives', async () => {
    const subject = `kit.flush.${uniqueNamespace('flush')}`;
    const received: string[] = [];
    const sub = stock.subscribe(subject, {
      callback: (_err, msg) => {
        received.push(msg.string());
      },
    });
    await stock.flush();
    const writes = await writesDuring(kit, () => publishFromTimers(kit, subject));
    await kit.flush();
    await stock.flush();
    for (let i = 0; i < 50 && received.length < SENDS; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    sub.unsubscribe();
    expect(writes).toBeLessThanOrEqual(2);
    expect(received.sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: SENDS }, (_, i) => String(i)));
  });

  it('(control) a stock connection writes once per callback', async () => {
    const writes = await writesDuring(stock, () => publishFromTimers(stock, `kit.flush.${uniqueNamespace('control')}`));
    expect(writes).toBeGreaterThanOrEqual(SENDS / 2);
  });

  it('still answers requests and flush() round trips', async () => {
    const subject = `kit.flush.echo.${uniqueNamespace('echo')}`;
    stock.subscribe(subject, {
      callback: (_err, msg) => {
        msg.respond(msg.data);
      },
    });
    await stock.flush();
    const replies = await Promise.all(Array.from({ length: 50 }, (_, i) => kit.request(subject, String(i), { timeout: 2_000 })));
    expect(replies.map((m) => m.string())).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
    await kit.flush();
  });
});
