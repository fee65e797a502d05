-- The wallet's double-entry ledger. Money is integer minor units (cents).
-- Every movement is one transfer with exactly two entries that sum to zero, so
-- the sum of all account balances never changes (the funding account goes
-- negative by what has been deposited).

CREATE TABLE accounts (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- user: a user's wallet; funding: where deposits come from; merchant: one per selling service
  kind          text NOT NULL CHECK (kind IN ('user', 'funding', 'merchant')),
  -- user id, merchant name, or 'funding'
  owner         text NOT NULL,
  currency      char(3) NOT NULL,
  balance_minor bigint NOT NULL DEFAULT 0,
  created_at    timestamptz(3) NOT NULL DEFAULT now(),
  updated_at    timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT accounts_owner_unique UNIQUE (kind, owner, currency),
  -- The last line of defence: only the funding source may be negative.
  CONSTRAINT accounts_no_overdraft CHECK (kind = 'funding' OR balance_minor >= 0)
);

CREATE TABLE transfers (
  id                   uuid PRIMARY KEY,
  kind                 text NOT NULL CHECK (kind IN ('send', 'deposit', 'debit', 'refund')),
  amount_minor         bigint NOT NULL CHECK (amount_minor > 0),
  currency             char(3) NOT NULL,
  from_account_id      bigint NOT NULL REFERENCES accounts (id),
  to_account_id        bigint NOT NULL REFERENCES accounts (id),
  note                 text,
  merchant             text,
  reference            text,
  category             text,
  -- The idempotency key the transfer was made with: refunds find a debit by it
  -- long after the key itself has expired from idempotency_keys.
  idempotency_key      text,
  -- A refund points at the debit it reverses; a debit is reversed at most once.
  reverses_transfer_id uuid REFERENCES transfers (id),
  reason               text,
  created_at           timestamptz(3) NOT NULL,
  CONSTRAINT transfers_distinct_accounts CHECK (from_account_id <> to_account_id)
);
CREATE UNIQUE INDEX transfers_reversed_once ON transfers (reverses_transfer_id) WHERE reverses_transfer_id IS NOT NULL;
CREATE INDEX transfers_debit_by_key ON transfers (merchant, idempotency_key) WHERE kind = 'debit';

-- No foreign keys here, on purpose: entries are written only by post_transfer(),
-- in the transaction that inserts their transfer and locks their accounts, and
-- the checks cost a sixth of that function (docs/decisions/0101). Transfers
-- cannot be deleted and accounts cannot be deleted (triggers below), so the
-- references cannot break; ledger_audit() checks them anyway.
CREATE TABLE entries (
  id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transfer_id             uuid NOT NULL,
  account_id              bigint NOT NULL,
  counterparty_account_id bigint NOT NULL,
  -- The owner's view: deposit, send, receive, payment, refund
  type                    text NOT NULL,
  -- Signed: positive credits the account, negative debits it.
  amount_minor            bigint NOT NULL CHECK (amount_minor <> 0),
  -- Running balance of the account right after this entry.
  balance_after_minor     bigint NOT NULL,
  created_at              timestamptz(3) NOT NULL,
  CONSTRAINT entries_one_per_side UNIQUE (transfer_id, account_id)
);
-- An account's history, newest first, is a backwards scan of this index.
CREATE INDEX entries_account_history ON entries (account_id, id DESC);

-- Transfers and entries are facts: a correction is a new, reversing transfer.
CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are never changed or removed (append-only): post a reversing transfer instead', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER transfers_append_only BEFORE UPDATE OR DELETE ON transfers FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER transfers_no_truncate BEFORE TRUNCATE ON transfers FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON entries FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON entries FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
-- Balances change; accounts themselves are never removed.
CREATE TRIGGER accounts_never_deleted BEFORE DELETE ON accounts FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER accounts_no_truncate BEFORE TRUNCATE ON accounts FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

INSERT INTO accounts (kind, owner, currency) VALUES ('funding', 'funding', 'EUR');
