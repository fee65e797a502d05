import type { Booking } from '../domain/booking.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** The seed's confirmation wording (French, as the app), with the details a customer needs to find or cancel it. */
export function confirmationMessage(booking: Booking): MailMessage {
  return {
    to: booking.email,
    subject: 'Confirmation de réservation',
    text: [
      `Votre réservation pour le ${booking.date} à ${booking.timeSlot} est confirmée.`,
      '',
      `Service : ${booking.serviceName}`,
      `Prestation : ${booking.prestation}${booking.variant ? ` (${booking.variant})` : ''}`,
      `Numéro de réservation : ${booking.id}`,
      '',
      "Pour annuler, utilisez ce numéro et l'adresse email de la réservation.",
    ].join('\n'),
  };
}

export function cancellationMessage(booking: Booking): MailMessage {
  return {
    to: booking.email,
    subject: 'Annulation de réservation',
    text: [`Votre réservation du ${booking.date} à ${booking.timeSlot} (${booking.serviceName}) est annulée.`, `Numéro de réservation : ${booking.id}`].join(
      '\n',
    ),
  };
}

/** "j***@example.com": enough to follow a log line, not enough to harvest addresses. */
export function maskEmail(email: string): string {
  const [local, domain] = email.split('@');
  return `${local.slice(0, 1)}***@${domain ?? ''}`;
}
