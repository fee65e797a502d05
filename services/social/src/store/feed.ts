import { randomUUID } from 'node:crypto';
import { DomainError } from '@platform/contracts';
import type { Pool } from 'pg';
import { type SocialTables, socialTables } from './tables.js';

export interface FeedRow {
  seq: string;
  id: string;
  kind: 'post' | 'activity';
  author_kind: 'user' | 'club';
  author_id: string;
  body: string | null;
  activity: { type: 'ticket.purchased'; eventId: string; clubId: string; category: string } | null;
  created_at: Date;
}

export interface NewPost {
  authorKind: 'user' | 'club';
  authorId: string;
  text: string;
  idempotencyKey?: string;
}

export interface NewActivity {
  /** The platform event the card comes from: consuming it again adds nothing. */
  sourceEventId: string;
  actorId: string;
  clubId: string;
  activity: NonNullable<FeedRow['activity']>;
  occurredAt: Date;
}

export interface FeedAudience {
  userId: string;
  /** The user's own club (from their account): it counts as followed. */
  ownClubId: string | null;
}

const COLUMNS = 'f.seq, f.id, f.kind, f.author_kind, f.author_id, f.body, f.activity, f.created_at';

/** Posts and activity cards, and the query that picks what one user sees. */
export class FeedStore {
  private readonly t: SocialTables;

  constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.t = socialTables(schema);
  }

  /** Creates a post; with an idempotency key, a retry returns the first post (a different text with the same key is refused). */
  async createPost(post: NewPost): Promise<FeedRow> {
    const club = post.authorKind === 'club' ? post.authorId : null;
    const { rows } = await this.pool.query<FeedRow>(
      `INSERT INTO ${this.t.feedItems} AS f (id, kind, author_kind, author_id, club_id, body, idempotency_key)
       VALUES ($1, 'post', $2, $3, $4, $5, $6)
       ON CONFLICT (author_kind, author_id, idempotency_key) DO NOTHING
       RETURNING ${COLUMNS}`,
      [randomUUID(), post.authorKind, post.authorId, club, post.text, post.idempotencyKey ?? null],
    );
    if (rows[0]) return rows[0];
    const prior = await this.pool.query<FeedRow>(
      `SELECT ${COLUMNS} FROM ${this.t.feedItems} f WHERE f.author_kind = $1 AND f.author_id = $2 AND f.idempotency_key = $3`,
      [post.authorKind, post.authorId, post.idempotencyKey],
    );
    if (prior.rows[0]?.body !== post.text) {
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different post; use a new key', {
        field: 'Idempotency-Key',
      });
    }
    return prior.rows[0];
  }

  /** Returns false when the card already existed (the event was consumed before). */
  async addActivity(card: NewActivity): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO ${this.t.feedItems} (id, kind, author_kind, author_id, club_id, activity, source_event_id, created_at)
       VALUES ($1, 'activity', 'user', $2, $3, $4::jsonb, $5, $6)
       ON CONFLICT (source_event_id) DO NOTHING`,
      [randomUUID(), card.actorId, card.clubId, JSON.stringify(card.activity), card.sourceEventId, card.occurredAt],
    );
    return (rowCount ?? 0) > 0;
  }

  /**
   * What a user sees, newest first: posts by themselves, by users they follow
   * and by clubs they follow (their own club counts); activity cards of
   * themselves, of users they follow, or about a club they follow, as long as
   * the actor shares their activity now (opting out hides past cards too).
   * Keyset on seq, so pages never repeat or skip an item when new ones arrive.
   */
  async feedFor(audience: FeedAudience, limit: number, beforeSeq?: number): Promise<FeedRow[]> {
    const t = this.t;
    const { rows } = await this.pool.query<FeedRow>(
      `WITH followed AS (SELECT target_kind, target_id FROM ${t.follows} WHERE follower_id = $1),
            users AS (SELECT target_id AS id FROM followed WHERE target_kind = 'user' UNION SELECT $1::text),
            clubs AS (SELECT target_id AS id FROM followed WHERE target_kind = 'club' UNION SELECT $2::text WHERE $2::text IS NOT NULL)
       SELECT ${COLUMNS} FROM ${t.feedItems} f
        WHERE ($3::bigint IS NULL OR f.seq < $3)
          AND CASE f.kind
                WHEN 'post' THEN (f.author_kind = 'user' AND f.author_id IN (SELECT id FROM users))
                              OR (f.author_kind = 'club' AND f.author_id IN (SELECT id FROM clubs))
                ELSE (f.author_id IN (SELECT id FROM users) OR f.club_id IN (SELECT id FROM clubs))
                     AND EXISTS (SELECT 1 FROM ${t.settings} s WHERE s.user_id::text = f.author_id AND s.share_activity)
              END
        ORDER BY f.seq DESC
        LIMIT $4`,
      [audience.userId, audience.ownClubId, beforeSeq ?? null, limit + 1],
    );
    return rows;
  }
}
