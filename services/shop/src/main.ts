import { loadConfig } from '@platform/service-kit';
import { buildShopService } from './app.js';
import { shopEnvSchema } from './config.js';

const config = loadConfig(shopEnvSchema);
const service = await buildShopService(config);
service.installSignalHandlers();
const address = await service.listen(config.HTTP_PORT);
service.logger.info({ address }, 'shop listening');
