import type { EventContract } from '../events.js';
import type { Operation } from '../operation.js';

// Contract of the storage service: filled in by its issue.
export const storageOperations: readonly Operation[] = [];
export const storageEvents: readonly EventContract[] = [];
