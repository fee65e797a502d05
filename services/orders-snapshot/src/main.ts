import { privateBucketName } from '@platform/object-storage';
import { loadConfig } from '@platform/service-kit';
import { buildOrdersSnapshotService } from './app.js';
import { ordersSnapshotEnvSchema } from './config.js';

const config = loadConfig(ordersSnapshotEnvSchema);
const service = await buildOrdersSnapshotService(config);
service.installSignalHandlers();
const address = await service.listen(config.HTTP_PORT);
service.logger.info({ address, bucket: privateBucketName(config), apiKeyRequired: config.ORDERS_API_KEY !== undefined }, 'orders-snapshot listening');
