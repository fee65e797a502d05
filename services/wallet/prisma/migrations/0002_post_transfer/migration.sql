-- Posts one transfer in one round trip (docs/decisions/0101): claim the
-- idempotency key, lock the accounts, check the balance, move the money,
-- append the transfer, its two entries and its event to the outbox.
-- Returns jsonb:
--   {"status":"completed","transferId","createdAt","amountMinor","fromBalanceMinor","toBalanceMinor","context"}
--   {"status":"insufficient_funds","balanceMinor","context"}
--   {"status":"already_reversed","transferId"}            (a refund of an already refunded debit)
--   {"status":"replay","response":<one of the above>}      (the idempotency key was used before)
--   {"status":"mismatch"}                                  (same key, different request)
-- The completed and refused results are stored with the key, so a replay gets
-- the first answer. `context` is the caller's own data stored alongside.
--
-- Locking (no deadlocks, short hold on shared rows). Accounts are ordered users
-- first, then system accounts, each by id; every transfer takes its locks in
-- that order:
--   1. at the start, the accounts whose balance is checked or that belong to a
--      user, in that order (SELECT ... ORDER BY ... FOR NO KEY UPDATE);
--   2. at the very end, the other one: a system account that is only credited
--      (a merchant receiving a payment) or never checked (funding, the source of
--      deposits). Every payment to a merchant touches that merchant's one row, so
--      it is locked only for the last statements and the commit.
-- The balance is read under the lock: no read-check-write race.
--
-- Timestamps come from the database clock, read once the checked accounts are
-- locked, so an account's history is in time order as well as in entry order;
-- the event's occurredAt is set to the same instant. A balance in the result is
-- null for an account updated last (callers only need users' balances).
CREATE FUNCTION post_transfer(
  p_transfer_id uuid,
  p_kind text,
  p_from_kind text,
  p_from_owner text,
  p_to_kind text,
  p_to_owner text,
  p_amount_minor bigint,
  p_currency text,
  p_note text,
  p_merchant text,
  p_reference text,
  p_category text,
  p_reverses uuid,
  p_reason text,
  p_idem_scope text,
  p_idem_key text,
  p_request_hash text,
  p_context jsonb,
  p_event_id uuid,
  p_event_subject text,
  p_event_envelope jsonb
) RETURNS jsonb
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  -- Which side, if any, is the system account updated last.
  v_to_last boolean := p_to_kind <> 'user';
  v_from_last boolean := p_to_kind = 'user' AND p_from_kind = 'funding';
  v_claim jsonb;
  v_account accounts%ROWTYPE;
  v_from accounts%ROWTYPE;
  v_to accounts%ROWTYPE;
  v_last_id bigint;
  v_last_balance bigint;
  v_existing uuid;
  v_result jsonb;
  v_attempt int := 0;
  v_at timestamptz;
  v_at_text text;
BEGIN
  IF p_amount_minor <= 0 THEN
    RAISE EXCEPTION 'amount must be positive, got %', p_amount_minor USING ERRCODE = 'check_violation';
  END IF;

  IF p_idem_key IS NOT NULL THEN
    v_claim := idempotency_claim(p_idem_scope, p_idem_key, p_request_hash);
    IF v_claim IS NOT NULL THEN
      RETURN v_claim;
    END IF;
  END IF;

  IF p_reverses IS NOT NULL THEN
    -- Serialises refunds of one debit: the second waits here, then finds the first.
    PERFORM 1 FROM transfers WHERE id = p_reverses FOR UPDATE;
    SELECT id INTO v_existing FROM transfers WHERE reverses_transfer_id = p_reverses;
    IF FOUND THEN
      v_result := jsonb_build_object('status', 'already_reversed', 'transferId', v_existing);
      IF p_idem_key IS NOT NULL THEN
        PERFORM idempotency_complete(p_idem_scope, p_idem_key, p_request_hash, v_result);
      END IF;
      RETURN v_result;
    END IF;
  END IF;

  -- Phase 1: lock the checked and the users' accounts (ORDER BY runs below the
  -- row locks, so they are taken in that order). Accounts open on first use.
  LOOP
    v_from := NULL;
    v_to := NULL;
    FOR v_account IN
      SELECT * FROM accounts
      WHERE currency = p_currency
        AND ((kind = p_from_kind AND owner = p_from_owner AND NOT v_from_last) OR (kind = p_to_kind AND owner = p_to_owner AND NOT v_to_last))
      ORDER BY kind <> 'user', id
      FOR NO KEY UPDATE
    LOOP
      IF v_account.kind = p_from_kind AND v_account.owner = p_from_owner THEN
        v_from := v_account;
      ELSE
        v_to := v_account;
      END IF;
    END LOOP;
    EXIT WHEN (v_from_last OR v_from.id IS NOT NULL) AND (v_to_last OR v_to.id IS NOT NULL);
    v_attempt := v_attempt + 1;
    IF v_attempt > 1 THEN
      RAISE EXCEPTION 'accounts %/% and %/% could not be opened', p_from_kind, p_from_owner, p_to_kind, p_to_owner;
    END IF;
    INSERT INTO accounts (kind, owner, currency)
    SELECT v.kind, v.owner, p_currency FROM (VALUES (p_from_kind, p_from_owner, v_from_last), (p_to_kind, p_to_owner, v_to_last)) AS v(kind, owner, last)
    WHERE NOT v.last
    ON CONFLICT ON CONSTRAINT accounts_owner_unique DO NOTHING;
  END LOOP;

  IF NOT v_from_last AND v_from.kind <> 'funding' AND v_from.balance_minor < p_amount_minor THEN
    v_result := jsonb_build_object('status', 'insufficient_funds', 'balanceMinor', v_from.balance_minor, 'context', p_context);
    IF p_idem_key IS NOT NULL THEN
      PERFORM idempotency_complete(p_idem_scope, p_idem_key, p_request_hash, v_result);
    END IF;
    RETURN v_result;
  END IF;

  -- The id of the account updated last, without locking it yet (ids never change).
  IF v_from_last OR v_to_last THEN
    LOOP
      SELECT id INTO v_last_id FROM accounts
      WHERE currency = p_currency AND kind = CASE WHEN v_to_last THEN p_to_kind ELSE p_from_kind END
        AND owner = CASE WHEN v_to_last THEN p_to_owner ELSE p_from_owner END;
      EXIT WHEN FOUND;
      INSERT INTO accounts (kind, owner, currency)
      VALUES (CASE WHEN v_to_last THEN p_to_kind ELSE p_from_kind END, CASE WHEN v_to_last THEN p_to_owner ELSE p_from_owner END, p_currency)
      ON CONFLICT ON CONSTRAINT accounts_owner_unique DO NOTHING;
    END LOOP;
  END IF;

  -- Milliseconds, as stored (timestamptz(3)) and as JavaScript prints them.
  v_at := date_trunc('milliseconds', clock_timestamp());
  v_at_text := to_char(v_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');

  -- The phase-1 accounts, in one statement (a NULL id matches nothing).
  UPDATE accounts
  SET balance_minor = balance_minor + CASE WHEN id = v_from.id THEN -p_amount_minor ELSE p_amount_minor END, updated_at = v_at
  WHERE id = ANY (ARRAY[v_from.id, v_to.id]);

  INSERT INTO transfers (id, kind, amount_minor, currency, from_account_id, to_account_id, note, merchant, reference, category,
                         idempotency_key, reverses_transfer_id, reason, created_at)
  VALUES (p_transfer_id, p_kind, p_amount_minor, p_currency,
          CASE WHEN v_from_last THEN v_last_id ELSE v_from.id END, CASE WHEN v_to_last THEN v_last_id ELSE v_to.id END,
          p_note, p_merchant, p_reference, p_category, p_idem_key, p_reverses, p_reason, v_at);

  -- The phase-1 accounts' entries, in one statement.
  INSERT INTO entries (transfer_id, account_id, counterparty_account_id, type, amount_minor, balance_after_minor, created_at)
  SELECT p_transfer_id, side.account_id, side.counterparty_id, side.type, side.amount_minor, side.balance_after_minor, v_at
  FROM (VALUES
    (v_from.id, coalesce(v_to.id, v_last_id), CASE p_kind WHEN 'debit' THEN 'payment' ELSE p_kind END,
     -p_amount_minor, v_from.balance_minor - p_amount_minor),
    (v_to.id, coalesce(v_from.id, v_last_id), CASE p_kind WHEN 'send' THEN 'receive' WHEN 'debit' THEN 'payment' ELSE p_kind END,
     p_amount_minor, v_to.balance_minor + p_amount_minor)
  ) AS side(account_id, counterparty_id, type, amount_minor, balance_after_minor)
  WHERE side.account_id IS NOT NULL;

  INSERT INTO outbox (id, subject, envelope)
  VALUES (p_event_id, p_event_subject,
          jsonb_set(jsonb_set(p_event_envelope, '{occurredAt}', to_jsonb(v_at_text)), '{data,occurredAt}', to_jsonb(v_at_text)));

  v_result := jsonb_build_object(
    'status', 'completed',
    'transferId', p_transfer_id,
    'createdAt', v_at_text,
    'amountMinor', p_amount_minor,
    'fromBalanceMinor', CASE WHEN v_from_last THEN NULL ELSE v_from.balance_minor - p_amount_minor END,
    'toBalanceMinor', CASE WHEN v_to_last THEN NULL ELSE v_to.balance_minor + p_amount_minor END,
    'context', p_context
  );
  IF p_idem_key IS NOT NULL THEN
    PERFORM idempotency_complete(p_idem_scope, p_idem_key, p_request_hash, v_result);
  END IF;

  -- Phase 2: the shared system account, last.
  IF v_from_last OR v_to_last THEN
    UPDATE accounts
    SET balance_minor = balance_minor + CASE WHEN v_to_last THEN p_amount_minor ELSE -p_amount_minor END, updated_at = v_at
    WHERE id = v_last_id
    RETURNING balance_minor INTO v_last_balance;
    INSERT INTO entries (transfer_id, account_id, counterparty_account_id, type, amount_minor, balance_after_minor, created_at)
    VALUES (p_transfer_id, v_last_id, CASE WHEN v_to_last THEN v_from.id ELSE v_to.id END,
            CASE p_kind WHEN 'send' THEN 'receive' WHEN 'debit' THEN 'payment' ELSE p_kind END,
            CASE WHEN v_to_last THEN p_amount_minor ELSE -p_amount_minor END, v_last_balance, v_at);
  END IF;
  RETURN v_result;
END $$;
