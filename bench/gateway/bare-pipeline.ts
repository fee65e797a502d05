// Baseline: the thinnest HTTP -> NATS request -> responder path: no auth, no
// validation, no envelope. The gateway's real path is measured against it.
import { connect } from '@nats-io/transport-node';
import Fastify from 'fastify';

const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
const subject = `bench.bare.${process.pid}`;
if (process.env.ROLE === 'responder') {
  nc.subscribe(process.env.SUBJECT!, {
    queue: 'bare',
    callback: (_err, msg) => {
      msg.respond(JSON.stringify({ ok: true, data: { pong: true } }));
    },
  });
  await nc.flush();
} else {
  const app = Fastify();
  app.get('/', async () => (await nc.request(process.env.SUBJECT ?? subject, '', { timeout: 5_000 })).json());
  await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
}
console.log('READY');
