import { tickets } from '@platform/contracts';
import { pageOf, type HandlersOf } from '@platform/service-kit';
import { publishedKey } from '../domain/signing-keys.js';
import { eventView } from '../domain/views.js';
import { timeKey } from '../store/keyset.js';
import type { TicketsDeps } from './deps.js';

/** What anyone may read: the events on offer and the keys that verify tickets. */
export function catalogHandlers(deps: TicketsDeps) {
  return {
    [tickets.listEvents.name]: async (input) => {
      const now = deps.now();
      const rows = await deps.catalog.upcoming({ clubId: input.club, limit: input.limit, cursor: input.cursor, now });
      const page = pageOf(rows, input.limit, (event) => timeKey(event.startsAt, event.id));
      return { events: page.items.map((event) => eventView(event, now)), nextCursor: page.nextCursor };
    },

    [tickets.getEvent.name]: async (input) => eventView(await deps.catalog.get(input.eventId), deps.now()),

    [tickets.keys.name]: async () => ({ keys: deps.keys.verification.map(publishedKey) }),
  } satisfies HandlersOf<'tickets'>;
}
