import type { EventContract } from '../events.js';
import type { Operation } from '../operation.js';

// Contract of the wallet service: filled in by its issue.
export const walletOperations: readonly Operation[] = [];
export const walletEvents: readonly EventContract[] = [];
