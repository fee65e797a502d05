import type { Booking } from '../src/domain/booking.js';
import type { Notifier } from '../src/clients/notifier.js';

/** A notifier that remembers what it was asked to send, and can be told to fail. */
export class RecordingNotifier implements Notifier {
  readonly confirmed: Booking[] = [];
  readonly cancelled: Booking[] = [];
  failing = false;

  async bookingConfirmed(booking: Booking): Promise<void> {
    if (this.failing) throw new Error('smtp server refused the message');
    this.confirmed.push(booking);
  }

  async bookingCancelled(booking: Booking): Promise<void> {
    if (this.failing) throw new Error('smtp server refused the message');
    this.cancelled.push(booking);
  }

  async close(): Promise<void> {}
}
