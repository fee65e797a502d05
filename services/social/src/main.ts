import { loadConfig } from '@platform/service-kit';
import { buildSocialService } from './app.js';
import { socialEnvSchema } from './config.js';

const config = loadConfig(socialEnvSchema);
const service = await buildSocialService(config);
service.installSignalHandlers();
const address = await service.listen(config.HTTP_PORT);
service.logger.info({ address }, 'social listening');
