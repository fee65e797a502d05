import { bookings } from '@platform/contracts';
import { createLogger, parseConfig } from '@platform/service-kit';
import { waitFor } from '@platform/testkit';
import { readStreamEvents } from '@platform/testkit/event-stream';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingEventId } from '../src/domain/event-ids.js';
import { bookingsEnvSchema } from '../src/config.js';
import { createNotifier } from '../src/clients/create-notifier.js';
import { LogNotifier } from '../src/clients/log-notifier.js';
import { SmtpNotifier } from '../src/clients/smtp-notifier.js';
import { type BookingsHarness, pinnedClock, reservation, startBookings } from './harness.js';

const NOW = '2030-03-10T09:00:00.000Z';

describe('events and notifications', () => {
  let h: BookingsHarness;
  const create = (body: Record<string, unknown>, headers?: Record<string, string>) =>
    h.api.post('/api/bookings/create-reservation', reservation({ date: '2030-03-20', ...body }), undefined, headers);
  const eventsFor = async (subject: string, bookingId: string) =>
    (await readStreamEvents<{ bookingId: string }>(h.namespace, subject)).filter((e) => e.data.bookingId === bookingId);

  beforeAll(async () => {
    h = await startBookings({ now: pinnedClock(NOW) });
  });
  afterAll(async () => h?.close());

  it('publishes exactly one created and one cancelled event per booking', async () => {
    const made = await create({ service_name: 'Events', timeSlot: '10:00-11:00', email: 'events@example.com' });
    expect(made.status).toBe(201);
    const id = made.body.booking_id;
    expect((await h.api.post('/api/bookings/cancel', { booking_id: id, email: 'events@example.com' })).status).toBe(200);

    const cancelled = await waitFor(async () => {
      const found = await eventsFor(bookings.bookingCancelled.subject, id);
      return found.length > 0 ? found : undefined;
    });
    const created = await eventsFor(bookings.bookingCreated.subject, id);
    expect(created).toHaveLength(1);
    expect(cancelled).toHaveLength(1);
    expect(created[0]).toMatchObject({
      id: bookingEventId(id, 'created'),
      subject: 'evt.bookings.booking.created',
      v: 1,
      data: {
        bookingId: id,
        serviceName: 'Events',
        date: '2030-03-20',
        timeSlot: '10:00-11:00',
        email: 'events@example.com',
        status: 'confirmed',
        // What a guest needs to manage it: the id and email cancel it; listing needs a sign-in.
        manage: {
          cancel: { method: 'POST', path: '/api/bookings/cancel', body: { booking_id: id, email: 'events@example.com' } },
          list: { method: 'GET', path: '/api/bookings/user/events%40example.com', requires: 'sign-in' },
        },
      },
    });
    expect(bookings.bookingCreated.payload.safeParse(created[0].data).success).toBe(true);
    expect(cancelled[0]).toMatchObject({ id: bookingEventId(id, 'cancelled'), v: 1, data: { bookingId: id, status: 'cancelled' } });
    expect(bookings.bookingCancelled.payload.safeParse(cancelled[0].data).success).toBe(true);
  });

  it('a refused or replayed create publishes nothing more', async () => {
    const body = { service_name: 'Events', timeSlot: '12:00-13:00', email: 'replay@example.com' };
    const first = await create(body, { 'idempotency-key': 'events-replay-1' });
    expect((await create(body, { 'idempotency-key': 'events-replay-1' })).body.booking_id).toBe(first.body.booking_id);
    expect((await create({ ...body, email: 'other@example.com' })).status).toBe(409);
    // Once a later booking's event is in, every earlier write has had its turn at the relay.
    const marker = await create({ service_name: 'Events', timeSlot: '13:00-14:00' });
    await waitFor(async () => (await eventsFor(bookings.bookingCreated.subject, marker.body.booking_id)).length > 0);
    await waitFor(async () => (await eventsFor(bookings.bookingCreated.subject, first.body.booking_id)).length > 0);
    const all = await readStreamEvents<{ timeSlot: string; serviceName: string }>(h.namespace, bookings.bookingCreated.subject);
    expect(all.filter((e) => e.data.serviceName === 'Events' && e.data.timeSlot === '12:00-13:00')).toHaveLength(1);
  });

  it('sends a confirmation, and a cancellation notice, to the customer', async () => {
    const made = await create({ service_name: 'Notify', timeSlot: '10:00-11:00', email: 'notify@example.com' });
    await waitFor(() => h.notifier.confirmed.some((b) => b.id === made.body.booking_id));
    const sent = h.notifier.confirmed.find((b) => b.id === made.body.booking_id)!;
    expect(sent).toMatchObject({ email: 'notify@example.com', date: '2030-03-20', timeSlot: '10:00-11:00', serviceName: 'Notify' });
    await h.api.post('/api/bookings/cancel', { booking_id: made.body.booking_id, email: 'notify@example.com' });
    await waitFor(() => h.notifier.cancelled.some((b) => b.id === made.body.booking_id));
  });

  it('a failing notifier never fails the booking', async () => {
    h.notifier.failing = true;
    try {
      const made = await create({ service_name: 'Notify', timeSlot: '15:00-16:00', email: 'unlucky@example.com' });
      expect(made.status).toBe(201);
      const owner = await h.api.register({ email: 'unlucky@example.com' });
      const listed = await h.api.get('/api/bookings/user/unlucky@example.com', owner.token);
      expect(listed.body.bookings.map((b: any) => b._id)).toEqual([made.body.booking_id]);
      expect((await h.api.post('/api/bookings/cancel', { booking_id: made.body.booking_id, email: 'unlucky@example.com' })).status).toBe(200);
    } finally {
      h.notifier.failing = false;
    }
  });
});

