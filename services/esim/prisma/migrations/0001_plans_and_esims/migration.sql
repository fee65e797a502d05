-- eSIM: data plans on sale, and the eSIMs users bought. An eSIM's id is its
-- purchase id (the checkout package's `purchases` table holds its payment state).

CREATE TABLE plans (
  id            uuid PRIMARY KEY,
  name          text NOT NULL,
  description   text,
  data_mb       integer NOT NULL CHECK (data_mb > 0),
  validity_days integer NOT NULL CHECK (validity_days > 0),
  -- ISO 3166-1 alpha-2 codes where the plan works.
  countries     text[] NOT NULL CHECK (cardinality(countries) > 0),
  price_minor   bigint NOT NULL CHECK (price_minor > 0),
  currency      char(3) NOT NULL DEFAULT 'EUR',
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX plans_by_country ON plans USING gin (countries) WHERE active;

CREATE TABLE esims (
  -- The purchases row is inserted after this one, in the same transaction: hence the deferred key.
  purchase_id     uuid PRIMARY KEY REFERENCES purchases (id) DEFERRABLE INITIALLY DEFERRED,
  user_id         uuid NOT NULL,
  plan_id         uuid NOT NULL REFERENCES plans (id),
  -- The plan's terms as bought: a later change of the plan does not change a bought eSIM.
  plan_name       text NOT NULL,
  data_mb         integer NOT NULL,
  validity_days   integer NOT NULL,
  countries       text[] NOT NULL,
  price_minor     bigint NOT NULL,
  -- The profile, once the provider issued it (after the charge).
  provider        text,
  iccid           text UNIQUE,
  smdp_address    text,
  matching_id     text,
  activation_code text,
  -- Set when the purchase is confirmed; the eSIM is active until expires_at.
  activated_at    timestamptz,
  expires_at      timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT esims_profile_complete CHECK ((iccid IS NULL) = (activation_code IS NULL)),
  CONSTRAINT esims_activated_with_profile CHECK (activated_at IS NULL OR (iccid IS NOT NULL AND expires_at IS NOT NULL))
);
CREATE INDEX esims_by_user ON esims (user_id, created_at DESC);
