import { quoteIdent } from '@platform/service-kit';
import type { Pool } from 'pg';
import { type CoPurchase, type ItemKey, itemKey, type PopularItem, splitItemKey } from '../domain/co-purchase.js';
import type { ItemInfo, ItemKind } from '../domain/purchases.js';

interface ItemRow {
  item_kind: ItemKind;
  item_id: string;
  name: string;
  club_id: string | null;
  category: string | null;
  starts_at: Date | null;
  last_seen_at: Date;
}

/**
 * Aggregates over every fan's purchases, in SQL so only counts leave the
 * database. Cancelled tickets do not count as purchases; events that have
 * started are never candidates.
 */
export class RecommendationReads {
  private readonly schema: string;

  constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.schema = quoteIdent(schema);
  }

  private get t() {
    const s = this.schema;
    return { purchases: `${s}.purchases`, items: `${s}.items` };
  }

  /** Everything the fan bought (cancelled included) and the clubs of those items. */
  async owned(userId: string): Promise<{ keys: Set<ItemKey>; clubs: (string | null)[] }> {
    const { rows } = await this.pool.query<{ item_kind: ItemKind; item_id: string; club_id: string | null }>(
      `SELECT p.item_kind, p.item_id, i.club_id
         FROM ${this.t.purchases} p LEFT JOIN ${this.t.items} i ON i.item_kind = p.item_kind AND i.item_id = p.item_id
        WHERE p.user_id = $1`,
      [userId],
    );
    return { keys: new Set(rows.map((r) => itemKey(r.item_kind, r.item_id))), clubs: rows.map((r) => r.club_id) };
  }

  /** For each item the fan holds and each item they do not, how many other fans bought both. */
  async coPurchases(userId: string): Promise<CoPurchase[]> {
    const { rows } = await this.pool.query<{ via_kind: ItemKind; via_id: string; item_kind: ItemKind; item_id: string; together: number }>(
      `WITH mine AS (
         SELECT DISTINCT item_kind, item_id FROM ${this.t.purchases} WHERE user_id = $1 AND cancelled_at IS NULL
       ), neighbours AS (
         SELECT DISTINCT p.user_id, p.item_kind AS via_kind, p.item_id AS via_id
           FROM ${this.t.purchases} p JOIN mine m ON m.item_kind = p.item_kind AND m.item_id = p.item_id
          WHERE p.user_id <> $1 AND p.cancelled_at IS NULL
       )
       SELECT n.via_kind, n.via_id, q.item_kind, q.item_id, count(DISTINCT q.user_id)::int AS together
         FROM neighbours n
         JOIN ${this.t.purchases} q ON q.user_id = n.user_id AND q.cancelled_at IS NULL
         JOIN ${this.t.items} i ON i.item_kind = q.item_kind AND i.item_id = q.item_id
        WHERE NOT EXISTS (SELECT 1 FROM ${this.t.purchases} o WHERE o.user_id = $1 AND o.item_kind = q.item_kind AND o.item_id = q.item_id)
          AND (i.starts_at IS NULL OR i.starts_at > now())
        GROUP BY n.via_kind, n.via_id, q.item_kind, q.item_id`,
      [userId],
    );
    return rows.map((r) => ({ via: itemKey(r.via_kind, r.via_id), candidate: itemKey(r.item_kind, r.item_id), together: r.together }));
  }

  /** Distinct buyers of each item. */
  async buyers(keys: readonly ItemKey[]): Promise<Map<ItemKey, number>> {
    if (keys.length === 0) return new Map();
    const split = keys.map(splitItemKey);
    const { rows } = await this.pool.query<{ item_kind: ItemKind; item_id: string; buyers: number }>(
      `SELECT item_kind, item_id, count(DISTINCT user_id)::int AS buyers
         FROM ${this.t.purchases}
        WHERE cancelled_at IS NULL AND (item_kind, item_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
        GROUP BY item_kind, item_id`,
      [split.map((s) => s[0]), split.map((s) => s[1])],
    );
    return new Map(rows.map((r) => [itemKey(r.item_kind, r.item_id), r.buyers]));
  }

  /** The most bought items the fan does not own, of one club or of all (clubId null), best first, ties by key. */
  async popular(options: { userId: string; clubId: string | null; kind?: ItemKind; limit: number }): Promise<PopularItem[]> {
    const { rows } = await this.pool.query<{ item_kind: ItemKind; item_id: string; buyers: number }>(
      `SELECT p.item_kind, p.item_id, count(DISTINCT p.user_id)::int AS buyers
         FROM ${this.t.purchases} p
         JOIN ${this.t.items} i ON i.item_kind = p.item_kind AND i.item_id = p.item_id
        WHERE p.cancelled_at IS NULL
          AND ($2::text IS NULL OR i.club_id = $2)
          AND ($3::text IS NULL OR p.item_kind = $3)
          AND (i.starts_at IS NULL OR i.starts_at > now())
          AND NOT EXISTS (SELECT 1 FROM ${this.t.purchases} o WHERE o.user_id = $1 AND o.item_kind = p.item_kind AND o.item_id = p.item_id)
        GROUP BY p.item_kind, p.item_id
        ORDER BY buyers DESC, p.item_kind, p.item_id
        LIMIT $4`,
      [options.userId, options.clubId, options.kind ?? null, options.limit],
    );
    return rows.map((r) => ({ item: itemKey(r.item_kind, r.item_id), buyers: r.buyers }));
  }

  async items(keys: readonly ItemKey[]): Promise<Map<ItemKey, ItemInfo>> {
    if (keys.length === 0) return new Map();
    const split = keys.map(splitItemKey);
    const { rows } = await this.pool.query<ItemRow>(
      `SELECT * FROM ${this.t.items} WHERE (item_kind, item_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [split.map((s) => s[0]), split.map((s) => s[1])],
    );
    return new Map(
      rows.map((r) => [
        itemKey(r.item_kind, r.item_id),
        { kind: r.item_kind, id: r.item_id, name: r.name, clubId: r.club_id, category: r.category, startsAt: r.starts_at, seenAt: r.last_seen_at },
      ]),
    );
  }
}
