import nodemailer, { type Transporter } from 'nodemailer';
import type { Booking } from '../domain/booking.js';
import type { Notifier } from './notifier.js';
import { cancellationMessage, confirmationMessage, type MailMessage } from './notification-messages.js';

/** Sends notifications by email through nodemailer (SMTP in production). */
export class SmtpNotifier implements Notifier {
  constructor(
    private readonly transport: Transporter,
    private readonly from: string,
  ) {}

  /** smtp(s)://user:pass@host:port. The URL carries credentials: it is never logged. */
  static fromUrl(url: string, from: string): SmtpNotifier {
    return new SmtpNotifier(nodemailer.createTransport(url), from);
  }

  bookingConfirmed(booking: Booking): Promise<void> {
    return this.send(confirmationMessage(booking));
  }

  bookingCancelled(booking: Booking): Promise<void> {
    return this.send(cancellationMessage(booking));
  }

  async close(): Promise<void> {
    this.transport.close();
  }

  private async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({ from: this.from, ...message });
  }
}
