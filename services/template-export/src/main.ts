import { loadConfig } from '@platform/service-kit';
import { buildTemplateExportService } from './app.js';
import { templateExportEnvSchema } from './config.js';

const config = loadConfig(templateExportEnvSchema);
const service = await buildTemplateExportService(config);
service.installSignalHandlers();
const address = await service.listen(config.HTTP_PORT);
service.logger.info({ address }, 'template-export listening');
