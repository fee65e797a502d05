-- post_transfer() takes one named record instead of 21 positional values
-- (issue #21 §4, docs/decisions/0960). With positions, swapping two values of
-- the same type (merchant and reference, from_owner and to_owner) passed
-- silently; here every value travels under its name, an unknown or missing
-- name is refused, and each value is cast to its field's type.
--
-- The body of 0002 stays as it is, under the name post_transfer_fields(): the
-- new entry point checks the record and calls it. Existing rows, balances and
-- idempotency keys are untouched.

ALTER FUNCTION post_transfer(uuid, text, text, text, text, text, bigint, text, text, text, text, text, uuid, text, text, text, text, jsonb, uuid, text, jsonb)
  RENAME TO post_transfer_fields;

-- The fields of one transfer request, typed; the TypeScript side builds it
-- from a typed object (src/store/transfer-record.ts).
CREATE TYPE transfer_record AS (
  transfer_id    uuid,
  kind           text,
  from_kind      text,
  from_owner     text,
  to_kind        text,
  to_owner       text,
  amount_minor   bigint,
  currency       text,
  note           text,
  merchant       text,
  reference      text,
  category       text,
  reverses       uuid,
  reason         text,
  idem_scope     text,
  idem_key       text,
  request_hash   text,
  context        jsonb,
  event_id       uuid,
  event_subject  text,
  event_envelope jsonb
);

CREATE FUNCTION post_transfer(p_record jsonb) RETURNS jsonb
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  r transfer_record;
  v_unknown text;
  v_missing text;
BEGIN
  -- Every name must be a field, and every field must be named (null where it does not apply).
  SELECT string_agg(k, ', ' ORDER BY k) INTO v_unknown FROM jsonb_object_keys(p_record) AS k
  WHERE k NOT IN ('transfer_id', 'kind', 'from_kind', 'from_owner', 'to_kind', 'to_owner', 'amount_minor', 'currency', 'note',
                  'merchant', 'reference', 'category', 'reverses', 'reason', 'idem_scope', 'idem_key', 'request_hash',
                  'context', 'event_id', 'event_subject', 'event_envelope');
  IF v_unknown IS NOT NULL THEN
    RAISE EXCEPTION 'post_transfer: unknown field(s) %', v_unknown USING ERRCODE = 'invalid_parameter_value';
  END IF;
  SELECT string_agg(f, ', ' ORDER BY f) INTO v_missing
  FROM unnest(ARRAY['transfer_id', 'kind', 'from_kind', 'from_owner', 'to_kind', 'to_owner', 'amount_minor', 'currency',
                    'context', 'event_id', 'event_subject', 'event_envelope']) AS f
  WHERE jsonb_typeof(p_record -> f) IS NULL OR jsonb_typeof(p_record -> f) = 'null';
  IF v_missing IS NOT NULL THEN
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
