-- Feed items (posts and activity cards), follows and per-user settings.

CREATE TABLE feed_items (
  seq             bigserial PRIMARY KEY,
  id              uuid NOT NULL UNIQUE,
  kind            text NOT NULL CHECK (kind IN ('post', 'activity')),
  author_kind     text NOT NULL CHECK (author_kind IN ('user', 'club')),
  -- A user id (uuid text) or a club slug.
  author_id       text NOT NULL,
  -- The club a card concerns (an activity: the event's club), shown to that club's fans.
  club_id         text,
  body            text,
  activity        jsonb,
  -- The platform event an activity card was built from: consuming it twice builds one card.
  source_event_id text UNIQUE,
  -- Idempotency-Key of the request that created a post, per author.
  idempotency_key text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT feed_items_post_has_body CHECK (kind <> 'post' OR body IS NOT NULL),
  CONSTRAINT feed_items_idempotency_unique UNIQUE (author_kind, author_id, idempotency_key)
);
CREATE INDEX feed_items_by_author ON feed_items (author_kind, author_id, seq DESC);
CREATE INDEX feed_items_activity_by_club ON feed_items (club_id, seq DESC) WHERE kind = 'activity';

CREATE TABLE follows (
  follower_id uuid NOT NULL,
  target_kind text NOT NULL CHECK (target_kind IN ('user', 'club')),
  target_id   text NOT NULL,
  -- Millisecond precision, like the JavaScript dates the list cursor carries.
  created_at  timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (follower_id, target_kind, target_id)
);
CREATE INDEX follows_by_follower_recent ON follows (follower_id, created_at DESC, target_kind, target_id);
CREATE INDEX follows_by_target ON follows (target_kind, target_id);

CREATE TABLE social_settings (
  user_id        uuid PRIMARY KEY,
  share_activity boolean NOT NULL DEFAULT false,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
