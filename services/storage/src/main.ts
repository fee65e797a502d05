import { loadConfig } from '@platform/service-kit';
import { buildStorageService } from './app.js';
import { storageEnvSchema } from './config.js';

const config = loadConfig(storageEnvSchema);
const service = await buildStorageService(config);
service.installSignalHandlers();
const address = await service.listen(config.HTTP_PORT);
service.logger.info({ address, bucket: config.R2_BUCKET_NAME }, 'storage listening');
