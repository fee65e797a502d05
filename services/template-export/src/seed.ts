import { loadConfig } from '@platform/service-kit';
import { templateExportEnvSchema } from './config.js';
import { templateExportSchema } from './schema.js';
import { seedDemoData } from './store/demo-data.js';
import { createPrisma } from './store/prisma.js';

/** Seeds the demo gallery when SEED_DEMO_DATA=true. Idempotent: existing rows are left as they are. */
const config = loadConfig(templateExportEnvSchema);
if (!config.SEED_DEMO_DATA) {
  console.log('template-export seed: SEED_DEMO_DATA is not true; nothing to do');
} else {
  const schema = templateExportSchema(config);
  const db = createPrisma({ url: config.DATABASE_URL, schema, poolSize: 2 });
  try {
    await seedDemoData(db, schema);
    console.log('template-export seed: demo gallery ready');
  } finally {
    await db.$disconnect();
  }
}