describe('notifiers', () => {
  const booking = {
    id: '65f8a2b3c4d5e6f7a8b9c0d3',
    date: '2024-02-15',
    timeSlot: '14:00-15:00',
    prestation: 'coupe_homme',
    variant: 'courte',
    email: 'user@example.com',
    notes: null,
    serviceName: 'Coiffure',
    serviceId: null,
    status: 'confirmed' as const,
    createdAt: new Date('2024-02-06T10:00:00Z'),
    updatedAt: new Date('2024-02-06T10:00:00Z'),
    cancelledAt: null,
  };

  it("SmtpNotifier mails the seed's confirmation from MAIL_FROM to the customer", async () => {
    const transport = nodemailer.createTransport({ jsonTransport: true });
    const sent: any[] = [];
    const recording = { sendMail: async (mail: any) => sent.push(JSON.parse((await transport.sendMail(mail)).message)), close: () => undefined };
    const notifier = new SmtpNotifier(recording as any, 'noreply@wortis.cg');
    await notifier.bookingConfirmed(booking);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ from: { address: 'noreply@wortis.cg' }, to: [{ address: 'user@example.com' }], subject: 'Confirmation de réservation' });
    expect(sent[0].text).toContain('Votre réservation pour le 2024-02-15 à 14:00-15:00 est confirmée.');
    expect(sent[0].text).toContain('65f8a2b3c4d5e6f7a8b9c0d3');
  });

  it('uses SMTP when SMTP_URL is set and the log otherwise', async () => {
    const logger = createLogger({ service: 'test', instance: 'test', level: 'silent' });
    const base = { NATS_URL: 'nats://127.0.0.1:4222', DATABASE_URL: 'postgresql://localhost/x' };
    expect(await createNotifier(parseConfig(bookingsEnvSchema, base), logger)).toBeInstanceOf(LogNotifier);
    const smtp = await createNotifier(parseConfig(bookingsEnvSchema, { ...base, SMTP_URL: 'smtp://user:secret@127.0.0.1:2525' }), logger);
    expect(smtp).toBeInstanceOf(SmtpNotifier);
    void smtp.close();
  });
});
