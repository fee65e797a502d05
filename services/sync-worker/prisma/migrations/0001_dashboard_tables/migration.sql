-- The Dashboard's copy of the Template (seed 002), its sync cursors and its
-- run history. Mirrored rows keep the Template's ids and timestamps;
-- synced_at says when this copy last changed.

CREATE TABLE settings (
  key        text PRIMARY KEY,
  id         integer NOT NULL,
  value      text NOT NULL,
  created_at timestamptz(3) NOT NULL,
  updated_at timestamptz(3) NOT NULL,
  synced_at  timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE paintings (
  id          integer PRIMARY KEY,
  name        text NOT NULL,
  description text NOT NULL,
  artist      text NOT NULL,
  category    text,
  technique   text,
  width_cm    integer,
  height_cm   integer,
  year        integer,
  price_cents integer NOT NULL,
  currency    text NOT NULL,
  image_url   text,
  status      text NOT NULL,
  created_at  timestamptz(3) NOT NULL,
  updated_at  timestamptz(3) NOT NULL,
  synced_at   timestamptz(3) NOT NULL DEFAULT now()
);

-- Orders are insert-only (the seed: "orders are never updated, only created").
CREATE TABLE orders (
  id               integer PRIMARY KEY,
  customer_name    text NOT NULL,
  customer_email   text NOT NULL,
  customer_phone   text,
  shipping_address text NOT NULL,
  status           text NOT NULL,
  total_cents      integer NOT NULL,
  currency         text NOT NULL,
  created_at       timestamptz(3) NOT NULL,
  updated_at       timestamptz(3) NOT NULL,
  synced_at        timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE order_items (
  id               integer PRIMARY KEY,
  order_id         integer NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  painting_id      integer,
  painting_name    text NOT NULL,
  quantity         integer NOT NULL,
  unit_price_cents integer NOT NULL,
  created_at       timestamptz(3) NOT NULL,
  updated_at       timestamptz(3) NOT NULL,
  synced_at        timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX order_items_order_id_idx ON order_items (order_id);

-- The Template's customers: no password hash exists here.
CREATE TABLE users (
  id         integer PRIMARY KEY,
  email      text NOT NULL,
  name       text NOT NULL,
  role       text NOT NULL,
  phone      text,
  created_at timestamptz(3) NOT NULL,
  updated_at timestamptz(3) NOT NULL,
  synced_at  timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE exhibitions (
  id          integer PRIMARY KEY,
  title       text NOT NULL,
  description text NOT NULL,
  location    text NOT NULL,
  start_date  date,
  end_date    date,
  created_at  timestamptz(3) NOT NULL,
  updated_at  timestamptz(3) NOT NULL,
  synced_at   timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE custom_requests (
  id           integer PRIMARY KEY,
  client_name  text NOT NULL,
  client_email text NOT NULL,
  client_phone text,
  description  text NOT NULL,
  dimensions   text,
  budget_cents integer,
  status       text NOT NULL,
  created_at   timestamptz(3) NOT NULL,
  updated_at   timestamptz(3) NOT NULL,
  synced_at    timestamptz(3) NOT NULL DEFAULT now()
);

-- Where the last committed read of each table stopped, in the export's (updated_at, id) order.
CREATE TABLE sync_state (
  table_name        text PRIMARY KEY,
  cursor_updated_at timestamptz(3) NOT NULL,
  cursor_id         integer NOT NULL,
  saved_at          timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE sync_runs (
  id          uuid PRIMARY KEY,
  job_id      text NOT NULL,
  trigger     text NOT NULL CHECK (trigger IN ('manual', 'schedule')),
  mode        text NOT NULL CHECK (mode IN ('incremental', 'full')),
  attempt     integer NOT NULL DEFAULT 1,
  status      text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
  started_at  timestamptz(3) NOT NULL DEFAULT now(),
  finished_at timestamptz(3),
  duration_ms integer,
  counts      jsonb NOT NULL DEFAULT '{}',
  error       text
);
CREATE INDEX sync_runs_history_idx ON sync_runs (started_at DESC, id DESC);
CREATE INDEX sync_runs_job_id_idx ON sync_runs (job_id);
