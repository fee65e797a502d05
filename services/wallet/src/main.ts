import { loadConfig } from '@platform/service-kit';
import { buildWalletService } from './app.js';
import { walletEnvSchema } from './config.js';

const config = loadConfig(walletEnvSchema);
const service = await buildWalletService(config);
service.installSignalHandlers();
const address = await service.listen(config.HTTP_PORT);
service.logger.info({ address }, 'wallet listening');
