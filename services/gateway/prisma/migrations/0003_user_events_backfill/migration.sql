-- One evt.gateway.user.registered per account that existed before the gateway
-- published user events (docs/decisions/0975), so every service's user read
-- model holds them too. The kit's outbox migrations run before this one; the
-- migration runner applies it once, so the backfill happens once. The envelope
-- is the one the kit's outboxInsert builds: {id, subject, v, occurredAt, data}.
-- The event id is drawn per account in the subquery (a lateral call to
-- gen_random_uuid() would be evaluated once for all rows).
INSERT INTO outbox (id, subject, envelope)
SELECT a.event_id, 'evt.gateway.user.registered', jsonb_build_object(
  'id', a.event_id,
  'subject', 'evt.gateway.user.registered',
  'v', 1,
  'occurredAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'data', jsonb_build_object(
    'userId', a.id::text,
    'email', lower(a.email),
    'name', a.name,
    'clubId', a.club_id,
    'updatedAt', to_char(a.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
FROM (SELECT gen_random_uuid() AS event_id, u.* FROM users u) a
ORDER BY a.created_at, a.id;
