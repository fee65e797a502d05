-- Storage: ownership and state of the bucket's objects (see prisma/schema.prisma).
CREATE TABLE assets (
  id         uuid PRIMARY KEY,
  owner_id   uuid NOT NULL,
  kind       text NOT NULL CHECK (kind IN ('model', 'video', 'image', 'splat')),
  visibility text NOT NULL CHECK (visibility IN ('private', 'public')),
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX assets_owner_id_idx ON assets (owner_id);

CREATE TABLE objects (
  id           uuid PRIMARY KEY,
  key          text NOT NULL UNIQUE,
  owner_id     uuid NOT NULL,
  filename     text NOT NULL,
  content_type text NOT NULL,
  size         bigint NOT NULL CHECK (size > 0),
  status       text NOT NULL CHECK (status IN ('pending', 'confirmed')),
  visibility   text NOT NULL CHECK (visibility IN ('private', 'public')),
  asset_id     uuid REFERENCES assets (id) ON DELETE CASCADE,
  variant      text,
  upload_id    text,
  part_size    bigint,
  created_at   timestamptz(3) NOT NULL DEFAULT now(),
  confirmed_at timestamptz(3),
  -- One object per file of an asset.
  CONSTRAINT objects_asset_id_variant_key UNIQUE (asset_id, variant)
);
CREATE INDEX objects_owner_id_created_at_id_idx ON objects (owner_id, created_at DESC, id DESC);
-- The clean-up job scans unconfirmed objects by age.
CREATE INDEX objects_status_created_at_idx ON objects (status, created_at);
