import { ordersSnapshot } from '@platform/contracts';
import type { Logger } from '@platform/service-kit';
import type pg from 'pg';
import { parseLegacySnapshot } from '../domain/legacy-snapshot.js';
import type { BucketObjects } from './snapshot-bucket.js';

/** Events this instance knows are in the log; bounded, as a cache only saves a query. */
const KNOWN_EVENTS_MAX = 10_000;

const legacyTmpKey = (eventId: string) => `orders/${eventId}/pending_orders.tmp.json`;

/**
 * Migration from seed 000's endpoint (docs/services/orders-snapshot.md#migration).
 * Before the first post of an event the order log has never seen, an existing
 * orders/<event_id>/pending_orders.json is adopted: its orders enter the log
 * first (deduplicated by order_id, like any post) and its snapshot_version
 * becomes the event's version, so the next write is version + 1.
 *
 * It is looked for in the private bucket (where the platform writes), then in
 * the public one (an operator who kept the seed's bucket as the public bucket).
 * A copy found in the public bucket is deleted once its orders are in the log:
 * the public bucket serves every key, and snapshots hold names, emails, phones.
 *
 * Two instances adopting at once is harmless: the log deduplicates, and the
 * version only ever goes up (GREATEST).
 */
export class LegacyAdoption {
  private readonly known = new Set<string>();

  constructor(
    private readonly deps: {
      pool: pg.Pool;
      privateObjects: BucketObjects;
      publicObjects: BucketObjects;
      logger: Logger;
    },
  ) {}

  async beforePost(eventId: string): Promise<void> {
    if (this.known.has(eventId)) return;
    const { rowCount } = await this.deps.pool.query('SELECT 1 FROM snapshot_events WHERE event_id = $1', [eventId]);
    if (!rowCount) await this.adopt(eventId);
    if (this.known.size >= KNOWN_EVENTS_MAX) this.known.clear();
    this.known.add(eventId);
  }

  private async adopt(eventId: string): Promise<void> {
    const { privateObjects, publicObjects, logger } = this.deps;
    const key = ordersSnapshot.snapshotObjectKey(eventId);
    const inPrivate = await privateObjects.read(key);
    const found = inPrivate ?? (await publicObjects.read(key));
    if (!found) return;
    const from = inPrivate ? privateObjects.bucket : publicObjects.bucket;
    const legacy = parseLegacySnapshot(found.body);
    if (!legacy) {
      logger.warn({ eventId, bucket: from, key }, 'an object that is not a snapshot sits at the snapshot key; it will be overwritten');
      return;
    }
    const client = await this.deps.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT new_orders, target_seq FROM append_orders($1, $2::jsonb)', [eventId, JSON.stringify(legacy.orders)]);
      // The ETag lets the first conditional write replace this very object (If-Match); a copy in the public bucket is not ours to match.
      await client.query(
        `INSERT INTO snapshots (event_id, version, etag) VALUES ($1, $2, $3)
         ON CONFLICT (event_id) DO UPDATE SET version = GREATEST(snapshots.version, EXCLUDED.version),
           etag = CASE WHEN snapshots.written_at IS NULL THEN coalesce(snapshots.etag, EXCLUDED.etag) ELSE snapshots.etag END`,
        [eventId, legacy.version, inPrivate ? found.etag : null],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    logger.info(
      { eventId, bucket: from, orders: legacy.orders.length, version: legacy.version, ordersGivenAnId: legacy.renamed },
      'adopted a snapshot written before the platform',
    );
    if (!inPrivate) {
      await publicObjects.delete(key);
      await publicObjects.delete(legacyTmpKey(eventId));
      logger.info({ eventId, bucket: from, key }, 'deleted the adopted snapshot from the public bucket');
    }
  }
}
