import { loadConfig, migrate } from '@platform/service-kit';
import pg from 'pg';
import { socialEnvSchema } from './config.js';
import { seedDemoData } from './store/demo-data.js';
import { socialMigrations, socialSchema } from './schema.js';
import { FeedStore } from './store/feed.js';
import { MessagingStore } from './store/messaging.js';
import { createPrisma } from './store/prisma.js';
import { SocialGraph } from './store/social-graph.js';

/** With SEED_DEMO_DATA=true, writes the demo conversation, posts and follows (src/store/demo-data.ts). Safe to run again. */
const config = loadConfig(socialEnvSchema);
if (config.SEED_DEMO_DATA) {
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 2 });
  const schema = socialSchema(config);
  const db = createPrisma({ pool, schema });
  try {
    await migrate(pool, schema, socialMigrations());
    const seeded = await seedDemoData({ messaging: new MessagingStore(pool, schema), feed: new FeedStore(pool, schema), graph: new SocialGraph(db) });
    console.log(`social seed: ${seeded.messages} demo messages, ${seeded.posts} posts, follows and settings in place`);
  } finally {
    await db.$disconnect();
    await pool.end();
  }
}
