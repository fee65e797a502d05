-- Two buckets (docs/decisions/0920). Uploads land in the private bucket under
-- a staging key (pending/<object_id>/<file>) and are copied to their final key
-- in the public or the private bucket when registered, so an upload URL can
-- never change a registered object.
--   bucket:              where a confirmed object's bytes live. Rows from before
--                        this migration lived in the one bucket, now the public one.
--   staged:              the upload goes to the staging key (false: rows from
--                        before, whose bytes are at `key` in `bucket`).
--   content_type_signed: the upload URL signed the content type (false: inferred
--                        from the filename, checked at registration).
--   size:                null until registration when the client declared none.
ALTER TABLE objects ADD COLUMN bucket text NOT NULL DEFAULT 'public';
ALTER TABLE objects ADD COLUMN staged boolean NOT NULL DEFAULT false;
ALTER TABLE objects ADD COLUMN content_type_signed boolean NOT NULL DEFAULT true;
ALTER TABLE objects ALTER COLUMN size DROP NOT NULL;
