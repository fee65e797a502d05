-- Transfers lose their foreign keys, as entries never had them (0001,
-- docs/decisions/0101): only post_transfer() writes a transfer, in the
-- transaction that locks or opens its accounts, and neither accounts nor
-- transfers can be deleted (append-only triggers), so a reference cannot
-- break. Each foreign key cost a lookup per insert, and the one on the
-- merchant account took a KEY SHARE lock on the hottest row of a ticket drop
-- while other buyers held it FOR NO KEY UPDATE, which PostgreSQL records as a
-- multixact (issue #18 §3 and §6, docs/decisions/0962). ledger_audit() now
-- checks these references too: orphan_transfers.
ALTER TABLE transfers DROP CONSTRAINT transfers_from_account_id_fkey;
ALTER TABLE transfers DROP CONSTRAINT transfers_to_account_id_fkey;
ALTER TABLE transfers DROP CONSTRAINT transfers_reverses_transfer_id_fkey;

CREATE OR REPLACE FUNCTION ledger_audit() RETURNS jsonb
LANGUAGE sql STABLE SET search_path FROM CURRENT AS $$
  SELECT jsonb_build_object(
    -- Money is neither created nor lost: the funding account is minus everything deposited.
    'total_minor', (SELECT coalesce(sum(balance_minor), 0) FROM accounts),
    'negative_accounts', (SELECT count(*) FROM accounts WHERE kind <> 'funding' AND balance_minor < 0),
    -- Each balance is the sum of its account's history.
    'accounts_off_history', (
      SELECT count(*) FROM accounts a
      WHERE a.balance_minor <> (SELECT coalesce(sum(e.amount_minor), 0) FROM entries e WHERE e.account_id = a.id)
    ),
    -- The running balance of the newest entry is the balance.
    'running_balance_mismatches', (
      SELECT count(*) FROM accounts a
      JOIN LATERAL (SELECT balance_after_minor FROM entries e WHERE e.account_id = a.id ORDER BY e.id DESC LIMIT 1) last ON true
      WHERE last.balance_after_minor <> a.balance_minor
    ),
    -- Each transfer is exactly two entries that cancel out.
    'unbalanced_transfers', (
      SELECT count(*) FROM transfers t
      WHERE (SELECT count(*) FROM entries e WHERE e.transfer_id = t.id) <> 2
         OR (SELECT sum(e.amount_minor) FROM entries e WHERE e.transfer_id = t.id) <> 0
    ),
    -- Every entry belongs to a transfer and to accounts that exist (entries have no foreign keys).
    'orphan_entries', (
      SELECT count(*) FROM entries e
      WHERE NOT EXISTS (SELECT 1 FROM transfers t WHERE t.id = e.transfer_id)
         OR NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = e.account_id)
         OR NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = e.counterparty_account_id)
    ),
    -- Every transfer names accounts that exist, and a refund a transfer that exists (no foreign keys since 0005).
    'orphan_transfers', (
      SELECT count(*) FROM transfers t
      WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = t.from_account_id)
         OR NOT EXISTS (SELECT 1 FROM accounts a WHERE a.id = t.to_account_id)
         OR (t.reverses_transfer_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM transfers r WHERE r.id = t.reverses_transfer_id))
    ),
    'transfers', (SELECT count(*) FROM transfers),
    'accounts', (SELECT count(*) FROM accounts)
  );
$$;
