-- Shop: clubs, products with their stock, carts, and the lines of each order.
-- Orders themselves are rows of `purchases` (the checkout package's migration);
-- an order's id is its purchase id.

CREATE TABLE clubs (
  id         text PRIMARY KEY,
  name       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE products (
  id          uuid PRIMARY KEY,
  club_id     text NOT NULL REFERENCES clubs (id),
  category    text NOT NULL,
  name        text NOT NULL,
  description text,
  price_minor bigint NOT NULL CHECK (price_minor > 0),
  currency    char(3) NOT NULL DEFAULT 'EUR',
  -- Units left to sell. Checkout decrements it under the row lock; never below 0.
  stock       integer NOT NULL CHECK (stock >= 0),
  images      text[] NOT NULL DEFAULT '{}',
  active      boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
-- The catalogue is listed by name (keyset on name, id), filtered by club and category.
CREATE INDEX products_by_name ON products (name, id) WHERE active;
CREATE INDEX products_by_club_category ON products (club_id, category, name, id) WHERE active;

CREATE TABLE cart_items (
  user_id    uuid NOT NULL,
  product_id uuid NOT NULL REFERENCES products (id),
  quantity   integer NOT NULL CHECK (quantity BETWEEN 1 AND 99),
  added_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, product_id)
);

-- What an order bought, as sold (name and price at checkout time). The purchases
-- row is inserted after the lines, in the same transaction: hence the deferred key.
CREATE TABLE order_lines (
  purchase_id      uuid NOT NULL REFERENCES purchases (id) DEFERRABLE INITIALLY DEFERRED,
  product_id       uuid NOT NULL REFERENCES products (id),
  name             text NOT NULL,
  category         text NOT NULL,
  club_id          text NOT NULL,
  image            text,
  unit_price_minor bigint NOT NULL CHECK (unit_price_minor > 0),
  quantity         integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (purchase_id, product_id)
);
