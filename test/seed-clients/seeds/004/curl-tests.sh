# Copied verbatim from seed 004 (../shared/seeds/004_037d40a569d09191.txt), section "🧪 Tests".
# Each block is one of the seed's curl commands, marked with its line range.
# test/004-booking-flow.test.ts runs them with bash, replacing the seed's host and its past date at run time.

# seed 004 lines 256-265: create a reservation
curl -X POST https://api.live.wortis.cg/api/bookings/create-reservation \
  -H "Content-Type: application/json" \
  -d '{
    "date": "2024-02-15",
    "timeSlot": "14:00-15:00",
    "prestation": "coupe_homme",
    "variant": "courte",
    "email": "test@example.com",
    "service_name": "Coiffure"
  }'

# seed 004 line 271: occupied slots
curl "https://api.live.wortis.cg/api/bookings/occupied-slots?date=2024-02-15&service=Coiffure"

# seed 004 lines 277-282: cancel
curl -X POST https://api.live.wortis.cg/api/bookings/cancel \
  -H "Content-Type: application/json" \
  -d '{
    "booking_id": "65f8a2b3c4d5e6f7a8b9c0d3",
    "email": "test@example.com"
  }'

# seed 004 line 288: the user's bookings
curl "https://api.live.wortis.cg/api/bookings/user/test@example.com"
