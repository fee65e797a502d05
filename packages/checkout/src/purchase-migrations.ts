import { idempotencyMigration, loadMigrations, type Migration, outboxMigrations } from '@platform/service-kit';

/**
 * The `purchases` table, one per selling service's schema: the saga's state.
 * Append-only like every migration: a later change is a new entry in
 * `checkoutMigrations`, never an edit of this one.
 */
const purchasesTable: Migration = {
  name: '0000_checkout_purchases',
  sql: `
CREATE TABLE purchases (
  id                uuid PRIMARY KEY,
  -- Listing order (newest first) and pagination key: stable, unlike timestamps.
  seq               bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  user_id           uuid NOT NULL,
  merchant          text NOT NULL,
  status            text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'failed', 'refunding', 'refunded')),
  amount_minor      bigint NOT NULL CHECK (amount_minor > 0),
  currency          char(3) NOT NULL DEFAULT 'EUR',
  -- The wallet.debit idempotency key, <merchant>:order:<id>: every retry of the charge uses it.
  charge_key        text NOT NULL UNIQUE,
  category          text,
  transfer_id       uuid,
  refund_id         uuid,
  -- Why a purchase failed or was refunded: {code, message, details}, replayed to a retried request.
  failure           jsonb,
  recovery_attempts integer NOT NULL DEFAULT 0,
  next_recovery_at  timestamptz NOT NULL DEFAULT now(),
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  settled_at        timestamptz,
  CONSTRAINT purchases_confirmed_was_charged CHECK (status <> 'confirmed' OR transfer_id IS NOT NULL),
  CONSTRAINT purchases_refunded_has_refund CHECK (status <> 'refunded' OR (transfer_id IS NOT NULL AND refund_id IS NOT NULL)),
  CONSTRAINT purchases_unpaid_says_why CHECK (status NOT IN ('failed', 'refunding', 'refunded') OR failure IS NOT NULL)
);
-- What the recovery job scans: purchases that have not reached a final state.
CREATE INDEX purchases_unsettled ON purchases (next_recovery_at) WHERE status IN ('pending', 'refunding');
CREATE INDEX purchases_by_user ON purchases (user_id, seq DESC);

-- The state machine of docs/checkout.md, enforced by the database whatever the code does:
-- pending -> confirmed | failed | refunding; refunding -> refunded | failed; the other three are final.
CREATE FUNCTION purchases_transition_allowed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status AND NOT (
       (OLD.status = 'pending' AND NEW.status IN ('confirmed', 'failed', 'refunding'))
    OR (OLD.status = 'refunding' AND NEW.status IN ('refunded', 'failed'))) THEN
    RAISE EXCEPTION 'purchase % cannot go from % to %', OLD.id, OLD.status, NEW.status USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER purchases_final BEFORE UPDATE ON purchases FOR EACH ROW EXECUTE FUNCTION purchases_transition_allowed();
`,
};

/** The checkout package's own migrations, in order. List them after the kit's outbox and idempotency migrations. */
export const checkoutMigrations: readonly Migration[] = [purchasesTable];

/**
 * Every migration a selling service needs, in order: the kit's outbox and
 * idempotency tables, the purchases table, then the service's own SQL files
 * (prisma/migrations/NNNN_name/migration.sql).
 */
export function purchaseServiceMigrations(migrationsDir: string): Migration[] {
  return [...outboxMigrations, idempotencyMigration, ...checkoutMigrations, ...loadMigrations(migrationsDir)];
}
