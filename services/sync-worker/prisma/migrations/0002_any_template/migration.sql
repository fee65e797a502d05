-- The Dashboard mirrors any Template that speaks the seed's export API, not
-- only ours (issue 16 §2): rows may lack fields we know and carry fields we
-- don't. Typed columns keep what they can hold (NULL when a Template does not
-- send that field, or sends it in another type); `raw` keeps the whole row as
-- received, so nothing is lost.

ALTER TABLE settings
  ADD COLUMN raw jsonb NOT NULL DEFAULT '{}',
  ALTER COLUMN id DROP NOT NULL,
  ALTER COLUMN value DROP NOT NULL,
  ALTER COLUMN created_at DROP NOT NULL,
  ALTER COLUMN updated_at DROP NOT NULL;

ALTER TABLE paintings
  ADD COLUMN raw jsonb NOT NULL DEFAULT '{}',
  ALTER COLUMN name DROP NOT NULL,
  ALTER COLUMN description DROP NOT NULL,
  ALTER COLUMN artist DROP NOT NULL,
  ALTER COLUMN price_cents DROP NOT NULL,
  ALTER COLUMN currency DROP NOT NULL,
  ALTER COLUMN status DROP NOT NULL,
  ALTER COLUMN created_at DROP NOT NULL,
  ALTER COLUMN updated_at DROP NOT NULL;

ALTER TABLE orders
  ADD COLUMN raw jsonb NOT NULL DEFAULT '{}',
  ALTER COLUMN customer_name DROP NOT NULL,
  ALTER COLUMN customer_email DROP NOT NULL,
  ALTER COLUMN shipping_address DROP NOT NULL,
  ALTER COLUMN status DROP NOT NULL,
  ALTER COLUMN total_cents DROP NOT NULL,
  ALTER COLUMN currency DROP NOT NULL,
  ALTER COLUMN created_at DROP NOT NULL,
  ALTER COLUMN updated_at DROP NOT NULL;

ALTER TABLE order_items
  ADD COLUMN raw jsonb NOT NULL DEFAULT '{}',
  ALTER COLUMN painting_name DROP NOT NULL,
  ALTER COLUMN quantity DROP NOT NULL,
  ALTER COLUMN unit_price_cents DROP NOT NULL,
  ALTER COLUMN created_at DROP NOT NULL,
  ALTER COLUMN updated_at DROP NOT NULL;

ALTER TABLE users
  ADD COLUMN raw jsonb NOT NULL DEFAULT '{}',
  ALTER COLUMN email DROP NOT NULL,
  ALTER COLUMN name DROP NOT NULL,
  ALTER COLUMN role DROP NOT NULL,
  ALTER COLUMN created_at DROP NOT NULL,
  ALTER COLUMN updated_at DROP NOT NULL;

ALTER TABLE exhibitions
  ADD COLUMN raw jsonb NOT NULL DEFAULT '{}',
  ALTER COLUMN title DROP NOT NULL,
  ALTER COLUMN description DROP NOT NULL,
  ALTER COLUMN location DROP NOT NULL,
  ALTER COLUMN created_at DROP NOT NULL,
  ALTER COLUMN updated_at DROP NOT NULL;

ALTER TABLE custom_requests
  ADD COLUMN raw jsonb NOT NULL DEFAULT '{}',
  ALTER COLUMN client_name DROP NOT NULL,
  ALTER COLUMN client_email DROP NOT NULL,
  ALTER COLUMN description DROP NOT NULL,
  ALTER COLUMN status DROP NOT NULL,
  ALTER COLUMN created_at DROP NOT NULL,
  ALTER COLUMN updated_at DROP NOT NULL;

-- Why a run failed: the Template's fault (502/503/504 to the admin) or ours (500).
ALTER TABLE sync_runs
  ADD COLUMN failure text CHECK (failure IN ('template_auth', 'template_error', 'template_unreachable', 'template_timeout', 'internal'));
