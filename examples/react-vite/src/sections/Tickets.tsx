import { useEffect, useState } from 'react';
import type { OutputAt } from '@platform/client';
import { api } from '../api';
import { messageFr } from '../messages-fr';
import { euros } from '../money';

type TicketEvent = OutputAt<'tickets.listEvents'>['events'][number];

export function Tickets({ onPurchase }: { onPurchase: () => void }) {
  const [events, setEvents] = useState<TicketEvent[]>([]);
  const [qr, setQr] = useState<{ title: string; dataUrl: string }>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    api.getEvents().then(
      ({ events: upcoming }) => setEvents(upcoming),
      (failure) => setError(messageFr(failure)),
    );
  }, []);

  const buy = async (event: TicketEvent, category: TicketEvent['categories'][number]) => {
    try {
      // The price shown: if it moved meanwhile, the server refuses (PRICE_CHANGED) and nothing is charged.
      const ticket = await api.purchaseTicket(event.id, category.code, category.price);
      const { qrDataUrl } = await api.getTicketQR(ticket.id);
      setQr({ title: `${event.title} — ${category.name}`, dataUrl: qrDataUrl });
      setError(undefined);
      onPurchase();
    } catch (failure) {
      setError(messageFr(failure));
    }
  };

  return (
    <section>
      <h2>Billetterie</h2>
      <ul>
        {events.map((event) => (
          <li key={event.id}>
            {event.title}{' '}
            {event.categories.map((category) => (
              <button key={category.code} type="button" data-testid={`buy-${event.id}-${category.code}`} onClick={() => buy(event, category)}>
                {category.name} {euros(category.price)}
              </button>
            ))}
          </li>
        ))}
      </ul>
      {qr && (
        <figure>
          <img className="qr" src={qr.dataUrl} alt={`Billet ${qr.title}`} data-testid="ticket-qr" />
          <figcaption>{qr.title}</figcaption>
        </figure>
      )}
      {error && <p className="error">{error}</p>}
    </section>
  );
}
