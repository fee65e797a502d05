/**
 * Refreshes the committed snapshot of event schemas (events.snapshot.json)
 * after a deliberate additive change: a new optional field, a new event, a new
 * version, a retired version past its date. It refuses a breaking change,
 * which needs a new version instead (docs/events.md, "Versions").
 *
 *   pnpm --filter @platform/contracts events:snapshot
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { compareSnapshots, type EventSnapshot, snapshotOf } from '../src/event-compatibility.js';
import { allEvents } from '../src/index.js';

const snapshotFile = new URL('../events.snapshot.json', import.meta.url);

let committed: EventSnapshot = {};
try {
  committed = JSON.parse(readFileSync(snapshotFile, 'utf8')) as EventSnapshot;
} catch (error) {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
}

const current = snapshotOf(allEvents);
const changes = compareSnapshots(committed, current);
if (changes.breaking.length) {
  console.error('Refused: these changes break consumers of an existing event version. Publish a new version instead:');
  for (const change of changes.breaking) console.error(`  - ${change}`);
  process.exit(1);
}
writeFileSync(snapshotFile, `${JSON.stringify(current, null, 2)}\n`);
console.log(changes.additive.length ? `Snapshot refreshed:\n${changes.additive.map((c) => `  - ${c}`).join('\n')}` : 'Snapshot already up to date.');
