import { loadConfig } from '@platform/service-kit';
import { buildTicketsService } from './app.js';
import { ticketsEnvSchema } from './config.js';

const config = loadConfig(ticketsEnvSchema);
const service = await buildTicketsService(config);
service.installSignalHandlers();
const address = await service.listen(config.HTTP_PORT);
service.logger.info({ address }, 'tickets listening');
