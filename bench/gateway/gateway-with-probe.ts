// The real gateway (plugins, JWT auth, rate limit, validation, NATS dispatch)
// with one extra benchmark operation routed to the probe service.
import { allOperations } from '@platform/contracts';
import { loadConfig } from '@platform/service-kit';
import { buildGateway } from '../../services/gateway/src/app.js';
import { gatewayEnvSchema } from '../../services/gateway/src/config.js';
import { benchPing } from './probe-operation.js';

const config = loadConfig(gatewayEnvSchema);
const gateway = await buildGateway(config, { operations: [...allOperations, benchPing] });
gateway.installSignalHandlers();
await gateway.listen(config.PORT);
console.log('READY');
