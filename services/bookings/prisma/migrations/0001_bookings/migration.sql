-- Bookings, as the seed's MongoDB document (seed 004). Dates stay 'YYYY-MM-DD'
-- text and slots 'HH:MM-HH:MM' text, exactly as the API and MongoDB carry them.
CREATE TABLE bookings (
  id                  char(24) PRIMARY KEY,
  date                text NOT NULL CHECK (date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  time_slot           text NOT NULL CHECK (time_slot ~ '^[0-9]{2}:[0-9]{2}-[0-9]{2}:[0-9]{2}$'),
  prestation          text NOT NULL,
  variant             text,
  email               text NOT NULL,
  notes               text,
  service_name        text NOT NULL,
  service_id          text,
  status              text NOT NULL CHECK (status IN ('confirmed', 'pending', 'cancelled')),
  -- A client's Idempotency-Key: a retried create returns the first booking instead of a 409.
  idempotency_key     text UNIQUE,
  request_fingerprint text,
  created_at          timestamptz(3) NOT NULL,
  updated_at          timestamptz(3) NOT NULL,
  cancelled_at        timestamptz(3)
);

-- The double-booking guard: at most one active (confirmed or pending) booking
-- per service, date and slot. The database refuses the second insert (23505),
-- so there is no check-then-insert race. Cancelled bookings leave the index,
-- which frees the slot for a new booking.
CREATE UNIQUE INDEX bookings_active_slot_key ON bookings (service_name, date, time_slot)
  WHERE status IN ('confirmed', 'pending');

-- The seed's indexes, plus one that serves "an email's bookings, newest first" page by page.
CREATE INDEX bookings_date_service_name_status_idx ON bookings (date, service_name, status);
CREATE INDEX bookings_email_created_at_id_idx ON bookings (email, created_at DESC, id DESC);
CREATE INDEX bookings_created_at_idx ON bookings (created_at DESC);
