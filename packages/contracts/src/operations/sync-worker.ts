import type { EventContract } from '../events.js';
import type { Operation } from '../operation.js';

// Contract of the sync-worker service: filled in by its issue.
export const syncWorkerOperations: readonly Operation[] = [];
export const syncWorkerEvents: readonly EventContract[] = [];
