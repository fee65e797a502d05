import type { EventContract } from '../events.js';
import type { Operation } from '../operation.js';

// Contract of the orders-snapshot service: filled in by its issue.
export const ordersSnapshotOperations: readonly Operation[] = [];
export const ordersSnapshotEvents: readonly EventContract[] = [];
