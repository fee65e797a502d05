import { loadConfig } from '@platform/service-kit';
import { aiEnvSchema } from './config.js';

/**
 * The AI service has no demo data of its own, by design: everything it knows
 * comes from platform events, so the demo users' history appears as the
 * wallet, shop, tickets and esim seeds publish it (through their outboxes) and
 * the consumers pick it up. Writing rows here would show numbers no ledger has.
 */
const config = loadConfig(aiEnvSchema);
if (config.SEED_DEMO_DATA) console.log('ai seed: nothing to seed; the read model fills from the demo data other services publish as events');
