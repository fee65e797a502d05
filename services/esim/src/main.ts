import { loadConfig } from '@platform/service-kit';
import { buildEsimService } from './app.js';
import { esimEnvSchema } from './config.js';

const config = loadConfig(esimEnvSchema);
const service = await buildEsimService(config);
service.installSignalHandlers();
const address = await service.listen(config.HTTP_PORT);
service.logger.info({ address }, 'esim listening');
