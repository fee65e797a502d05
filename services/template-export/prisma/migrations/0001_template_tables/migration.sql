-- The Template's own data (seed 002). Every table has id, created_at and
-- updated_at; updated_at moves on every UPDATE (trigger below), so the export
-- API can page by (updated_at, id) and the Dashboard can sync incrementally.
-- Timestamps have millisecond precision so a cursor round-trips exactly
-- through JSON.

CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A statement that sets updated_at itself (imports, the benchmark generator) keeps its value.
  IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END $$;

CREATE TABLE settings (
  id         serial PRIMARY KEY,
  key        text NOT NULL UNIQUE,
  value      text NOT NULL DEFAULT '',
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE paintings (
  id          serial PRIMARY KEY,
  name        text NOT NULL,
  description text NOT NULL DEFAULT '',
  artist      text NOT NULL DEFAULT '',
  category    text,
  technique   text,
  width_cm    integer,
  height_cm   integer,
  year        integer,
  price_cents integer NOT NULL CHECK (price_cents >= 0),
  currency    text NOT NULL DEFAULT 'EUR',
  image_url   text,
  status      text NOT NULL DEFAULT 'available' CHECK (status IN ('available', 'reserved', 'sold')),
  created_at  timestamptz(3) NOT NULL DEFAULT now(),
  updated_at  timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE orders (
  id               serial PRIMARY KEY,
  customer_name    text NOT NULL,
  customer_email   text NOT NULL,
  customer_phone   text,
  shipping_address text NOT NULL DEFAULT '',
  status           text NOT NULL DEFAULT 'pending',
  total_cents      integer NOT NULL CHECK (total_cents >= 0),
  currency         text NOT NULL DEFAULT 'EUR',
  created_at       timestamptz(3) NOT NULL DEFAULT now(),
  updated_at       timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE order_items (
  id               serial PRIMARY KEY,
  order_id         integer NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
  painting_id      integer REFERENCES paintings(id) ON DELETE SET NULL,
  painting_name    text NOT NULL,
  quantity         integer NOT NULL CHECK (quantity > 0),
  unit_price_cents integer NOT NULL CHECK (unit_price_cents >= 0),
  created_at       timestamptz(3) NOT NULL DEFAULT now(),
  updated_at       timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX order_items_order_id_idx ON order_items (order_id);

CREATE TABLE users (
  id            serial PRIMARY KEY,
  email         text NOT NULL UNIQUE,
  name          text NOT NULL,
  role          text NOT NULL DEFAULT 'customer',
  phone         text,
  password_hash text NOT NULL,
  created_at    timestamptz(3) NOT NULL DEFAULT now(),
  updated_at    timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE exhibitions (
  id          serial PRIMARY KEY,
  title       text NOT NULL,
  description text NOT NULL DEFAULT '',
  location    text NOT NULL DEFAULT '',
  start_date  date,
  end_date    date,
  created_at  timestamptz(3) NOT NULL DEFAULT now(),
  updated_at  timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE custom_requests (
  id           serial PRIMARY KEY,
  client_name  text NOT NULL,
  client_email text NOT NULL,
  client_phone text,
  description  text NOT NULL,
  dimensions   text,
  budget_cents integer CHECK (budget_cents >= 0),
  status       text NOT NULL DEFAULT 'new',
  created_at   timestamptz(3) NOT NULL DEFAULT now(),
  updated_at   timestamptz(3) NOT NULL DEFAULT now()
);

-- Keyset paging of the export API walks these indexes.
CREATE INDEX settings_updated_idx        ON settings (updated_at, id);
CREATE INDEX paintings_updated_idx       ON paintings (updated_at, id);
CREATE INDEX orders_updated_idx          ON orders (updated_at, id);
CREATE INDEX users_updated_idx           ON users (updated_at, id);
CREATE INDEX exhibitions_updated_idx     ON exhibitions (updated_at, id);
CREATE INDEX custom_requests_updated_idx ON custom_requests (updated_at, id);

CREATE TRIGGER settings_touch        BEFORE UPDATE ON settings        FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER paintings_touch       BEFORE UPDATE ON paintings       FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER orders_touch          BEFORE UPDATE ON orders          FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER order_items_touch     BEFORE UPDATE ON order_items     FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER users_touch           BEFORE UPDATE ON users           FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER exhibitions_touch     BEFORE UPDATE ON exhibitions     FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER custom_requests_touch BEFORE UPDATE ON custom_requests FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
