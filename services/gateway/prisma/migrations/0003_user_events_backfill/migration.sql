-- One evt.gateway.user.registered per account that existed before the gateway
-- published user events (docs/decisions/0975), so every service's user read
-- model holds them too. The kit's outbox migrations run before this one; the
-- migration runner applies it once, so the backfill happens once. The envelope
-- is the one the kit's outboxInsert builds: {id, subject, v, occurredAt, data}.
INSERT INTO outbox (id, subject, envelope)
SELECT e.id, 'evt.gateway.user.registered', jsonb_build_object(
  'id', e.id,
  'subject', 'evt.gateway.user.registered',
  'v', 1,
  'occurredAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'data', jsonb_build_object(
    'userId', u.id::text,
    'email', lower(u.email),
    'name', u.name,
    'clubId', u.club_id,
    'updatedAt', to_char(u.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
FROM users u
CROSS JOIN LATERAL (SELECT gen_random_uuid() AS id) e
ORDER BY u.created_at, u.id;
