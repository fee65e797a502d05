import type { EventContract } from '../events.js';
import type { Operation } from '../operation.js';

// Contract of the bookings service: filled in by its issue.
export const bookingsOperations: readonly Operation[] = [];
export const bookingsEvents: readonly EventContract[] = [];
