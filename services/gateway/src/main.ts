import { loadConfig } from '@platform/service-kit';
import { buildGateway } from './app.js';
import { gatewayEnvSchema } from './config.js';

const config = loadConfig(gatewayEnvSchema);
const gateway = await buildGateway(config);
gateway.installSignalHandlers();
const address = await gateway.listen(config.PORT);
gateway.logger.info({ address }, 'gateway listening');
