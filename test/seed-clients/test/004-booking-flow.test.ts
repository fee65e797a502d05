import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { uniqueNamespace } from '@platform/testkit';
import { startPlatform, type TestPlatform } from '@platform/testkit/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedFile } from '../src/seed-files.js';

const SEED_HOST = 'https://api.live.wortis.cg';
const SEED_DATE = '2024-02-15';

/** The seed's curl commands (seeds/004/curl-tests.sh, verbatim), by the line range that marks each block. */
function seedCommands(): Record<string, string> {
  const blocks: Record<string, string> = {};
  let current: string | undefined;
  for (const line of readFileSync(seedFile('004/curl-tests.sh'), 'utf8').split('\n')) {
    const marker = /^# seed 004 lines? ([\d-]+):/.exec(line);
    if (marker) current = marker[1];
    else if (current && line.trim() && !line.startsWith('#')) blocks[current] = `${blocks[current] ?? ''}${line}\n`;
  }
  return blocks;
}

/**
 * Seed 004's booking flow, its own curl commands run by bash. Two things are
 * replaced at run time, because they cannot run here as written: the host
 * (the gateway instead of api.live.wortis.cg) and the date (2024-02-15 is in
 * the past, and the service refuses past dates as the seed says it does: a
 * day a week ahead instead).
 */
describe("seed 004: the booking flow, with the seed's curl commands", () => {
  let platform: TestPlatform;
  const commands = seedCommands();
  const day = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  let bookingId: string;

  const run = async (command: string, extraCurlArgs = '') => {
    const adapted = command
      .replaceAll(SEED_HOST, platform.api.baseUrl)
      .replaceAll(SEED_DATE, day)
      .replace(/^curl /, `curl -s -w '\\n%{http_code}' ${extraCurlArgs} `);
    const { stdout } = await promisify(execFile)('bash', ['-c', adapted], { timeout: 60_000 });
    const lines = stdout.trimEnd().split('\n');
    const status = Number(lines.pop());
    return { status, body: JSON.parse(lines.join('\n')) };
  };

  beforeAll(async () => {
    platform = await startPlatform(uniqueNamespace('seed004'), { only: ['gateway', 'bookings'] });
  });
  afterAll(async () => platform?.stop());

  it('has the four commands of the seed', () => {
    expect(Object.keys(commands).sort()).toEqual(['256-265', '271', '277-282', '288']);
  });

  it('creates the reservation: 201 "Réservation créée avec succès"', async () => {
    const res = await run(commands['256-265']);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      success: true,
      message: 'Réservation créée avec succès',
      reservation: { date: day, timeSlot: '14:00-15:00', status: 'confirmed' },
    });
    bookingId = res.body.booking_id;
  });

  it('lists the slot as occupied', async () => {
    const res = await run(commands['271']);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, date: day, service: 'Coiffure', occupied_slots: ['14:00-15:00'], total_occupied: 1 });
  });

  it("cancels: the seed's example id is not one of ours (404), the id the create answered is (200)", async () => {
    const example = await run(commands['277-282']);
    expect(example.status).toBe(404);
    expect(example.body).toMatchObject({ success: false, error: 'Réservation non trouvée' });
    const own = await run(commands['277-282'].replace('65f8a2b3c4d5e6f7a8b9c0d3', bookingId));
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ success: true, message: 'Réservation annulée avec succès' });
  });

  it("lists the user's bookings once signed in as that email (a deliberate difference: anonymous gets 401)", async () => {
    const anonymous = await run(commands['288']);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ success: false, code: 'UNAUTHENTICATED' });
    const { token } = await platform.api.register({ email: 'test@example.com' });
    const signedIn = await run(commands['288'], `-H "Authorization: Bearer ${token}"`);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body).toMatchObject({ success: true, total: 1, bookings: [{ _id: bookingId, status: 'cancelled' }] });
  });
});
