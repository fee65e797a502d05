/**
 * Keeps BullMQ's cron schedules from loading the node binary's ICU data.
 *
 * Why: BullMQ computes a cron schedule's next run with cron-parser, which
 * uses luxon. On its first date, luxon asks Intl for the system's locale,
 * numbering system and calendar, and the first `Intl.DateTimeFormat` of a
 * process maps about 8 MB of ICU data into it: for a daily schedule in UTC,
 * which needs none of it, a service went over its idle memory budget
 * (docs/decisions/0007-idle-memory.md). Telling luxon those defaults up front
 * skips the lookups. A schedule in a named time zone (Europe/Paris) still
 * reads ICU's zone data, as it must.
 *
 * luxon is reached through the service's own bullmq and bullmq's own
 * cron-parser, so the settings land on the very instance BullMQ uses,
 * whichever versions the lockfile holds; the kit itself does not depend on
 * BullMQ. Pass `createRequire(import.meta.url)` from the service.
 */
export function useCronDatesWithoutIntlLookups(requireFromService: NodeJS.Require): void {
  const requireFromBullmq = requireFromService.resolve('bullmq');
  const requireFromCronParser = requireFromService.resolve('cron-parser', { paths: [requireFromBullmq] });
  const luxon = requireFromService(requireFromService.resolve('luxon', { paths: [requireFromCronParser] })) as {
    Settings: { defaultLocale: string; defaultNumberingSystem: string; defaultOutputCalendar: string };
  };
  luxon.Settings.defaultLocale = 'en-US';
  luxon.Settings.defaultNumberingSystem = 'latn';
  luxon.Settings.defaultOutputCalendar = 'gregory';
}
