import { createLogger, loadConfig } from '@platform/service-kit';
import { buildBookingsService } from './app.js';
import { bookingsEnvSchema } from './config.js';

const config = loadConfig(bookingsEnvSchema);
try {
  const service = await buildBookingsService(config);
  service.installSignalHandlers();
  const address = await service.listen(config.HTTP_PORT);
  service.logger.info({ address }, 'bookings listening');
} catch (error) {
  // A store or NATS that cannot be reached: one clear line (only the message: a
  // driver error may carry its connection description), then a non-zero exit.
  createLogger({ service: 'bookings', instance: config.INSTANCE_ID, level: 'error' }).fatal({ reason: (error as Error).message }, 'bookings could not start');
  process.exit(1);
}
