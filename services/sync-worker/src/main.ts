import { loadConfig } from '@platform/service-kit';
import { buildSyncWorkerService } from './app.js';
import { syncWorkerEnvSchema } from './config.js';

const config = loadConfig(syncWorkerEnvSchema);
const service = await buildSyncWorkerService(config);
service.installSignalHandlers();
const address = await service.listen(config.HTTP_PORT);
service.logger.info({ address, template: config.TEMPLATE_BASE_URL }, 'sync-worker listening');
