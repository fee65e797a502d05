-- The order log: every order ever posted for an event, once (the snapshot
-- object is materialized from it). See docs/decisions/0201.

-- One row per event: allocates order sequence numbers. Posting orders locks
-- this row until its transaction commits, so within an event the committed
-- sequence numbers always form a prefix (a writer never skips an order that
-- commits late).
CREATE TABLE snapshot_events (
  event_id   text PRIMARY KEY,
  next_seq   bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Orders as posted. (event_id, order_id) is unique: a repost or a duplicate
-- within one body is not a new order.
CREATE TABLE snapshot_orders (
  event_id   text NOT NULL REFERENCES snapshot_events (event_id),
  order_id   text NOT NULL,
  seq        bigint NOT NULL,
  body       jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (event_id, order_id)
);
CREATE UNIQUE INDEX snapshot_orders_by_seq ON snapshot_orders (event_id, seq);

-- The last snapshot written to the bucket for each event. The writer holds
-- this row's lock while it writes the object: one writer per event, across
-- every instance.
CREATE TABLE snapshots (
  event_id    text PRIMARY KEY REFERENCES snapshot_events (event_id),
  version     integer NOT NULL DEFAULT 0,
  written_seq bigint NOT NULL DEFAULT 0,
  order_count integer NOT NULL DEFAULT 0,
  etag        text,
  written_at  timestamptz
);

-- Appends a request's orders in one statement, so the event's row lock is held
-- only inside the server (no client round trip while holding it). Each
-- statement of a VOLATILE plpgsql function sees a fresh snapshot: the final
-- SELECT sees rows committed by a transaction this one waited for.
-- Returns how many orders were new, and the highest sequence number among the
-- request's orders (the event's head for an empty list): the request is
-- answered once a written snapshot covers it.
CREATE FUNCTION append_orders(p_event_id text, p_orders jsonb, OUT new_orders integer, OUT target_seq bigint)
LANGUAGE plpgsql
SET search_path FROM CURRENT
AS $$
DECLARE
  n integer := jsonb_array_length(p_orders);
  base bigint;
BEGIN
  INSERT INTO snapshot_events AS e (event_id, next_seq) VALUES (p_event_id, n)
  ON CONFLICT (event_id) DO UPDATE SET next_seq = e.next_seq + EXCLUDED.next_seq
  RETURNING e.next_seq - n INTO base;

  INSERT INTO snapshot_orders (event_id, order_id, seq, body)
  SELECT p_event_id, o.value->>'order_id', base + o.ordinality, o.value
  FROM jsonb_array_elements(p_orders) WITH ORDINALITY AS o(value, ordinality)
  ON CONFLICT (event_id, order_id) DO NOTHING;
  GET DIAGNOSTICS new_orders = ROW_COUNT;

  SELECT coalesce(max(s.seq), 0) INTO target_seq
  FROM snapshot_orders s
  WHERE s.event_id = p_event_id
    AND (n = 0 OR s.order_id IN (SELECT o.value->>'order_id' FROM jsonb_array_elements(p_orders) AS o(value)));
END
$$;
