import { randomBytes, randomInt } from 'node:crypto';

/**
 * A new MongoDB ObjectId as 24 lowercase hex characters, laid out as the BSON
 * spec and the driver do it: 4 bytes of seconds since the epoch, 5 random
 * bytes fixed for the process, 3 bytes of an incrementing counter. Generated
 * here rather than with the driver's ObjectId so that a service running on
 * PostgreSQL never loads the MongoDB driver (about 20 MB of memory).
 */
const processUnique = randomBytes(5);
let counter = randomInt(0x1000000);

export function newObjectIdHex(now: number = Date.now()): string {
  counter = (counter + 1) % 0x1000000;
  const id = Buffer.allocUnsafe(12);
  id.writeUInt32BE(Math.floor(now / 1000) % 0x100000000, 0);
  processUnique.copy(id, 4);
  id.writeUIntBE(counter, 9, 3);
  return id.toString('hex');
}
