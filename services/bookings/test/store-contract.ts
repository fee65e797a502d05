import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { bookings, DomainError } from '@platform/contracts';
import { createLogger, EventPublisher, ensureEventStream } from '@platform/service-kit';
import { infra, waitFor } from '@platform/testkit';
import { readStreamEvents } from '@platform/testkit/event-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Booking, newBookingId } from '../src/domain/booking.js';
import { cancelledEvent, createdEvent } from '../src/domain/booking-events.js';
import { bookingEventId } from '../src/domain/event-ids.js';
import type { BookingStore, OpenedStore } from '../src/store/booking-store.js';

export interface StoreUnderTest {
  opened: OpenedStore;
  /** NATS namespace the relay publishes under. */
  namespace: string;
  cleanup(): Promise<void>;
}

const at = (iso: string) => new Date(iso);

/** A booking as the operations build it; each test gets its own service name so tests never share slots. */
export function aBooking(overrides: Partial<Booking> = {}): Booking {
  const now = new Date();
  return {
    id: newBookingId(),
    date: '2030-03-15',
    timeSlot: '14:00-15:00',
    prestation: 'coupe_homme',
    variant: 'courte',
    email: 'user@example.com',
    notes: 'Instructions particulières',
    serviceName: `Coiffure-${randomUUID().slice(0, 8)}`,
    serviceId: '65f8a2b3c4d5e6f7a8b9c0d3',
    status: 'confirmed',
    createdAt: now,
    updatedAt: now,
    cancelledAt: null,
    ...overrides,
  };
}

const createIn = (store: BookingStore, booking: Booking, key?: string, fingerprint = 'fp-1') =>
  store.create(booking, { event: createdEvent(booking), idempotency: key ? { key, fingerprint } : undefined });

const codeOf = (error: unknown) => (error instanceof DomainError ? error.code : `not a DomainError: ${String(error)}`);

/**
 * The behaviour every BookingStore adapter must have, run against PostgreSQL
 * (postgres-store.test.ts) and MongoDB (mongo-store.test.ts). The double-booking
 * guard is raced directly against the store, with no HTTP in between.
 */
