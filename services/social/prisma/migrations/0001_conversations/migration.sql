-- Conversations, their participants and messages (docs/services/social.md).

CREATE TABLE conversations (
  id               uuid PRIMARY KEY,
  kind             text NOT NULL CHECK (kind IN ('direct')),
  -- A direct conversation's two users in sorted order: one conversation per
  -- unordered pair, so two first messages sent at once create one conversation.
  direct_user_low  uuid,
  direct_user_high uuid,
  last_message_id  uuid,
  last_message_seq bigint,
  last_activity_at timestamptz NOT NULL DEFAULT now(),
  created_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT conversations_direct_pair CHECK (kind <> 'direct' OR (direct_user_low IS NOT NULL AND direct_user_low < direct_user_high)),
  CONSTRAINT conversations_direct_pair_unique UNIQUE (direct_user_low, direct_user_high)
);

CREATE TABLE conversation_participants (
  conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  user_id         uuid NOT NULL,
  -- Everything up to this message seq has been read by this user.
  last_read_seq   bigint NOT NULL DEFAULT 0,
  -- The conversation's latest message seq, copied to each participant so a
  -- user's conversation list is one index range scan, newest activity first.
  activity_seq    bigint NOT NULL DEFAULT 0,
  joined_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX participants_by_user_activity ON conversation_participants (user_id, activity_seq DESC, conversation_id DESC);

CREATE TABLE messages (
  -- One platform-wide order. Per user it follows commit order: every send
  -- takes its participants' advisory locks before drawing a seq (docs/decisions/0701).
  seq               bigserial PRIMARY KEY,
  id                uuid NOT NULL UNIQUE,
  conversation_id   uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  sender_id         uuid NOT NULL,
  body              text NOT NULL,
  client_message_id text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  -- The same client id from the same sender in the same conversation is one message.
  CONSTRAINT messages_client_id_unique UNIQUE (conversation_id, sender_id, client_message_id)
);
CREATE INDEX messages_by_conversation ON messages (conversation_id, seq);
