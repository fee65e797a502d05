import { byId, el, onClick, onSubmit } from '../dom.js';
import { localDate } from '../format.js';

/** The app's fixed grid of one-hour slots (seed 004 compares slots exactly, so the grid is the client's to choose). */
const DAY_SLOTS = ['09:00-10:00', '10:00-11:00', '11:00-12:00', '14:00-15:00', '15:00-16:00', '16:00-17:00', '17:00-18:00'];

/**
 * Bookings (seed 004): availability first (occupied slots of a service on a
 * date), then a click books a free slot. Signed in, the token's e-mail is
 * the booking's; otherwise the e-mail field is sent.
 */
export function mountBookings({ client, run, session }) {
  const slots = byId('slots');
  const confirmation = byId('booking-confirmation');
  const form = byId('slots-form');
  // Two days ahead: "today" is the bookings service's time zone (Africa/Brazzaville), which may differ from the browser's.
  byId('booking-date').value = localDate(2);

  const showSlots = async ({ date, service, prestation, email }) => {
    const availability = await run('getOccupiedSlots(date, service)', () => client.getOccupiedSlots(date, service));
    if (!availability) return;
    const taken = new Set(availability.occupied_slots);
    slots.replaceChildren(
      ...DAY_SLOTS.map((timeSlot) =>
        el(
          'button',
          {
            type: 'button',
            class: taken.has(timeSlot) ? 'secondary' : undefined,
            disabled: taken.has(timeSlot),
            dataset: { testid: 'book-slot', slot: timeSlot },
            onclick: () => book({ date, timeSlot, prestation, service, email }),
          },
          taken.has(timeSlot) ? `${timeSlot} (pris)` : timeSlot,
        ),
      ),
    );
  };

  const book = async ({ date, timeSlot, prestation, service, email }) => {
    const reservation = { date, timeSlot, prestation, service_name: service, email: session.user ? undefined : email };
    const created = await run('createReservation(reservation)', () => client.createReservation(reservation));
    if (created?.booking_id) {
      confirmation.textContent = `${created.message} : ${created.reservation.service_name}, ${created.reservation.date} ${created.reservation.timeSlot} (n° ${created.booking_id})`;
      confirmation.dataset.bookingId = created.booking_id;
      confirmation.hidden = false;
    }
    await showSlots({ date, service, prestation, email });
  };

  onSubmit(form, (fields) => showSlots(fields));
  onClick(byId('my-bookings-button'), () => {
    const email = session.user?.email ?? byId('booking-email').value;
    return run('getUserBookings(email)', () => client.getUserBookings(email));
  });
}
