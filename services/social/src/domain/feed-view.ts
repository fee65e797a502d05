import type { FeedRow } from '../store/feed.js';

export interface FeedItemView {
  id: string;
  kind: 'post' | 'activity';
  author: { kind: 'user' | 'club'; id: string; name: string | null };
  text: string | null;
  activity: FeedRow['activity'];
  createdAt: string;
}

/** Users are shown with their name; clubs by their id (there is no club registry to name them yet). */
export function toFeedItem(row: FeedRow, names: ReadonlyMap<string, string>): FeedItemView {
  return {
    id: row.id,
    kind: row.kind,
    author: { kind: row.author_kind, id: row.author_id, name: row.author_kind === 'user' ? (names.get(row.author_id) ?? null) : null },
    text: row.kind === 'post' ? row.body : null,
    activity: row.kind === 'activity' ? row.activity : null,
    createdAt: row.created_at.toISOString(),
  };
}
