/** Counters for the gateway's /api/stats (the seed's monitoring list: bookings made, conflicts). Per instance, since start. */
export class BookingStats {
  created = 0;
  replayed = 0;
  conflicts = 0;
  cancelled = 0;

  snapshot(): Record<string, number> {
    return { created: this.created, replayed: this.replayed, conflicts: this.conflicts, cancelled: this.cancelled };
  }
}
