-- Tickets: the catalog (events, categories with capacity), what each purchase
-- reserved, issued tickets and gate scans. The saga's own `purchases` table
-- comes from packages/checkout's migration, applied before this one. Unqualified names: the kit's runner
-- sets search_path to the service's schema.

CREATE TABLE events (
  id            text PRIMARY KEY,
  club_id       text NOT NULL,
  title         text NOT NULL,
  venue         text NOT NULL,
  starts_at     timestamptz(3) NOT NULL,
  ends_at       timestamptz(3) NOT NULL,
  status        text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
  status_reason text,
  created_at    timestamptz(3) NOT NULL DEFAULT now(),
  updated_at    timestamptz(3) NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at)
);
CREATE INDEX events_by_start ON events (starts_at, id);
CREATE INDEX events_by_club ON events (club_id, starts_at, id);

CREATE TABLE ticket_categories (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id    text NOT NULL REFERENCES events (id),
  code        text NOT NULL,
  name        text NOT NULL,
  price_minor integer NOT NULL CHECK (price_minor > 0),
  currency    text NOT NULL DEFAULT 'EUR',
  capacity    integer NOT NULL CHECK (capacity >= 0),
  -- Decremented by the reserve step with `WHERE seats_left > 0`; the CHECK is
  -- the last line of defence against an oversell.
  seats_left  integer NOT NULL,
  position    integer NOT NULL DEFAULT 0,
  created_at  timestamptz(3) NOT NULL DEFAULT now(),
  updated_at  timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (event_id, code),
  CHECK (seats_left >= 0 AND seats_left <= capacity)
);

-- What a purchase reserved, written by the saga's reserve hook under the
-- purchase's id. The saga (packages/checkout) inserts its `purchases` row after
-- the hook returns, hence the deferred foreign key.
CREATE TABLE ticket_orders (
  purchase_id uuid PRIMARY KEY REFERENCES purchases (id) DEFERRABLE INITIALLY DEFERRED,
  user_id     uuid NOT NULL,
  event_id    text NOT NULL REFERENCES events (id),
  category_id uuid NOT NULL REFERENCES ticket_categories (id),
  price_minor integer NOT NULL CHECK (price_minor > 0),
  currency    text NOT NULL,
  created_at  timestamptz(3) NOT NULL DEFAULT now()
);

-- Issued tickets: one per confirmed purchase, same id.
CREATE TABLE tickets (
  id             uuid PRIMARY KEY REFERENCES ticket_orders (purchase_id),
  user_id        uuid NOT NULL,
  event_id       text NOT NULL REFERENCES events (id),
  category_id    uuid NOT NULL REFERENCES ticket_categories (id),
  price_minor    integer NOT NULL CHECK (price_minor > 0),
  currency       text NOT NULL,
  status         text NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'revoked', 'cancelled')),
  status_reason  text,
  transfer_id    uuid NOT NULL,
  valid_from     timestamptz(3) NOT NULL,
  valid_until    timestamptz(3) NOT NULL,
  redeemed_at    timestamptz(3),
  redeemed_nonce text,
  refund_id      uuid,
  refunded_at    timestamptz(3),
  created_at     timestamptz(3) NOT NULL DEFAULT now(),
  updated_at     timestamptz(3) NOT NULL DEFAULT now(),
  CHECK ((redeemed_at IS NULL) = (redeemed_nonce IS NULL))
);
CREATE INDEX tickets_by_holder ON tickets (user_id, created_at DESC, id DESC);
CREATE INDEX tickets_valid_by_event ON tickets (event_id) WHERE status = 'valid';
CREATE INDEX tickets_refund_due ON tickets (updated_at) WHERE status = 'cancelled' AND refund_id IS NULL;

-- One row per scan nonce: a retried scan finds its first answer here.
CREATE TABLE check_ins (
  nonce        text PRIMARY KEY,
  request_hash text NOT NULL,
  scanned_by   uuid NOT NULL,
  ticket_id    uuid,
  accepted     boolean,
  reason       text,
  response     jsonb,
  created_at   timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX check_ins_by_ticket ON check_ins (ticket_id);
