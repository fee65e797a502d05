import { loadConfig } from '@platform/service-kit';
import { buildAiService } from './app.js';
import { aiEnvSchema } from './config.js';

const config = loadConfig(aiEnvSchema);
const service = await buildAiService(config);
service.installSignalHandlers();
const address = await service.listen(config.HTTP_PORT);
service.logger.info({ address }, 'ai listening');
