import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const serviceDir = fileURLToPath(new URL('..', import.meta.url));

/**
 * Computes the next run of a cron schedule the way BullMQ does, in a fresh
 * node process (luxon remembers what it learnt from Intl, so only a new
 * process shows whether the computation asks it), and counts the
 * Intl.DateTimeFormat objects created on the way: the first one maps the
 * node binary's ICU data into the process (docs/decisions/0007-idle-memory.md).
 */
function nextRun(options: { configured: boolean; timeZone: string }): { next: string; dateFormats: number } {
  const script = `
    import { createRequire } from 'node:module';
    import { useCronDatesWithoutIntlLookups } from '@platform/service-kit';
    const require = createRequire(${JSON.stringify(`${serviceDir}package.json`)});
    let dateFormats = 0;
    const Original = Intl.DateTimeFormat;
    Intl.DateTimeFormat = new Proxy(Original, {
      construct: (target, args) => { dateFormats++; return new target(...args); },
      apply: (target, self, args) => { dateFormats++; return target(...args); },
    });
    if (${options.configured}) useCronDatesWithoutIntlLookups(require);
    const { defaultRepeatStrategy } = require('bullmq');
    const next = defaultRepeatStrategy(Date.parse('2026-11-21T10:00:00Z'), { pattern: '0 3 * * *', tz: ${JSON.stringify(options.timeZone)} });
    console.log(JSON.stringify({ next: new Date(next).toISOString(), dateFormats }));
  `;
  const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: serviceDir, encoding: 'utf8' });
  return JSON.parse(output.trim().split('\n').at(-1)!);
}

describe('storage: cron schedules without ICU lookups', () => {
  it('computes a UTC schedule without creating a date format once luxon has its defaults', () => {
    expect(nextRun({ configured: true, timeZone: 'UTC' })).toEqual({ next: '2026-11-22T03:00:00.000Z', dateFormats: 0 });
  });

  it('would create one without them (the saving is real, not assumed)', () => {
    const unconfigured = nextRun({ configured: false, timeZone: 'UTC' });
    expect(unconfigured.next).toBe('2026-11-22T03:00:00.000Z');
    expect(unconfigured.dateFormats).toBeGreaterThan(0);
  });

  it('still honours a named time zone (03:00 in Paris is 02:00 UTC in winter)', () => {
    expect(nextRun({ configured: true, timeZone: 'Europe/Paris' }).next).toBe('2026-11-22T02:00:00.000Z');
  });
});
