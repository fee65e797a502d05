-- The AI service's read model, built only from platform events (it reads no
-- other service's tables). Every event is applied at most once: its id goes
-- into processed_events in the same transaction as the rows it produces, and
-- each fact also has a natural primary key, so a redelivered, replayed or
-- re-published event changes nothing.

CREATE TABLE processed_events (
  event_id     text PRIMARY KEY,
  subject      text NOT NULL,
  processed_at timestamptz(3) NOT NULL DEFAULT now()
);

-- One row per user side of a wallet transfer, as the wallet owner sees it
-- (the wallet's own transaction types). A send makes two rows: the sender's
-- 'send' and the recipient's 'receive'.
CREATE TABLE wallet_movements (
  transfer_id          text NOT NULL,
  user_id              text NOT NULL,
  kind                 text NOT NULL CHECK (kind IN ('payment', 'refund', 'send', 'receive', 'deposit')),
  amount_minor         bigint NOT NULL CHECK (amount_minor > 0),
  currency             char(3) NOT NULL,
  merchant             text,
  category             text,
  reference            text,
  -- For a refund: the payment it reverses (its category and merchant are the refund's).
  reverses_transfer_id text,
  counterparty_user_id text,
  occurred_at          timestamptz(3) NOT NULL,
  PRIMARY KEY (transfer_id, user_id)
);
CREATE INDEX wallet_movements_user_time ON wallet_movements (user_id, occurred_at);

-- What fans bought: shop order lines, tickets, eSIM plans. A cancelled ticket
-- keeps its row (the fan is not offered the event again) but no longer counts
-- as a purchase for co-occurrence or popularity.
CREATE TABLE purchases (
  source       text NOT NULL CHECK (source IN ('shop-order', 'ticket', 'esim')),
  -- Order id, ticket id or eSIM id.
  source_id    text NOT NULL,
  item_kind    text NOT NULL CHECK (item_kind IN ('product', 'event', 'esim_plan')),
  item_id      text NOT NULL,
  user_id      text NOT NULL,
  quantity     integer NOT NULL CHECK (quantity > 0),
  amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
  occurred_at  timestamptz(3) NOT NULL,
  cancelled_at timestamptz(3),
  PRIMARY KEY (source, source_id, item_kind, item_id)
);
CREATE INDEX purchases_by_user ON purchases (user_id);
CREATE INDEX purchases_by_item ON purchases (item_kind, item_id) WHERE cancelled_at IS NULL;

-- What we know of each item from the latest event that mentioned it.
CREATE TABLE items (
  item_kind    text NOT NULL,
  item_id      text NOT NULL,
  name         text NOT NULL,
  club_id      text,
  category     text,
  -- Events only, when the tickets service says: a started event is not recommended.
  starts_at    timestamptz(3),
  last_seen_at timestamptz(3) NOT NULL,
  PRIMARY KEY (item_kind, item_id)
);
CREATE INDEX items_by_club ON items (club_id);
