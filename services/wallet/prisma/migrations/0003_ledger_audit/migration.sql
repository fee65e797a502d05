-- The ledger's invariants as one query, for tests, the benchmark and operators:
-- every count is 0 and total_minor is 0 on a healthy ledger.
CREATE FUNCTION ledger_audit() RETURNS jsonb
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
    'transfers', (SELECT count(*) FROM transfers),
    'accounts', (SELECT count(*) FROM accounts)
  );
$$;