export function describeBookingStoreContract(adapter: string, open: () => Promise<StoreUnderTest>): void {
  describe(`BookingStore contract: ${adapter}`, () => {
    let subject: StoreUnderTest;
    let store: BookingStore;
    beforeAll(async () => {
      subject = await open();
      store = subject.opened.store;
    });
    afterAll(async () => subject?.cleanup());

    it('stores a booking and reads every field back', async () => {
      const booking = aBooking({ createdAt: at('2030-03-10T09:00:00.123Z'), updatedAt: at('2030-03-10T09:00:00.123Z') });
      expect(await createIn(store, booking)).toEqual({ booking, replayed: false });
      expect(await store.findById(booking.id)).toEqual(booking);
      expect(await store.findById(newBookingId())).toBeNull();
    });

    it('refuses a second active booking of the same service, date and slot with CONFLICT', async () => {
      const first = aBooking();
      await createIn(store, first);
      const second = aBooking({ serviceName: first.serviceName, email: 'other@example.com' });
      await expect(createIn(store, second).catch(codeOf)).resolves.toBe('CONFLICT');
      expect(await store.findById(second.id)).toBeNull();
      // Another slot, date or service is free.
      await createIn(store, aBooking({ serviceName: first.serviceName, timeSlot: '15:00-16:00' }));
      await createIn(store, aBooking({ serviceName: first.serviceName, date: '2030-03-16' }));
      await createIn(store, aBooking({ date: first.date, timeSlot: first.timeSlot }));
    });

    it('lets exactly one of 30 concurrent creates of one slot through', async () => {
      const serviceName = `Race-${randomUUID().slice(0, 8)}`;
      const contenders = Array.from({ length: 30 }, (_, i) => aBooking({ serviceName, email: `racer${i}@example.com` }));
      const outcomes = await Promise.allSettled(contenders.map((booking) => createIn(store, booking)));
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const refusals = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => codeOf(o.reason));
      expect(refusals).toEqual(Array(29).fill('CONFLICT'));
      expect(await store.occupiedSlots(serviceName, '2030-03-15')).toEqual(['14:00-15:00']);
    });

    it('books different slots in parallel', async () => {
      const serviceName = `Parallel-${randomUUID().slice(0, 8)}`;
      const slots = Array.from({ length: 10 }, (_, i) => `${String(8 + i).padStart(2, '0')}:00-${String(9 + i).padStart(2, '0')}:00`);
      await Promise.all(slots.map((timeSlot) => createIn(store, aBooking({ serviceName, timeSlot }))));
      expect(await store.occupiedSlots(serviceName, '2030-03-15')).toEqual(slots);
    });

    it('a pending booking holds its slot; a cancelled one frees it', async () => {
      const pending = aBooking({ status: 'pending' });
      await createIn(store, pending);
      await expect(createIn(store, aBooking({ serviceName: pending.serviceName })).catch(codeOf)).resolves.toBe('CONFLICT');
      expect(await store.occupiedSlots(pending.serviceName, pending.date)).toEqual([pending.timeSlot]);

      const cancelAt = at('2030-03-11T08:00:00.000Z');
      const cancelled = await store.cancel(pending.id, cancelAt, cancelledEvent(pending, cancelAt));
      expect(cancelled).toEqual({ ...pending, status: 'cancelled', cancelledAt: cancelAt, updatedAt: cancelAt });
      expect(await store.occupiedSlots(pending.serviceName, pending.date)).toEqual([]);
      const rebooked = aBooking({ serviceName: pending.serviceName });
      await createIn(store, rebooked);
      expect(await store.occupiedSlots(pending.serviceName, pending.date)).toEqual([pending.timeSlot]);
    });

    it('cancels once: of 10 concurrent cancels exactly one wins', async () => {
      const booking = aBooking();
      await createIn(store, booking);
      const cancelAt = new Date();
      const results = await Promise.all(Array.from({ length: 10 }, () => store.cancel(booking.id, cancelAt, cancelledEvent(booking, cancelAt))));
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      expect((await store.findById(booking.id))?.status).toBe('cancelled');
      expect(await store.cancel(newBookingId(), cancelAt, cancelledEvent(booking, cancelAt))).toBeNull();
    });

    it("lists an email's bookings newest first, page by page, and counts them", async () => {
      const email = `pager-${randomUUID().slice(0, 8)}@example.com`;
      const sameInstant = at('2030-03-10T10:00:00.000Z');
      const made = [
        aBooking({ email, createdAt: at('2030-03-10T09:00:00.000Z') }),
        aBooking({ email, createdAt: sameInstant }),
        aBooking({ email, createdAt: sameInstant }),
        aBooking({ email, createdAt: at('2030-03-10T11:00:00.000Z') }),
        aBooking({ email, createdAt: at('2030-03-10T12:00:00.000Z') }),
      ];
      for (const booking of made) await createIn(store, booking);
      await createIn(store, aBooking({ email: 'someone-else@example.com' }));
      // Newest first; a tie on created_at falls back to the id, descending.
      const expected = [made[4], made[3], ...[made[1], made[2]].sort((a, b) => (a.id < b.id ? 1 : -1)), made[0]].map((b) => b.id);

      expect((await store.listByEmail(email, { limit: 10 })).map((b) => b.id)).toEqual(expected);
      expect(await store.countByEmail(email)).toBe(5);
      const seen: string[] = [];
      let page = await store.listByEmail(email, { limit: 2 });
      while (page.length > 0) {
        seen.push(...page.map((b) => b.id));
        const last = page[page.length - 1];
        page = await store.listByEmail(email, { limit: 2, after: { createdAt: last.createdAt, id: last.id } });
      }
      expect(seen).toEqual(expected);
      expect(await store.countByEmail('nobody@example.com')).toBe(0);
    });

    it('replays a create with a used idempotency key, and refuses the key with another request', async () => {
      const key = `key-${randomUUID()}`;
      const first = aBooking();
      await createIn(store, first, key, 'fingerprint-a');
      const retry = aBooking({ serviceName: first.serviceName });
      const replay = await createIn(store, retry, key, 'fingerprint-a');
      expect(replay.replayed).toBe(true);
      expect(replay.booking.id).toBe(first.id);
      expect(await store.findById(retry.id)).toBeNull();
      await expect(createIn(store, aBooking(), key, 'fingerprint-b').catch(codeOf)).resolves.toBe('IDEMPOTENCY_KEY_REUSED');
      // Concurrent retries of one request all get the same booking.
      const racedKey = `key-${randomUUID()}`;
      const serviceName = `Retry-${randomUUID().slice(0, 8)}`;
      const outcomes = await Promise.all(Array.from({ length: 8 }, () => createIn(store, aBooking({ serviceName }), racedKey, 'same')));
      expect(new Set(outcomes.map((o) => o.booking.id)).size).toBe(1);
      expect(outcomes.filter((o) => !o.replayed)).toHaveLength(1);
    });

    describe('event relay', () => {
      let nc: NatsConnection;
      beforeAll(async () => {
        nc = await connect({ servers: infra.natsUrl });
        await ensureEventStream(nc, subject.namespace);
      });
      afterAll(async () => nc?.close());

      it('publishes each recorded event exactly once, in order', async () => {
        const logger = createLogger({ service: 'bookings-test', instance: 'test', level: 'silent' });
        // Two relays at once, as with two instances: JetStream de-duplicates by event id.
        const relays = [1, 2].map(() => subject.opened.createRelay(new EventPublisher(nc, subject.namespace), logger));
        for (const relay of relays) await relay.start();
        try {
          const booking = aBooking();
          await createIn(store, booking);
          const cancelAt = new Date();
          await store.cancel(booking.id, cancelAt, cancelledEvent(booking, cancelAt));
          const mine = async (eventSubject: string) =>
            (await readStreamEvents<{ bookingId: string }>(subject.namespace, eventSubject)).filter((e) => e.data.bookingId === booking.id);
          const cancelled = await waitFor(async () => {
            const found = await mine(bookings.bookingCancelled.subject);
            return found.length > 0 ? found : undefined;
          });
          expect(cancelled.map((e) => e.id)).toEqual([bookingEventId(booking.id, 'cancelled')]);
          expect((await mine(bookings.bookingCreated.subject)).map((e) => e.id)).toEqual([bookingEventId(booking.id, 'created')]);
        } finally {
          for (const relay of relays) await relay.stop();
        }
      });
    });
  });
}
