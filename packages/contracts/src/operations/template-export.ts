import type { EventContract } from '../events.js';
import type { Operation } from '../operation.js';

// Contract of the template-export service: filled in by its issue.
export const templateExportOperations: readonly Operation[] = [];
export const templateExportEvents: readonly EventContract[] = [];
