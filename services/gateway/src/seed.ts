import { DEMO_USERS } from '@platform/contracts';
import { loadConfig } from '@platform/service-kit';
import { gatewayEnvSchema } from './config.js';
import { gatewaySchema } from './schema.js';
import { passwordHasherFor } from './domain/password.js';
import { createPrisma } from './store/prisma.js';
import { UserStore } from './store/users.js';

/**
 * Seeds the first admin (ADMIN_EMAIL / ADMIN_PASSWORD) and, with
 * SEED_DEMO_DATA=true, the demo fans from the seed document. Idempotent.
 */

const config = loadConfig(gatewayEnvSchema);
const db = createPrisma({ url: config.DATABASE_URL, schema: gatewaySchema(config), poolSize: 2 });
// No publisher here: the events wait in the outbox for a running gateway's relay.
const users = new UserStore(db, gatewaySchema(config));
const passwords = passwordHasherFor(config);
try {
  if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
    await users.upsert({
      email: config.ADMIN_EMAIL.toLowerCase(),
      name: 'Administrator',
      clubId: null,
      role: 'admin',
      passwordHash: await passwords.hash(config.ADMIN_PASSWORD),
    });
    console.log(`gateway seed: admin ${config.ADMIN_EMAIL}`);
  }
  if (process.env.SEED_DEMO_DATA === 'true') {
    for (const demo of DEMO_USERS) {
      await users.upsert({
        id: demo.id,
        email: demo.email,
        name: demo.name,
        clubId: demo.clubId,
        role: 'user',
        passwordHash: await passwords.hash(demo.password),
      });
    }
    console.log(`gateway seed: ${DEMO_USERS.length} demo users`);
  }
} finally {
  await db.$disconnect();
}
