// Peer: the same authenticated, validated GET on Moleculer: moleculer-web as
// the HTTP gateway, the NATS transporter to a second broker (ROLE=service)
// that answers the wallet.myBalance action.
import { ServiceBroker } from 'moleculer';
import ApiGateway from 'moleculer-web';
import { balanceOf, type PeerUser, userOf, validateInput } from './common.js';

const role = process.env.ROLE ?? 'gateway';
const broker = new ServiceBroker({
  nodeID: `${role}-${process.pid}`,
  namespace: process.env.NATS_NAMESPACE,
  transporter: { type: 'NATS', options: { url: process.env.NATS_URL } },
  logger: false,
  metrics: false,
  tracing: false,
});

if (role === 'service') {
  broker.createService({
    name: 'wallet',
    actions: {
      myBalance: {
        async handler(ctx) {
          validateInput(ctx.params);
          return balanceOf((ctx.meta as { user: PeerUser }).user.id);
        },
      },
    },
  });
} else {
  broker.createService({
    name: 'api',
    mixins: [ApiGateway],
    settings: {
      port: Number(process.env.PORT),
      ip: '127.0.0.1',
      routes: [{ path: '/api', authentication: true, mappingPolicy: 'restrict', aliases: { 'GET wallet/balance': 'wallet.myBalance' } }],
    },
    methods: {
      authenticate(_ctx: unknown, _route: unknown, req: { headers: Record<string, string | undefined>; $params: unknown }) {
        const user = userOf(req.headers.authorization);
        if (!user) throw new ApiGateway.Errors.UnAuthorizedError(ApiGateway.Errors.ERR_INVALID_TOKEN, null);
        validateInput(req.$params);
        return user;
      },
    },
  });
}
await broker.start();
if (role === 'service') await broker.waitForServices([]);
else await broker.waitForServices(['wallet']);
console.log('READY');
process.on('SIGTERM', () => void broker.stop().then(() => process.exit(0)));
