import { byId, el, onClick, onSubmit, showImage } from '../dom.js';
import { formatDateTime, formatMoney } from '../format.js';

/** Events, purchase (paid from the wallet) and the ticket's QR code: a PNG of the Ed25519-signed token a gate scanner verifies. */
export function mountTickets({ client, run }) {
  const events = byId('events');
  const myTickets = byId('my-tickets');

  const showQr = async (ticketId) => {
    const qr = await run('getTicketQR(id)', () => client.getTicketQR(ticketId));
    if (!qr?.qrDataUrl) return;
    const img = byId('ticket-qr');
    img.dataset.ticketId = ticketId;
    showImage(img, qr.qrDataUrl);
    byId('ticket-qr-token').textContent = qr.token;
  };

  const buyButton = (event, category) =>
    el(
      'button',
      {
        type: 'button',
        disabled: !event.onSale || category.soldOut,
        dataset: { testid: 'buy-ticket', eventId: event.id, category: category.code },
        onclick: async () => {
          const ticket = await run('purchaseTicket(eventId, category, price)', () => client.purchaseTicket(event.id, category.code, category.price));
          if (ticket?.id) await showQr(ticket.id);
        },
      },
      `${category.name} — ${formatMoney(category.price, category.currency)} (${category.seatsLeft} places)`,
    );

  onSubmit(byId('events-form'), async ({ club }) => {
    const result = await run('getEvents(club)', () => client.getEvents(club));
    if (!result) return;
    events.replaceChildren(
      ...result.events.map((event) =>
        el(
          'li',
          { dataset: { eventId: event.id } },
          el('span', { class: 'title' }, `${event.title} — ${event.venue}, ${formatDateTime(event.startsAt)}`),
          ...event.categories.map((category) => buyButton(event, category)),
        ),
      ),
    );
    if (result.events.length === 0) events.replaceChildren(el('li', {}, 'Aucun événement à venir.'));
  });

  onClick(byId('my-tickets-button'), async () => {
    const result = await run('getMyTickets()', () => client.getMyTickets());
    if (!result) return;
    myTickets.replaceChildren(
      ...result.tickets.map((ticket) =>
        el(
          'li',
          { dataset: { ticketId: ticket.id } },
          el('span', { class: 'title' }, `${ticket.event.title} — ${ticket.categoryName} (${ticket.status})`),
          el('button', { type: 'button', class: 'secondary', onclick: () => showQr(ticket.id) }, 'QR code'),
        ),
      ),
    );
  });
}
