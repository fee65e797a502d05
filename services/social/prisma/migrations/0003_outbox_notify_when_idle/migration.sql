-- Same as the wallet (docs/decisions/0104), for the same reason: a message per
-- transaction. The kit's outbox trigger NOTIFYs on every insert. PostgreSQL serialises the
-- commits of all transactions that NOTIFY in a database (one lock held through
-- the WAL flush), which capped transfers at a fifth of their speed under load
-- (docs/decisions/0104). Wake the relay only when it may be asleep: when no
-- older event is still waiting. If older events wait, the relay is busy with
-- them and will find this one in its next batch; the relay's short poll
-- interval covers the rare case where it went to sleep just before.
CREATE FUNCTION outbox_notify_when_idle() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM outbox WHERE published_at IS NULL AND seq < NEW.seq) THEN
    PERFORM pg_notify('outbox_' || TG_TABLE_SCHEMA, '');
  END IF;
  RETURN NULL;
END $$;
ALTER FUNCTION outbox_notify_when_idle() SET search_path FROM CURRENT;

DROP TRIGGER outbox_inserted ON outbox;
CREATE TRIGGER outbox_inserted_when_idle AFTER INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION outbox_notify_when_idle();
