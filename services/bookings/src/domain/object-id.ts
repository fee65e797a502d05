import { randomBytes } from 'node:crypto';

/**
 * A new id in MongoDB's ObjectId form (24 lowercase hex characters, 12 bytes),
 * all 96 bits from the CSPRNG. A driver ObjectId is 4 bytes of time, 5 bytes
 * fixed per process and a counter, so two bookings made one after the other
 * share 9 of their 12 bytes and the next one is a guess away. The seed's
 * cancel takes only `{booking_id, email}`, so a booking id must be as hard to
 * guess as a secret (decision 0930). Generated without the driver so that a
 * service on PostgreSQL never loads it (about 20 MB of memory).
 */
export function randomObjectIdHex(): string {
  return randomBytes(12).toString('hex');
}
