import type { BookingWindow } from '../domain/booking-window.js';
import type { Notifier } from '../clients/notifier.js';
import type { BookingStore } from '../store/booking-store.js';
import type { BookingStats } from './booking-stats.js';

export interface OperationDeps {
  store: BookingStore;
  /** The clock: injected so tests pin "today" instead of faking time globally. */
  now: () => Date;
  window: BookingWindow;
  notifier: Notifier;
  stats: BookingStats;
}
