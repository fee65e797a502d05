-- Posts several transfers in one transaction and one round trip (issue #18 §6,
-- docs/decisions/0965). Each record is what post_transfer() takes, and each is
-- posted by post_transfer() itself, so every check, refusal and stored
-- idempotency answer is the same as for a transfer posted alone. What the
-- batch saves is the per-transaction work: one commit (one WAL flush) and one
-- round trip instead of one per transfer. Returns a jsonb array of
-- post_transfer() results, in the order of p_records.
--
-- Locking. A transfer posted alone locks, in this order: its idempotency key
-- (an advisory lock), its users' accounts by id, then at most one system
-- account. A batch holds every lock until its commit, so it takes them in the
-- same order for all its transfers before posting any:
--   1. every idempotency key of the batch, in hash order;
--   2. every existing user account of the batch, by id;
--   3. then the transfers, those that touch no system account first and the
--      others ordered by that system account, so system accounts are locked in
--      one order by every batch.
-- Two batches, or a batch and a single transfer, therefore never wait on each
-- other in a cycle. The exception is a user account opened by the batch's own
-- transfer (first use): it is locked when created, after the others. A
-- deadlock there is detected by PostgreSQL, the whole batch rolls back, and
-- the caller posts it again (src/store/ledger.ts).
--
-- Refunds are refused here: they lock the refunded transfer before any
-- account, and are posted alone.
CREATE FUNCTION post_transfers(p_records jsonb) RETURNS jsonb
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  v_results jsonb[];
  v_item record;
BEGIN
  IF jsonb_typeof(p_records) IS DISTINCT FROM 'array' THEN
    RAISE EXCEPTION 'post_transfers: expects a json array of transfer records' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF EXISTS (SELECT 1 FROM jsonb_array_elements(p_records) AS e(r) WHERE jsonb_typeof(r -> 'reverses') = 'string') THEN
    RAISE EXCEPTION 'post_transfers: a refund is posted alone, with post_transfer()' USING ERRCODE = 'invalid_parameter_value';
  END IF;

  -- 1. The idempotency keys, as idempotency_claim() locks them (it locks each again; the lock is re-entrant).
  PERFORM pg_advisory_xact_lock(k.lock_key)
  FROM (
    SELECT DISTINCT hashtextextended(current_schema() || '/' || (r ->> 'idem_scope') || '/' || (r ->> 'idem_key'), 0) AS lock_key
    FROM jsonb_array_elements(p_records) AS e(r)
    WHERE jsonb_typeof(r -> 'idem_key') = 'string'
    ORDER BY 1
  ) AS k;

  -- 2. The users' accounts (ORDER BY runs below the row locks, so they are taken by id).
  PERFORM 1 FROM accounts a
  WHERE a.kind = 'user'
    AND (a.owner, a.currency) IN (
      SELECT r ->> 'from_owner', r ->> 'currency' FROM jsonb_array_elements(p_records) AS e(r) WHERE r ->> 'from_kind' = 'user'
      UNION
      SELECT r ->> 'to_owner', r ->> 'currency' FROM jsonb_array_elements(p_records) AS e(r) WHERE r ->> 'to_kind' = 'user')
  ORDER BY a.id
  FOR NO KEY UPDATE;

  -- 3. The transfers, by the system account each one locks last (null, i.e. none, first).
  v_results := array_fill(NULL::jsonb, ARRAY[jsonb_array_length(p_records)]);
  FOR v_item IN
    SELECT e.r AS record, e.n
    FROM jsonb_array_elements(p_records) WITH ORDINALITY AS e(r, n)
    ORDER BY CASE
               WHEN r ->> 'to_kind' <> 'user' THEN (r ->> 'to_kind') || '/' || (r ->> 'to_owner') || '/' || (r ->> 'currency')
               WHEN r ->> 'from_kind' <> 'user' THEN (r ->> 'from_kind') || '/' || (r ->> 'from_owner') || '/' || (r ->> 'currency')
             END NULLS FIRST,
             e.n
  LOOP
    v_results[v_item.n] := post_transfer(v_item.record);
  END LOOP;
  RETURN to_jsonb(v_results);
END $$;
