import { DomainError } from '@platform/contracts';

/** Refusals shared by both stores and the operations, so every path words them the same way. */

export const slotTaken = () => new DomainError('CONFLICT', 'timeSlot: Créneau déjà réservé pour ce service à cette date', { field: 'timeSlot' });

export const idempotencyKeyReused = () =>
  new DomainError('IDEMPOTENCY_KEY_REUSED', 'Idempotency-Key: already used for a different reservation; use a new key for a new request', {
    field: 'Idempotency-Key',
  });

export const bookingNotFound = () => new DomainError('NOT_FOUND', 'Réservation non trouvée', { field: 'booking_id' });

export const emailMismatch = () => new DomainError('FORBIDDEN', "email: does not match the booking's email", { field: 'email' });

export const alreadyCancelled = () => new DomainError('BAD_REQUEST', 'Réservation déjà annulée', { field: 'booking_id' });

export const emailRequired = () =>
  new DomainError('VALIDATION_FAILED', 'email: is required (or sign in: the email then comes from the access token)', { field: 'email' });
