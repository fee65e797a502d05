import { createLogger } from '@platform/service-kit';
import { dropNamespaceSchemas, infra, schemaFor, uniqueNamespace } from '@platform/testkit';
import { deleteEventStream } from '@platform/testkit/event-stream';
import { openBookingStore } from '../src/store/open-store.js';
import { describeBookingStoreContract } from './store-contract.js';

describeBookingStoreContract('postgres', async () => {
  const namespace = uniqueNamespace('bkpg');
  const logger = createLogger({ service: 'bookings-test', instance: 'test', level: 'warn' });
  const opened = await openBookingStore(
    { kind: 'postgres', url: infra.databaseUrl, schema: schemaFor('bookings', namespace), poolSize: 10, migrate: true },
    logger,
  );
  return {
    opened,
    namespace,
    async cleanup() {
      await opened.close();
      await dropNamespaceSchemas(namespace);
      await deleteEventStream(namespace);
    },
  };
});
