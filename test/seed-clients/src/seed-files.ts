import { fileURLToPath } from 'node:url';

/** A file of test/seed-clients/seeds (code copied from the seeds) or fixtures (ours). */
export const seedFile = (path: string) => fileURLToPath(new URL(`../seeds/${path}`, import.meta.url));
export const fixtureFile = (path: string) => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));
