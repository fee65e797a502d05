-- The same checks of post_transfer(record) as 0004, made cheaper (issue #18 §6,
-- docs/decisions/0965). 0004 looked for unknown and missing names with two
-- queries per call (jsonb_object_keys and unnest, each a full executor run
-- inside PL/pgSQL): about a fifth of the PostgreSQL time of a transfer posted
-- in a batch (pg_stat_user_functions: 72 of ~390 µs). Here each check is one
-- expression: the record minus the known names is empty, and the record
-- without its nulls has every required name. The queries that name the
-- offending fields run only when a check fails, so the errors read as before.
CREATE OR REPLACE FUNCTION post_transfer(p_record jsonb) RETURNS jsonb
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  c_fields CONSTANT text[] := ARRAY['transfer_id', 'kind', 'from_kind', 'from_owner', 'to_kind', 'to_owner', 'amount_minor', 'currency', 'note',
                                     'merchant', 'reference', 'category', 'reverses', 'reason', 'idem_scope', 'idem_key', 'request_hash',
                                     'context', 'event_id', 'event_subject', 'event_envelope'];
  c_required CONSTANT text[] := ARRAY['transfer_id', 'kind', 'from_kind', 'from_owner', 'to_kind', 'to_owner', 'amount_minor', 'currency',
                                       'context', 'event_id', 'event_subject', 'event_envelope'];
  r transfer_record;
  v_unknown text;
  v_missing text;
BEGIN
  -- Every name must be a field, and every required field must be named and not null. Both checks are
  -- plain expressions (no query); the names are listed only when one fails.
  IF p_record - c_fields <> '{}'::jsonb THEN
    SELECT string_agg(k, ', ' ORDER BY k) INTO v_unknown FROM jsonb_object_keys(p_record - c_fields) AS k;
    RAISE EXCEPTION 'post_transfer: unknown field(s) %', v_unknown USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF NOT jsonb_strip_nulls(p_record) ?& c_required THEN
    SELECT string_agg(f, ', ' ORDER BY f) INTO v_missing FROM unnest(c_required) AS f
    WHERE jsonb_typeof(p_record -> f) IS NULL OR jsonb_typeof(p_record -> f) = 'null';
    RAISE EXCEPTION 'post_transfer: missing field(s) %', v_missing USING ERRCODE = 'invalid_parameter_value';
  END IF;
  -- A number where text belongs (or the reverse) is a swapped value, not something to coerce.
  IF jsonb_typeof(p_record -> 'amount_minor') <> 'number' THEN
    RAISE EXCEPTION 'post_transfer: amount_minor must be a number, got %', p_record -> 'amount_minor' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  IF p_record -> 'kind' NOT IN ('"send"', '"deposit"', '"debit"', '"refund"')
     OR p_record -> 'from_kind' NOT IN ('"user"', '"funding"', '"merchant"')
     OR p_record -> 'to_kind' NOT IN ('"user"', '"funding"', '"merchant"')
     OR jsonb_typeof(p_record -> 'currency') <> 'string' OR length(p_record ->> 'currency') <> 3 THEN
    RAISE EXCEPTION 'post_transfer: kind %, from_kind %, to_kind % or currency % is not one of its values',
      p_record -> 'kind', p_record -> 'from_kind', p_record -> 'to_kind', p_record -> 'currency' USING ERRCODE = 'invalid_parameter_value';
  END IF;
  -- Casts each value to its field's type: a uuid field given anything else fails here.
  r := jsonb_populate_record(NULL::transfer_record, p_record);
  -- Each kind moves money between given kinds of accounts, and a merchant is always the merchant side:
  -- swapped sides, or a merchant swapped with another text field, stop here.
  IF NOT coalesce((CASE r.kind
    WHEN 'send' THEN r.from_kind = 'user' AND r.to_kind = 'user' AND r.merchant IS NULL
    WHEN 'deposit' THEN r.from_kind = 'funding' AND r.to_kind = 'user' AND r.merchant IS NULL
    WHEN 'debit' THEN r.from_kind = 'user' AND r.to_kind = 'merchant' AND r.merchant IS NOT DISTINCT FROM r.to_owner
    WHEN 'refund' THEN r.from_kind = 'merchant' AND r.to_kind = 'user' AND r.merchant IS NOT DISTINCT FROM r.from_owner
  END), false) THEN
    RAISE EXCEPTION 'post_transfer: a % cannot go from % % to % % for merchant %', r.kind, r.from_kind, r.from_owner, r.to_kind, r.to_owner, r.merchant
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  RETURN post_transfer_fields(r.transfer_id, r.kind, r.from_kind, r.from_owner, r.to_kind, r.to_owner, r.amount_minor, r.currency,
                              r.note, r.merchant, r.reference, r.category, r.reverses, r.reason, r.idem_scope, r.idem_key,
                              r.request_hash, r.context, r.event_id, r.event_subject, r.event_envelope);
END $$;
