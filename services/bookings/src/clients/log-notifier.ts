import type { Logger } from '@platform/service-kit';
import type { Booking } from '../domain/booking.js';
import type { Notifier } from './notifier.js';
import { cancellationMessage, confirmationMessage, maskEmail, type MailMessage } from './notification-messages.js';

/** Used when no SMTP server is configured: the message is logged instead of sent (address masked). */
export class LogNotifier implements Notifier {
  constructor(private readonly logger: Logger) {}

  async bookingConfirmed(booking: Booking): Promise<void> {
    this.log(booking, confirmationMessage(booking));
  }

  async bookingCancelled(booking: Booking): Promise<void> {
    this.log(booking, cancellationMessage(booking));
  }

  async close(): Promise<void> {}

  private log(booking: Booking, message: MailMessage): void {
    this.logger.info({ bookingId: booking.id, to: maskEmail(message.to), subject: message.subject }, 'notification (not sent: SMTP_URL is not set)');
  }
}
